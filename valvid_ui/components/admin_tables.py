"""The admin area's tabs: each list row with the actions an admin may take on it."""

import reflex as rx

from valvid_ui.components.forms import once

TABS = (
    ("requests", "Requests"),
    ("users", "Users"),
    ("videos", "Videos"),
    ("processing", "Processing"),
    ("reports", "Reports"),
    ("audit", "Audit log"),
)


def _row(item, *actions: rx.Component, testid: str) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.text(item.title, weight="bold"),
                rx.cond(item.state != "", rx.badge(item.state, variant="soft")),
                rx.text(item.extra, size="2", color_scheme="gray"),
                wrap="wrap", spacing="2", align="center",
            ),
            rx.cond(item.detail != "", rx.text(item.detail, size="2", white_space="pre-wrap")),
            rx.hstack(*actions, wrap="wrap", spacing="2", align="end"),
            spacing="2", width="100%",
        ),
        width="100%",
        data_testid=testid,
    )  # fmt: skip


def _with_reason(state, label: str, handler, item_id, *, field: str = "reason",
                 color: str = "red") -> rx.Component:  # type: ignore[no-untyped-def]  # fmt: skip
    return rx.hstack(
        rx.input(placeholder=field.capitalize(), aria_label=f"{label}: {field}", size="2",
                 width="16em", on_change=state.set_note(field, item_id)),
        rx.button(label, on_click=once(handler(item_id)), color_scheme=color, size="2"),
        spacing="2",
    )  # fmt: skip


def _button(label: str, event, **props) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.button(label, on_click=once(event), size="2", variant="soft", **props)


def _search(handler, label: str) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.form(
        rx.hstack(
            rx.input(name="q", placeholder=label, aria_label=label, size="2", width="20em"),
            rx.button("Search", type="submit", size="2"),
        ),
        on_submit=handler,
        reset_on_submit=False,
    )


def _invite(state) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.form(
        rx.hstack(
            rx.input(name="email", type="email", placeholder="Email to invite as a creator",
                     aria_label="Email to invite", size="2", width="20em"),
            rx.button("Invite", type="submit", size="2", variant="soft"),
        ),
        on_submit=once(state.invite),
        reset_on_submit=True,
    )  # fmt: skip


def _list(items, render, empty: str) -> rx.Component:  # type: ignore[no-untyped-def]
    return rx.cond(
        items.length() > 0,
        rx.vstack(rx.foreach(items, render), spacing="2", width="100%"),
        rx.text(empty, color_scheme="gray"),
    )


def admin_area(state) -> rx.Component:  # type: ignore[no-untyped-def]
    contents = {
        "requests": _list(state.requests, lambda i: _row(
            i, _button("Approve", state.approve(i.item_id)),
            _with_reason(state, "Decline", state.decline, i.item_id), testid="request-row"),
            "No pending creator requests."),
        "users": rx.vstack(_search(state.search_users, "Email or username"),
                           _invite(state), _list(
            state.users, lambda i: _row(
                i,
                rx.cond(i.state == "SUSPENDED",
                        _button("Reactivate", state.reactivate(i.item_id)),
                        _with_reason(state, "Suspend", state.suspend, i.item_id)),
                rx.cond(i.detail != "admin", _button("Make admin", state.make_admin(i.item_id))),
                testid="user-row"),
            "No accounts match."), width="100%"),
        "videos": rx.vstack(_search(state.search_videos, "Title, video id or owner id"), _list(
            state.videos, lambda i: _row(
                i,
                rx.cond(i.state == "TAKEN_DOWN",
                        _button("Restore", state.restore(i.item_id)),
                        _with_reason(state, "Take down", state.take_down, i.item_id)),
                testid="video-row"),
            "No videos match."), width="100%"),
        "processing": _list(state.problems, lambda i: _row(
            i, rx.cond(i.title.startswith("Job") & (i.state == "FAILED"),
                       _button("Retry", state.retry(i.item_id))),
            testid="problem-row"),
                            "No failed videos or retrying jobs."),
        "reports": _list(state.reports, lambda i: _row(
            i, _with_reason(state, "Take down", state.take_down, i.extra),
            _with_reason(state, "Resolve", state.resolve, i.item_id, field="resolution",
                         color="iris"),
            testid="report-row"), "No open reports."),
        "audit": _list(state.audit, lambda i: _row(i, testid="audit-row"),
                       "No admin actions yet."),
    }  # fmt: skip
    return rx.vstack(
        rx.heading("Admin", size="8"),
        rx.tabs.root(
            rx.tabs.list(*[rx.tabs.trigger(label, value=key) for key, label in TABS]),
            *[
                rx.tabs.content(rx.box(contents[key], padding_y="1em"), value=key)
                for key, _ in TABS
            ],
            default_value="requests",
            width="100%",
        ),
        spacing="4",
        width="100%",
    )
