"""Forgot password: ask for a reset code by email (local mode: `valvid outbox`)."""

from urllib.parse import quote

import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import routes
from valvid_ui.components.forms import card_form, labeled, submit_button, submitting
from valvid_ui.components.layout import page
from valvid_ui.services import services
from valvid_ui.state.form import SendingForm
from valvid_ui.state.session import SessionState


class ForgotState(SendingForm, rx.State):
    error: str = ""

    @rx.event
    def clear(self):
        self.error, self.busy = "", False

    @rx.event
    def send_code(self, form: dict):
        self.error, self.busy = "", True
        yield
        email = (form.get("email") or "").strip().lower()
        try:
            services().passwords.request_reset(email=email, client=self.router.session.client_ip)
        except DomainError as e:
            self.error = e.message
            return
        finally:
            self._answered()
        yield rx.toast.info("If an account has this email, a reset code is on its way.")
        yield rx.redirect(f"{routes.RESET}?email={quote(email)}")


def forgot() -> rx.Component:
    return page(
        card_form(
            "Forgot your password?",
            "We will email you a code to choose a new one.",
            labeled("Email", "email", type="email", placeholder="you@example.com",
                    error=ForgotState.error, auto_complete="email"),
            submit_button("Email me a code", ForgotState),
            rx.text("Remembered it? ", rx.link("Log in", href=routes.LOGIN), size="2"),
            on_submit=submitting(ForgotState.send_code),
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(forgot, route=routes.FORGOT, title="Forgot password · Valvid",
                 on_load=[SessionState.load_session, ForgotState.clear])  # fmt: skip
