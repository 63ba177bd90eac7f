"""The page shell: skip link, header with navigation and the signed-in user, main content.

Under 640 px wide (a phone) the header is one row: the logo, the colour scheme and a menu button
that holds the navigation and the account."""

import reflex as rx
from reflex.style import set_color_mode
from reflex_components_core.el.elements.inline import A

from valvid_ui import routes
from valvid_ui.components.uploader import upload_tray
from valvid_ui.state.session import SessionState

PHONE = "@media (max-width: 639px)"
WIDE = "@media (min-width: 640px)"
HIDDEN_ON_PHONE = {PHONE: {"display": "none !important"}}
ONLY_ON_PHONE = {WIDE: {"display": "none !important"}}
# a long title breaks its long words and, on a phone, shows three lines at most
LONG_TITLE = {
    "overflowWrap": "anywhere",
    PHONE: {"display": "-webkit-box", "WebkitLineClamp": "3", "WebkitBoxOrient": "vertical",
            "overflow": "hidden"},
}  # fmt: skip
SKIP_LINK = {
    "position": "absolute",
    "left": "-10000px",
    "top": "8px",
    "zIndex": "100",
    "padding": "8px 14px",
    "borderRadius": "8px",
    "background": rx.color("iris", 9),
    "color": "white",
    "&:focus": {"left": "8px"},
}


def user_menu() -> rx.Component:
    return rx.cond(
        SessionState.username != "",
        rx.menu.root(
            rx.menu.trigger(
                rx.button(rx.icon("circle-user", size=18), SessionState.username,
                          variant="soft", aria_label="Account menu"),
            ),
            rx.menu.content(
                rx.menu.item("My studio", on_click=rx.redirect(routes.STUDIO)),
                rx.menu.item("Account", on_click=rx.redirect(routes.ACCOUNT)),
                rx.cond(SessionState.is_admin,
                        rx.menu.item("Admin", on_click=rx.redirect(routes.ADMIN))),
                rx.menu.separator(),
                rx.menu.item("Log out", on_click=SessionState.log_out),
                rx.menu.item("Log out everywhere", color="red",
                             on_click=SessionState.log_out_everywhere),
            ),
        ),
        rx.hstack(
            link_button("Log in", routes.LOGIN, variant="soft"),
            link_button("Sign up", routes.SIGNUP),
            spacing="2",
        ),
    )  # fmt: skip


def colour_scheme_menu() -> rx.Component:
    """Light, dark, or as the system says (the default)."""
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(rx.color_mode_cond(rx.icon("sun", size=18), rx.icon("moon", size=18)),
                           variant="ghost", color_scheme="gray", aria_label="Colour scheme"),
        ),
        rx.menu.content(
            rx.menu.item("Light", on_click=set_color_mode("light")),
            rx.menu.item("Dark", on_click=set_color_mode("dark")),
            rx.menu.item("As the system", on_click=set_color_mode("system")),
        ),
    )  # fmt: skip


def compact_menu() -> rx.Component:
    """The phone header's menu: navigation and account in one button."""
    signed_in = SessionState.username != ""
    return rx.menu.root(
        rx.menu.trigger(
            rx.icon_button(rx.icon("menu", size=20), variant="soft", aria_label="Menu"),
        ),
        rx.menu.content(
            rx.menu.item("Browse", on_click=rx.redirect(routes.BROWSE)),
            rx.menu.item("Studio", on_click=rx.redirect(routes.STUDIO)),
            rx.menu.separator(),
            rx.cond(signed_in, rx.menu.item("Log out", on_click=SessionState.log_out),
                    rx.menu.item("Log in", on_click=rx.redirect(routes.LOGIN))),
            rx.cond(signed_in,
                    rx.menu.item("Log out everywhere", color="red",
                                 on_click=SessionState.log_out_everywhere),
                    rx.menu.item("Sign up", on_click=rx.redirect(routes.SIGNUP))),
        ),
    )  # fmt: skip


def header() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("clapperboard", size=26, color=rx.color("iris", 9)),
                    rx.text("Valvid", size="6", weight="bold"),
                    align="center",
                    spacing="2",
                ),
                href=routes.BROWSE,
                underline="none",
                color="inherit",
            ),
            rx.spacer(),
            upload_tray(),  # uploads in flight go on while the creator moves around the app
            rx.el.nav(
                rx.hstack(
                    rx.link("Browse", href=routes.BROWSE, weight="medium"),
                    rx.link("Studio", href=routes.STUDIO, weight="medium"),
                    user_menu(),
                    align="center",
                    spacing="5",
                    style=HIDDEN_ON_PHONE,
                ),
                rx.box(compact_menu(), style=ONLY_ON_PHONE),
                aria_label="Main",
            ),
            colour_scheme_menu(),
            # renew the session token every minute while the tab is open
            rx.moment(interval=60_000, on_change=SessionState.keep_fresh, display="none"),
            align="center",
            spacing="5",
            width="100%",
            max_width="1200px",
            margin="0 auto",
        ),
        style={
            "padding": "0.9em 1.25em",
            "borderBottom": f"1px solid {rx.color('gray', 4)}",
            "background": rx.color("gray", 1),
            "position": "sticky",
            "top": "0",
            "zIndex": "10",
            PHONE: {"padding": "0.6em 1em"},
        },
    )


def page(*children: rx.Component) -> rx.Component:
    return rx.box(
        A.create("Skip to content", href="#main", style=SKIP_LINK),  # <a>, not a router link
        header(),
        rx.el.main(
            rx.box(
                *children,
                width="100%",
                max_width="1200px",
                margin="0 auto",
                padding=["1em", "1.25em", "2em"],
            ),
            id="main",
            tab_index=-1,
            style={"outline": "none"},
        ),
        rx.script(src="/valvid_page.js"),
        min_height="100vh",
        background=rx.color("gray", 2),
    )


def not_found(
    message: str = "This video does not exist or is not public.", title: str = "Video not found"
) -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("film", size=48, color=rx.color("gray", 8)),
            rx.heading(title, size="7"),
            rx.text(message, color_scheme="gray"),
            link_button("Back to browse", routes.BROWSE, variant="soft"),
            align="center",
            spacing="3",
        ),
        min_height="50vh",
    )


def field_error(message: rx.Var[str] | str) -> rx.Component:
    return rx.cond(message != "", rx.text(message, color="red", size="2", role="alert"))


def link_button(text: str, href, **props) -> rx.Component:  # type: ignore[no-untyped-def]
    """A link that looks like a button (one element: an <a>, not a button inside a link)."""
    return rx.button(rx.link(text, href=href, underline="none"), as_child=True, **props)
