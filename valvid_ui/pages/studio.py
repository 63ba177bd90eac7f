import asyncio
import time
from dataclasses import dataclass

import reflex as rx

from backend.domain.errors import DomainError
from backend.domain.models import Principal, Video
from backend.domain.statuses import VideoStatus
from backend.services.roles import NOT_A_CREATOR
from backend.services.videos import taken_down
from valvid_ui import format, routes
from valvid_ui.components.creator_access import creator_access
from valvid_ui.components.forms import once
from valvid_ui.components.layout import page
from valvid_ui.components.status_badge import (
    problem_text,
    status_badge,
    status_color,
    status_label,
)
from valvid_ui.components.video_card import poster_box
from valvid_ui.services import services
from valvid_ui.state.session import SessionState

PAGE = 24
LIVE_EVERY_S = 2  # list refresh while some video may change
# No change comes to these by itself (a draft changes only by its creator's hand in the editor):
# every other video is followed live, whatever its status is called.
SETTLED = (VideoStatus.DRAFT, VideoStatus.READY, VideoStatus.FAILED)


def may_change(video: Video) -> bool:
    """Playable videos are still changing while their other rungs are being made."""
    if video.status is VideoStatus.PLAYABLE:
        return video.is_processing
    return video.status not in SETTLED


@dataclass
class Row:
    video_id: str
    title: str
    status: str
    color: str
    visibility: str
    updated: str
    poster: str
    problem: str


def row_of(video: Video, ahead: int | None = None) -> Row:
    poster = ""
    if video.is_watchable and video.poster_key:
        poster = services().playback.poster_url(video, video.poster_key) or ""
    return Row(
        video_id=video.video_id,
        title=video.title,
        status=status_label(video, ahead),
        color=status_color(video),
        visibility="Public" if video.is_public else "Private",
        updated=format.ago(video.updated_at),
        poster=poster,
        problem=problem_of(video),
    )


def problem_of(video: Video) -> str:
    """What the creator must know: why an admin took it down, or why processing failed."""
    return taken_down(video) if video.takedown_reason else problem_text(video)


class StudioState(SessionState):
    rows: rx.Field[list[Row]] = rx.field(default_factory=list)
    cursor: rx.Field[str] = rx.field("")
    live: rx.Field[bool] = rx.field(False)  # some listed video may still change by itself
    _watch_beat: float = 0.0  # when the live loop last ran (a loop ends with its server)
    not_creator_message: rx.Field[str] = rx.field("")  # set when the account may not publish
    request_status: rx.Field[str] = rx.field("")
    request_reason: rx.Field[str] = rx.field("")
    accepts_requests: rx.Field[bool] = rx.field(False)
    asking: rx.Field[bool] = rx.field(False)

    @rx.event
    def ask_for_access(self, form_data: dict):
        principal = self._principal()
        if principal is None:
            yield rx.redirect(routes.LOGIN)
            return
        self.asking = True
        yield
        try:
            services().creator_access.request(principal, note=form_data.get("note", ""))
        except DomainError as e:
            self.asking = False
            yield rx.toast.error(e.message)
            return
        self._creator_access(principal)
        self.asking = False
        yield rx.toast.success("Request sent. An admin will answer by email.")

    def _creator_access(self, principal) -> None:  # type: ignore[no-untyped-def]
        access = services().creator_access
        request = access.status(principal)
        self.request_status = request.status.value if request else ""
        self.request_reason = (request.reason or "") if request else ""
        self.accepts_requests = access.accepts_requests

    @rx.event
    def load(self):
        if self._refresh(reset=True) and self.live:
            return StudioState.watch_processing
        return None

    @rx.event
    def load_more(self):
        if self._refresh(reset=False) and self.live:
            return StudioState.watch_processing
        return None

    @rx.event
    def new_video(self):
        principal = self._principal()
        if principal is None:
            return rx.redirect(routes.LOGIN)
        video = services().videos.create(principal)
        return rx.redirect(routes.editor(video.video_id))

    @rx.event(background=True)
    async def watch_processing(self):
        """Keep badges live while some video may still change (uploads, queue, processing)."""
        async with self:
            if self._another_loop_runs():  # one loop per tab, however often the page is opened
                return
            self._watch_beat = time.time()
        for _ in range(3600):
            await asyncio.sleep(LIVE_EVERY_S)
            async with self:
                self._watch_beat = time.time()
                if not self._refresh(reset=True, keep=len(self.rows)) or not self.live:
                    self._watch_beat = 0.0
                    return

    def _another_loop_runs(self) -> bool:
        return 0 <= time.time() - self._watch_beat < 3 * LIVE_EVERY_S

    def _ahead(self, principal: Principal, video: Video) -> int | None:
        if video.status is not VideoStatus.UPLOADED:
            return None
        return services().videos.queue_position(principal, video.video_id)

    def _refresh(self, *, reset: bool, keep: int = 0) -> bool:
        """The first page (reset) or the next one; on reset, at least `keep` rows when there
        are, so a live refresh does not take back what "Load more" showed."""
        principal = self._principal()
        if principal is None:
            return False
        self.not_creator_message = "" if principal.is_creator else NOT_A_CREATOR
        if not principal.is_creator:
            self._creator_access(principal)
            self.rows, self.cursor, self.live = [], "", False
            return False
        videos: list[Video] = []
        cursor = None if reset else self.cursor or None
        try:
            while True:
                page_ = services().videos.list_mine(principal, cursor=cursor, limit=PAGE)
                videos += page_.items
                cursor = page_.next_cursor
                if not cursor or len(videos) >= keep:
                    break
        except DomainError:
            return False
        rows = [row_of(v, self._ahead(principal, v)) for v in videos]
        self.rows = rows if reset else self.rows + rows
        self.cursor = cursor or ""
        changing = any(may_change(v) for v in videos)
        self.live = changing if reset else self.live or changing
        return True


