"""Reset a password with the emailed code; every earlier session of the account ends."""

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

FIELD_OF = {"invalid_email": "email", "weak_password": "password"}


class ResetState(SendingForm, rx.State):
    email: str = ""
    email_error: str = ""
    code_error: str = ""
    password_error: str = ""

    @rx.event
    def load(self):
        self.email = self.router.url.query_parameters.get("email", "")
        self.email_error = self.code_error = self.password_error = ""
        self.busy = False

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def set_password(self, form: dict):
        self.email = form.get("email", self.email)
        self.email_error = self.code_error = self.password_error = ""
        self.busy = True
        yield
        try:
            user = services().passwords.reset(
                email=self.email, code=form.get("code", ""), password=form.get("password", "")
            )
        except DomainError as e:
            for field, message in field_errors(e, FIELD_OF, "code").items():
                setattr(self, f"{field}_error", message)
            return
        finally:
            self._answered()
        yield rx.toast.success("Password changed. Log in with your new password.")
        yield rx.redirect(f"{routes.LOGIN}?email={quote(user.email)}")


def reset() -> rx.Component:
    return page(
        card_form(
            "Choose a new password",
            "Enter the code we emailed you and your new password.",
            labeled("Email", "email", type="email", value=ResetState.email,
                    on_change=ResetState.set_email, error=ResetState.email_error,
                    auto_complete="email"),
            labeled("Code", "code", placeholder="123456", max_length=6, input_mode="numeric",
                    error=ResetState.code_error, auto_complete="one-time-code"),
            labeled("New password", "password", type="password", hint=PASSWORD_RULE,
                    error=ResetState.password_error, auto_complete="new-password"),
            submit_button("Set new password", ResetState),
            rx.text("No code? ", rx.link("Send another", href=routes.FORGOT), size="2"),
            on_submit=submitting(ResetState.set_password),
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(reset, route=routes.RESET, title="Reset password · Valvid",
                 on_load=[SessionState.load_session, ResetState.load])  # fmt: skip
