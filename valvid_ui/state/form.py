"""What a page state needs for a form that is sent once: its submit button is disabled from
the click (in the browser, see components.forms.submitting) until the server answers."""

import reflex as rx


class SendingForm(rx.State, mixin=True):
    busy: rx.Field[bool] = rx.field(False)
    # Counts answers: the submit button is made anew after each, so it is enabled again even
    # when the browser disabled it before the server knew (React only touches what changed).
    answers: rx.Field[int] = rx.field(0)

    def _answered(self) -> None:
        self.busy = False
        self.answers += 1
