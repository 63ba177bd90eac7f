"""The page shell: header with navigation and the signed-in user, content, toasts."""

import reflex as rx

from valvid_ui import routes
from valvid_ui.state.session import SessionState


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


def header() -> rx.Component:
    return rx.box(
        rx.hstack(
            rx.link(
                rx.hstack(
                    rx.icon("clapperboard", size=26, color=rx.color("iris", 9)),
                    rx.heading("Valvid", size="6", weight="bold"),
                    align="center",
                    spacing="2",
                ),
                href=routes.BROWSE,
                underline="none",
                color="inherit",
            ),
            rx.spacer(),
            rx.link("Browse", href=routes.BROWSE, weight="medium"),
            rx.link("Studio", href=routes.STUDIO, weight="medium"),
            user_menu(),
            # renew the session token every minute while the tab is open
            rx.moment(interval=60_000, on_change=SessionState.keep_fresh, display="none"),
            align="center",
            spacing="5",
            wrap="wrap",
            width="100%",
            max_width="1200px",
            margin="0 auto",
        ),
        padding_x="1.25em",
        padding_y="0.9em",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        background=rx.color("gray", 1),
        position="sticky",
        top="0",
        z_index="10",
    )


def page(*children: rx.Component) -> rx.Component:
    return rx.box(
        header(),
        rx.box(
            *children,
            width="100%",
            max_width="1200px",
            margin="0 auto",
            padding=["1em", "1.25em", "2em"],
        ),
        rx.script(src="/valvid_upload.js"),
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