def studio_row(row: Row) -> rx.Component:
    return rx.link(
        rx.card(
            rx.hstack(
                rx.box(poster_box(row.poster), width=["96px", "160px"], flex_shrink="0"),
                rx.vstack(
                    rx.text(row.title, weight="bold", size="4"),
                    rx.hstack(
                        status_badge(row.status, row.color),
                        rx.badge(row.visibility, variant="outline", size="2"),
                        rx.text("Updated ", row.updated, size="2", color_scheme="gray"),
                        spacing="2",
                        wrap="wrap",
                        align="center",
                    ),
                    rx.cond(row.problem != "", rx.text(row.problem, color="red", size="2")),
                    spacing="2",
                ),
                spacing="4",
                align="center",
                width="100%",
            ),
            width="100%",
        ),
        href=routes.editor(row.video_id),
        underline="none",
        color="inherit",
        width="100%",
        data_testid="studio-row",
    )


def studio() -> rx.Component:
    return page(
        rx.cond(StudioState.not_creator_message != "", creator_access(StudioState), my_videos())
    )


def my_videos() -> rx.Component:
    return rx.fragment(
        rx.vstack(
            rx.hstack(
                rx.heading("Your studio", size="8"),
                rx.spacer(),
                rx.button(
                    rx.icon("plus"),
                    "New video",
                    size="3",
                    on_click=once(StudioState.new_video),
                ),
                width="100%",
                align="center",
                wrap="wrap",
            ),
            rx.cond(
                StudioState.rows.length() > 0,
                rx.vstack(rx.foreach(StudioState.rows, studio_row), width="100%", spacing="3"),
                rx.center(
                    rx.vstack(
                        rx.icon("upload", size=40, color=rx.color("iris", 8)),
                        rx.text("No videos yet. Create one and upload a file."),
                        align="center",
                    ),
                    padding_y="8vh",
                    width="100%",
                ),
            ),
            rx.cond(
                StudioState.cursor != "",
                rx.button("Load more", variant="soft", on_click=StudioState.load_more),
            ),
            spacing="5",
            width="100%",
        )
    )


def register(app: rx.App) -> None:
    app.add_page(studio, route=routes.STUDIO, title="Studio · Valvid",
                 on_load=[SessionState.require_login, StudioState.load])  # fmt: skip
