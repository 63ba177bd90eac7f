"""Asks before leaving a page whose form has unsaved changes (local JSX beside this file)."""

import reflex as rx

UNSAVED_GUARD_JSX = rx.asset("unsaved_guard.jsx", shared=True)


class UnsavedGuard(rx.Component):
    library = f"$/public{UNSAVED_GUARD_JSX}"
    tag = "UnsavedGuard"

    form_id: rx.Var[str]


def unsaved_guard(form_id: str) -> rx.Component:
    """Mount once beside the form with id `form_id`; fields compare against their defaults."""
    return UnsavedGuard.create(form_id=form_id)
