"""Form pieces shared by the account pages."""

from typing import Any

import reflex as rx

from backend.domain.errors import DomainError, InvalidFields
from valvid_ui.components.layout import field_error

ONE_ACTION_MS = 1500
PASSWORD_RULE = "At least 8 characters, with a letter and a number."
DISABLE_SUBMIT = "document.querySelectorAll('form [type=submit]').forEach(b => b.disabled = true)"


def once(handler: Any) -> Any:
    """An action button's handler: a double click is one action (fires once, then not again
    for ONE_ACTION_MS)."""
    return handler.throttle(ONE_ACTION_MS)


def field_errors(error: DomainError, field_of: dict[str, str], default: str) -> dict[str, str]:
    """{form field: message} for every field the error names (all of them at once)."""
    if isinstance(error, InvalidFields):
        return error.fields
    return {field_of.get(error.code, default): error.message}


def labeled(label: str, name: str, *, type: str = "text", error: rx.Var[str] | str = "",
            hint: str = "", **props) -> rx.Component:  # fmt: skip
    """A labelled input; credential fields pass auto_complete (username, email, new-password,
    current-password, one-time-code) so browsers and password managers fill them right."""
    return rx.vstack(
        rx.el.label(label, html_for=name, style={"fontWeight": 500, "fontSize": "14px"}),
        rx.input(id=name, name=name, type=type, width="100%", size="3", **props),
        rx.text(hint, size="1", color_scheme="gray") if hint else rx.fragment(),
        field_error(error) if not isinstance(error, str) else rx.fragment(),
        spacing="1",
        width="100%",
    )


def submit_button(text: str, form: Any) -> rx.Component:
    """A form's action button (form: its SendingForm state): it shows it is working and takes
    no click until the answer."""
    return rx.button(text, type="submit", size="3", width="100%", loading=form.busy,
                     disabled=form.busy, key=form.answers)  # fmt: skip


def submitting(handler: Any) -> list:
    """A form's on_submit. Its submit button is disabled in the browser at once, so a second
    click (or Enter) finds it disabled before the server could say so; it stays disabled
    until the answer: the handler (of a SendingForm state) sets `busy`, yields, and calls
    `_answered()` whatever happens. Unlike once(), a quick retry after an error is never
    dropped."""
    return [rx.call_script(DISABLE_SUBMIT), handler]


def card_form(title: str, subtitle: str, *children: rx.Component, on_submit) -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.heading(title, size="7"),
                    rx.text(subtitle, color_scheme="gray"),
                    *children,
                    spacing="4",
                    width="100%",
                ),
                on_submit=on_submit,
                reset_on_submit=False,
                no_validate=True,  # the server checks every field and shows all errors at once
            ),
            size="4",
            width="100%",
            max_width="440px",
        ),
        padding_top="4vh",
    )
