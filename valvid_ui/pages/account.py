"""The signed-in user's account: change the password (needs the current one)."""

import reflex as rx

from backend.domain.errors import DomainError, Unauthorized
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

FIELD_OF = {"wrong_password": "current", "weak_password": "new", "too_many_requests": "current"}


class AccountState(SendingForm, SessionState):
    current_error: str = ""
    new_error: str = ""
    form_key: int = 0  # a new key empties the form after a change

    @rx.event
    def clear(self):
        self.current_error = self.new_error = ""
        self.busy = False

    @rx.event
    def change_password(self, form: dict):
        self.current_error = self.new_error = ""
        self.busy = True
        yield
        try:
            session = services().passwords.change(
                self.token,
                current=form.get("current_password", ""),
                new=form.get("new_password", ""),
                client=self.router.session.client_ip or "unknown",
            )
        except Unauthorized:
            yield SessionState.require_login
            return
        except DomainError as e:
            errors = field_errors(e, FIELD_OF, "current")
            self.current_error = errors.get("current", "")
            self.new_error = errors.get("new", errors.get("new_password", ""))
            return
        finally:
            self._answered()
        self._start(session.token.token, session.user.username)
        self.form_key += 1
        yield rx.toast.success("Password changed. Every other device is signed out.")


def account() -> rx.Component:
    return page(
        rx.box(
            card_form(
                "Your account",
                "Change your password. Every other device you use is then signed out.",
                rx.el.input(type="text", name="username", value=AccountState.username,
                            auto_complete="username", read_only=True, hidden=True),
                labeled("Current password", "current_password", type="password",
                        error=AccountState.current_error, auto_complete="current-password"),
                labeled("New password", "new_password", type="password", hint=PASSWORD_RULE,
                        error=AccountState.new_error, auto_complete="new-password"),
                submit_button("Change password", AccountState),
                rx.text(rx.link("Forgot your password?", href=routes.FORGOT), size="2"),
                on_submit=submitting(AccountState.change_password),
            ),
            key=AccountState.form_key,
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(account, route=routes.ACCOUNT, title="Your account · Valvid",
                 on_load=[SessionState.require_login, AccountState.clear])  # fmt: skip
