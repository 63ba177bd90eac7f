import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import routes
from valvid_ui.components.forms import card_form, labeled
from valvid_ui.components.layout import field_error, page
from valvid_ui.services import services
from valvid_ui.state.session import SessionState


class LoginState(SessionState):
    error: str = ""

    @rx.event
    def clear(self):
        self.error = ""

    @rx.event
    def log_in(self, form: dict):
        client = self.router.session.client_ip or "unknown"
        try:
            session = services().auth.log_in(
                email=form.get("email", ""), password=form.get("password", ""), client=client
            )
        except DomainError as e:
            self.error = e.message
            return None
        self.error = ""
        self._start(session.token.token, session.user.username)
        target = self.router.url.query_parameters.get("next", routes.STUDIO)
        return rx.redirect(routes.on_this_site(target, routes.STUDIO))


def login() -> rx.Component:
    return page(
        card_form(
            "Log in",
            "Welcome back. Your videos are waiting.",
            labeled("Email", "email", type="email", placeholder="you@example.com", required=True),
            labeled("Password", "password", type="password", required=True),
            field_error(LoginState.error),
            rx.button("Log in", type="submit", size="3", width="100%"),
            rx.text(
                "New here? ",
                rx.link("Create an account", href=routes.SIGNUP, underline="always"),
                " · ",
                rx.link("Confirm your email", href=routes.CONFIRM, underline="always"),
                size="2",
            ),
            on_submit=LoginState.log_in,
        )
    )


def register(app: rx.App) -> None:
    app.add_page(login, route=routes.LOGIN, title="Log in · Valvid",
                 on_load=[SessionState.load_session, LoginState.clear])  # fmt: skip
