import reflex as rx

from backend.domain.errors import DomainError
from backend.services.auth import Session
from valvid_ui import routes
from valvid_ui.components.forms import card_form, labeled, submit_button, submitting
from valvid_ui.components.layout import field_error, page
from valvid_ui.services import services
from valvid_ui.state.form import SendingForm
from valvid_ui.state.session import SessionState


class LoginState(SendingForm, SessionState):
    error: str = ""
    email_error: str = ""
    password_error: str = ""
    email: str = ""  # pre-filled from ?email= (after confirming or resetting a password)

    @rx.event
    def load(self):
        self.error = self.email_error = self.password_error = ""
        self.busy = False
        self.email = self.router.url.query_parameters.get("email", "")

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def log_in(self, form: dict):
        self.busy = True
        yield
        try:
            session = self._check(form)
        finally:
            self._answered()
        if session is None:
            return
        self._start(session.token.token, session.user.username)
        target = self.router.url.query_parameters.get("next", routes.STUDIO)
        yield rx.redirect(routes.on_this_site(target, routes.STUDIO))

    def _check(self, form: dict) -> Session | None:
        """The session for the form's email and password, or None with the errors shown."""
        self.email = form.get("email", self.email).strip()
        self.email_error = "" if self.email else "Enter your email address."
        self.password_error = "" if form.get("password") else "Enter your password."
        self.error = ""
        if self.email_error or self.password_error:
            return None
        client = self.router.session.client_ip or "unknown"
        try:
            return services().auth.log_in(
                email=self.email, password=form.get("password", ""), client=client
            )
        except DomainError as e:
            self.error = e.message
            return None


def login() -> rx.Component:
    return page(
        card_form(
            "Log in",
            "Welcome back. Your videos are waiting.",
            labeled("Email", "email", type="email", placeholder="you@example.com",
                    value=LoginState.email, on_change=LoginState.set_email,
                    error=LoginState.email_error, auto_complete="email"),
            labeled("Password", "password", type="password", auto_complete="current-password",
                    error=LoginState.password_error),
            field_error(LoginState.error),
            submit_button("Log in", LoginState),
            rx.text(rx.link("Forgot your password?", href=routes.FORGOT), size="2"),
            rx.text(
                "New here? ",
                rx.link("Create an account", href=routes.SIGNUP, underline="always"),
                " · ",
                rx.link("Confirm your email", href=routes.CONFIRM, underline="always"),
                size="2",
            ),
            on_submit=submitting(LoginState.log_in),
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(login, route=routes.LOGIN, title="Log in · Valvid",
                 on_load=[LoginState.load, SessionState.skip_if_signed_in])  # fmt: skip
