from urllib.parse import quote

import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import routes
from valvid_ui.components.forms import (
    PASSWORD_RULE,
    card_form,
    field_errors,
    labeled,
    submit_button,
    submitting,
)
from valvid_ui.components.layout import page
from valvid_ui.services import services
from valvid_ui.state.form import SendingForm
from valvid_ui.state.session import SessionState

FIELD_OF = {"invalid_email": "email", "invalid_username": "username",
            "username_taken": "username", "weak_password": "password"}  # fmt: skip


class SignupState(SendingForm, rx.State):
    email_error: str = ""
    username_error: str = ""
    password_error: str = ""

    @rx.event
    def clear(self):
        self.email_error = self.username_error = self.password_error = ""
        self.busy = False

    @rx.event
    def sign_up(self, form: dict):
        self.email_error = self.username_error = self.password_error = ""
        self.busy = True
        yield
        try:  # a taken email answers like a new one: its owner is told by email
            email = services().auth.sign_up(
                email=form.get("email", ""),
                username=form.get("username", ""),
                password=form.get("password", ""),
                client=self.router.session.client_ip,
            )
        except DomainError as e:
            for field, message in field_errors(e, FIELD_OF, "email").items():
                setattr(self, f"{field}_error", message)
            return
        finally:
            self._answered()
        yield rx.redirect(f"{routes.CONFIRM}?email={quote(email)}")


def signup() -> rx.Component:
    return page(
        card_form(
            "Create your account",
            "Upload, transcode and share your videos.",
            labeled("Email", "email", type="email", placeholder="you@example.com",
                    error=SignupState.email_error, auto_complete="email"),
            labeled("Username", "username", placeholder="3-30 letters, digits, . - _",
                    error=SignupState.username_error, auto_complete="username"),
            labeled("Password", "password", type="password", hint=PASSWORD_RULE,
                    error=SignupState.password_error, auto_complete="new-password"),
            submit_button("Create account", SignupState),
            rx.text("Already have an account? ",
                    rx.link("Log in", href=routes.LOGIN, underline="always"), size="2"),
            on_submit=submitting(SignupState.sign_up),
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(signup, route=routes.SIGNUP, title="Sign up · Valvid",
                 on_load=[SessionState.skip_if_signed_in, SignupState.clear])  # fmt: skip
