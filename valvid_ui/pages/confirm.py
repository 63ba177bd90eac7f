from urllib.parse import quote

import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import routes
from valvid_ui.components.forms import card_form, labeled, once, submit_button, submitting
from valvid_ui.components.layout import field_error, page
from valvid_ui.services import services
from valvid_ui.state.form import SendingForm
from valvid_ui.state.session import SessionState


class ConfirmState(SendingForm, rx.State):
    email: str = ""
    error: str = ""
    notice: str = ""

    @rx.event
    def load(self):
        self.email = self.router.url.query_parameters.get("email", "")
        self.error = self.notice = ""
        self.busy = False

    @rx.event
    def set_email(self, value: str):
        self.email = value

    @rx.event
    def confirm(self, form: dict):
        self.email = form.get("email", self.email)
        self.busy = True
        yield
        try:
            user = services().auth.confirm(email=self.email, code=form.get("code", ""))
        except DomainError as e:
            self.error, self.notice = e.message, ""
            return
        finally:
            self._answered()
        yield rx.toast.success("Email confirmed. Log in to start uploading.")
        yield rx.redirect(f"{routes.LOGIN}?email={quote(user.email)}")

    @rx.event
    def resend(self):
        self.busy = True
        yield
        try:
            services().auth.resend_code(email=self.email, client=self.router.session.client_ip)
        except DomainError as e:
            self.error = e.message
            return
        finally:
            self._answered()
        self.error, self.notice = (
            "",
            "If an account waits for confirmation, a new code is on its way.",
        )


def confirm() -> rx.Component:
    return page(
        card_form(
            "Confirm your email",
            "Check your email for a 6-digit code.",
            labeled("Email", "email", type="email", value=ConfirmState.email,
                    on_change=ConfirmState.set_email, auto_complete="email"),
            labeled("Code", "code", placeholder="123456", max_length=6,
                    input_mode="numeric", auto_complete="one-time-code"),
            field_error(ConfirmState.error),
            rx.cond(ConfirmState.notice != "",
                    rx.text(ConfirmState.notice, color="green", size="2")),
            submit_button("Confirm", ConfirmState),
            rx.button("Send a new code", type="button", variant="ghost",
                      loading=ConfirmState.busy, disabled=ConfirmState.busy,
                      on_click=once(ConfirmState.resend)),
            on_submit=submitting(ConfirmState.confirm),
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(confirm, route=routes.CONFIRM, title="Confirm · Valvid",
                 on_load=[SessionState.load_session, ConfirmState.load])  # fmt: skip
