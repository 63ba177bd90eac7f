import reflex as rx

config = rx.Config(
    app_name="valvid_ui",
    telemetry_enabled=False,
    show_built_with_reflex=False,
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="iris"))],
    disable_plugins=[rx.plugins.SitemapPlugin],
)
