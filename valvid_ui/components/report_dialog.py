"""The watch page's Report action: a reason and a note, sent to the admins."""

import reflex as rx

from backend.domain.moderation import REPORT_REASONS
from valvid_ui.components.forms import once

REASON_LABELS = {
    "spam": "Spam or scam",
    "abuse": "Harassment or hate",
    "sexual": "Sexual content",
    "violence": "Violence",
    "copyright": "Copyright",
    "other": "Something else",
}


def report_dialog(state) -> rx.Component:  # type: ignore[no-untyped-def]
    """state: has signed_in, reporting and a send_report(form_data) handler."""
    return rx.dialog.root(
        rx.dialog.trigger(rx.button(rx.icon("flag", size=16), "Report", variant="soft",
                                    color_scheme="gray")),
        rx.dialog.content(
            rx.dialog.title("Report this video"),
            rx.cond(
                state.signed_in,
                rx.form(
                    rx.vstack(
                        rx.el.label("Reason", html_for="report-reason", style={"fontWeight": 500}),
                        rx.el.select(
                            *[rx.el.option(REASON_LABELS[r], value=r) for r in REPORT_REASONS],
                            id="report-reason", name="reason", default_value="spam",
                        ),
                        rx.el.label("Note", html_for="report-note", style={"fontWeight": 500}),
                        rx.text_area(id="report-note", name="note", max_length=1000, width="100%"),
                        rx.hstack(
                            rx.dialog.close(rx.button("Cancel", variant="soft", type="button")),
                            rx.button("Send report", type="submit", loading=state.reporting),
                            justify="end", width="100%",
                        ),
                        spacing="2", width="100%",
                    ),
                    on_submit=once(state.send_report),
                ),
                rx.text("Log in to report a video."),
            ),
        ),
        open=state.report_open,
        on_open_change=state.set_report_open,
    )  # fmt: skip
