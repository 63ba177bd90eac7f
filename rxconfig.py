import reflex as rx

from backend.config import Settings

config = rx.Config(
    app_name="valvid_ui",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="iris"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
    # client_ip of the pages (the login throttle) comes from X-Forwarded-For behind proxies
    trusted_proxy_hops=Settings().trusted_proxy_hops,
)
