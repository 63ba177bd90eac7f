"""What the studio shows an account that may not publish: why, and how to ask."""

import reflex as rx

from valvid_ui.components.forms import once


def creator_access(state) -> rx.Component:  # type: ignore[no-untyped-def]
    """state: a state with not_creator_message, request_status, request_reason, accepts_requests
    and an ask_for_access(form_data) handler."""
    return rx.card(
        rx.vstack(
            rx.heading("You cannot publish videos yet", size="6"),
            rx.text(state.not_creator_message),
            rx.cond(
                state.request_status == "PENDING",
                rx.callout("Your request is waiting for an admin.", icon="clock", role="status"),
            ),
            rx.cond(
                state.request_status == "DECLINED",
                rx.callout(
                    "An admin declined your request: " + state.request_reason,
                    icon="circle-x", color_scheme="red", role="status",
                ),
            ),
            rx.cond(
                state.accepts_requests & (state.request_status != "PENDING"),
                rx.form(
                    rx.vstack(
                        rx.el.label("What will you publish?", html_for="creator-note",
                                    style={"fontWeight": 500}),
                        rx.text_area(id="creator-note", name="note", max_length=500,
                                     width="100%", placeholder="A short note for the admins"),
                        rx.button("Ask for creator access", type="submit",
                                  loading=state.asking),
                        spacing="2",
                        width="100%",
                    ),
                    on_submit=once(state.ask_for_access),
                    reset_on_submit=True,
                ),
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
        data_testid="creator-access",
    )  # fmt: skip
