"""Form pieces shared by the account pages."""

from typing import Any

import reflex as rx

from valvid_ui.components.layout import field_error

ONE_ACTION_MS = 1500


def once(handler: Any) -> Any:
    """An action button's handler: a double click is one action (fires once, then not again
    for ONE_ACTION_MS)."""
    return handler.throttle(ONE_ACTION_MS)


def labeled(label: str, name: str, *, type: str = "text", error: rx.Var[str] | str = "",
            **props) -> rx.Component:  # fmt: skip
    return rx.vstack(
        rx.el.label(label, html_for=name, style={"fontWeight": 500, "fontSize": "14px"}),
        rx.input(id=name, name=name, type=type, width="100%", size="3", **props),
        field_error(error) if not isinstance(error, str) else rx.fragment(),
        spacing="1",
        width="100%",
    )


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
            ),
            size="4",
            width="100%",
            max_width="440px",
        ),
        padding_top="4vh",
    )
