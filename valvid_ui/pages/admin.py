"""/admin: creator requests, users, videos, processing problems, reports and the audit log.
Admins only: to anyone else the page says there is nothing here."""

from dataclasses import dataclass

import reflex as rx

from backend.domain.errors import DomainError
from backend.domain.statuses import Role, VideoStatus
from valvid_ui import format, routes
from valvid_ui.components import admin_tables as tables
from valvid_ui.components.layout import not_found, page
from valvid_ui.services import services
from valvid_ui.state.page import PageState
from valvid_ui.state.session import SessionState


@dataclass
class Item:
    """One row of any admin list: an id to act on, a title line, a detail line, a state."""

    item_id: str
    title: str
    detail: str
    state: str = ""
    extra: str = ""


class AdminState(PageState, SessionState):
    requests: rx.Field[list[Item]] = rx.field(default_factory=list)
    users: rx.Field[list[Item]] = rx.field(default_factory=list)
    videos: rx.Field[list[Item]] = rx.field(default_factory=list)
    problems: rx.Field[list[Item]] = rx.field(default_factory=list)
    reports: rx.Field[list[Item]] = rx.field(default_factory=list)
    audit: rx.Field[list[Item]] = rx.field(default_factory=list)
    user_query: rx.Field[str] = rx.field("")
    video_query: rx.Field[str] = rx.field("")
    # what was typed into each row's reason box, by "field:id" (rows live in a foreach, where
    # a form's submit handler cannot name its row, so the boxes report as they change)
    notes: rx.Field[dict[str, str]] = rx.field(default_factory=dict)

    @rx.event
    def set_note(self, field: str, item_id: str, value: str):
        self.notes[f"{field}:{item_id}"] = value

    def _note(self, field: str, item_id: str) -> str:
        return self.notes.get(f"{field}:{item_id}", "")

    @rx.event
    def load(self):
        self._begin_load()
        self.found = self._reload()

    @rx.event
    def search_users(self, form_data: dict):
        self.user_query = form_data.get("q", "")
        self._reload()

    @rx.event
    def search_videos(self, form_data: dict):
        self.video_query = form_data.get("q", "")
        self._reload()

    @rx.event
    def invite(self, form_data: dict):
        email = form_data.get("email", "")
        return self._act(lambda s, p: s.admin.invite(p, email), f"Invited {email}.")

    @rx.event
    def approve(self, user_id: str):
        return self._act(lambda s, p: s.admin.decide_request(p, user_id, approve=True), "Approved.")

    @rx.event
    def decline(self, user_id: str):
        reason = self._note("reason", user_id)
        return self._act(
            lambda s, p: s.admin.decide_request(p, user_id, approve=False, reason=reason),
            "Declined.",
        )

    @rx.event
    def suspend(self, user_id: str):
        reason = self._note("reason", user_id)
        return self._act(
            lambda s, p: s.admin.set_suspended(p, user_id, suspended=True, reason=reason),
            "Suspended.",
        )

    @rx.event
    def reactivate(self, user_id: str):
        return self._act(
            lambda s, p: s.admin.set_suspended(p, user_id, suspended=False), "Reactivated."
        )

    @rx.event
    def make_admin(self, user_id: str):
        return self._act(lambda s, p: s.admin.set_role(p, user_id, Role.ADMIN), "Now an admin.")

    @rx.event
    def take_down(self, video_id: str):
        reason = self._note("reason", video_id)
        return self._act(
            lambda s, p: s.moderation.take_down(p, video_id, reason=reason), "Taken down."
        )

    @rx.event
    def restore(self, video_id: str):
        return self._act(lambda s, p: s.moderation.restore(p, video_id), "Restored.")

    @rx.event
    def retry(self, job_id: str):
        return self._act(lambda s, p: s.moderation.retry_job(p, job_id), "Queued again.")

    @rx.event
    def resolve(self, report_id: str):
        text = self._note("resolution", report_id)
        return self._act(
            lambda s, p: s.moderation.resolve_report(p, report_id, resolution=text), "Resolved."
        )

    def _act(self, action, done: str):  # type: ignore[no-untyped-def]
        principal = self._principal()
        try:
            action(services(), principal)
        except DomainError as e:
            return rx.toast.error(e.message)
        self._reload()
        return rx.toast.success(done)

    def _reload(self) -> bool:
        principal = self._principal()
        admin, moderation = services().admin, services().moderation
        try:
            pending = admin.pending_requests(principal)  # type: ignore[arg-type]
        except DomainError:
            return False
        assert principal is not None
        self.requests = [
            Item(p.user.user_id, f"{p.user.username} ({p.user.email})", p.request.note,
                 extra=format.ago(p.request.requested_at))
            for p in pending
        ]  # fmt: skip
        self.users = [
            Item(u.user_id, f"{u.username} ({u.email})", u.role.value.lower(),
                 u.account_status.value)
            for u in admin.find_users(principal, self.user_query)
        ]  # fmt: skip
        found = moderation.find_videos(principal, self.video_query, limit=100)
        self.videos = [
            Item(v.video_id, v.title, f"{v.status.value.lower()} · {v.visibility.value.lower()}",
                 "TAKEN_DOWN" if v.takedown_reason else "", v.takedown_reason or "")
            for v in found
        ]  # fmt: skip
        self.problems = [
            Item(v.video_id, v.title, v.failure_reason or "", v.status.value)
            for v in found
            if v.status is VideoStatus.FAILED
        ]
        self.problems += [
            Item(s.job.job_id, f"Job of video {s.job.video_id}", s.cause or "",
                 "FAILED" if s.status == "FAILED" else "RETRYING",
                 f"attempt {s.job.attempts} · {format.ago(s.created_at)}")
            for s in moderation.job_problems(principal)
        ]  # fmt: skip
        self.reports = [
            Item(r.report_id, f"{r.reason}: video {r.video_id}", r.note, extra=r.video_id)
            for r in moderation.open_reports(principal)
        ]
        self.audit = [
            Item(e.entry_id, f"{e.actor} · {e.action} · {e.target}", e.reason,
                 extra=format.ago(e.at))
            for e in admin.audit_log(principal)
        ]  # fmt: skip
        return True


def admin() -> rx.Component:
    return page(
        rx.cond(
            AdminState.loaded,
            rx.cond(
                AdminState.found,
                tables.admin_area(AdminState),
                not_found("There is nothing here.", title="Page not found"),
            ),
            rx.center(rx.spinner(size="3"), padding_y="10vh"),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(admin, route=routes.ADMIN, title="Admin · Valvid",
                 on_load=[SessionState.load_session, AdminState.load])  # fmt: skip
