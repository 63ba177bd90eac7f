from dataclasses import dataclass
from urllib.parse import quote

import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import format, routes
from valvid_ui.components.layout import LONG_TITLE, not_found, page
from valvid_ui.components.player import hls_player
from valvid_ui.components.report_dialog import report_dialog
from valvid_ui.linkify import Piece, pieces
from valvid_ui.services import services
from valvid_ui.state.page import PageState
from valvid_ui.state.session import SessionState

LONG_DESCRIPTION = 280  # characters, or more than SHOWN_LINES lines: collapsed at first
SHOWN_LINES = 4
SITE = "Valvid"


def aspect_of(width: int | None, height: int | None) -> str:
    return f"{width} / {height}" if width and height else "16 / 9"


@dataclass
class Tag:
    name: str
    href: str  # a search for the tag


class WatchState(PageState, SessionState):
    title: rx.Field[str] = rx.field("")
    creator: rx.Field[str] = rx.field("")
    published: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    description_pieces: rx.Field[list[Piece]] = rx.field(default_factory=list)
    long_description: rx.Field[bool] = rx.field(False)
    expanded: rx.Field[bool] = rx.field(False)
    tags: rx.Field[list[Tag]] = rx.field(default_factory=list)
    src: rx.Field[str] = rx.field("")
    poster: rx.Field[str] = rx.field("")
    aspect: rx.Field[str] = rx.field("16 / 9")  # the video's width / height
    page_url: rx.Field[str] = rx.field("")

    @rx.var
    def page_title(self) -> str:
        return f"{self.title} · {SITE}" if self.found and self.title else f"Watch · {SITE}"

    report_open: rx.Field[bool] = rx.field(False)
    reporting: rx.Field[bool] = rx.field(False)

    @rx.var
    def signed_in(self) -> bool:
        return self.token != ""

    @rx.event
    def set_report_open(self, value: bool):
        self.report_open = value

    @rx.event
    def send_report(self, form_data: dict):
        principal = self._principal()
        if principal is None:
            yield rx.toast.error("Log in to report a video.")
            return
        self.reporting = True
        yield
        try:
            services().reports.report(
                principal,
                self._route_arg("video_id"),
                reason=form_data.get("reason", ""),
                note=form_data.get("note", ""),
            )
        except DomainError as e:
            self.reporting = False
            yield rx.toast.error(e.message)
            return
        self.reporting, self.report_open = False, False
        yield rx.toast.success("Thank you: the admins will look at this video.")

    @rx.event
    def load(self):
        video_id = self._route_arg("video_id")
        self._begin_load()
        self.expanded = False
        try:
            public = services().catalog.get(video_id)
            grant = services().playback.grant(None, video_id)
        except DomainError:
            self.found, self.src, self.title, self.poster = False, "", "", ""
            return
        video = public.entry.video
        self.title, self.creator = video.title, public.entry.creator
        self.published = format.ago(video.published_at)
        self.description = video.description
        self.description_pieces = pieces(video.description)
        self.long_description = (
            len(video.description) > LONG_DESCRIPTION
            or video.description.count("\n") >= SHOWN_LINES
        )
        self.tags = [Tag(t, f"{routes.BROWSE}?q={quote(t)}") for t in video.tags]
        self.src, self.poster = grant.url, grant.poster_url or ""
        self.aspect = (
            f"{video.width} / {video.height}" if video.width and video.height else "16 / 9"
        )
        self.page_url = services().settings.public_url.rstrip("/") + routes.watch(video_id)

    @rx.event
    def toggle_description(self):
        self.expanded = not self.expanded


def description_piece(piece: Piece) -> rx.Component:
    return rx.cond(
        piece.href != "",
        rx.link(piece.text, href=piece.href, rel="nofollow noopener", is_external=True),
        rx.text.span(piece.text),
    )


CLAMPED = {"display": "-webkit-box", "WebkitLineClamp": str(SHOWN_LINES),
           "WebkitBoxOrient": "vertical", "overflow": "hidden"}  # fmt: skip


def description() -> rx.Component:
    return rx.card(
        rx.text(rx.foreach(WatchState.description_pieces, description_piece),
                white_space="pre-wrap", overflow_wrap="anywhere", data_testid="description",
                style=rx.cond(WatchState.expanded, {}, CLAMPED)),
        rx.cond(
            WatchState.long_description,
            rx.button(rx.cond(WatchState.expanded, "Show less", "Show more"), variant="ghost",
                      size="2", margin_top="0.5em", on_click=WatchState.toggle_description),
        ),
        width="100%",
    )  # fmt: skip


def details() -> rx.Component:
    return rx.vstack(
        hls_player(WatchState.src, WatchState.poster, aspect=WatchState.aspect,
                   label=WatchState.title),
        rx.heading(WatchState.title, size="7", style=LONG_TITLE),
        rx.hstack(
            rx.icon("circle-user", size=18),
            rx.link(WatchState.creator, href=routes.channel(WatchState.creator),
                    weight="medium", data_testid="creator-link"),
            rx.text("·", color_scheme="gray"),
            rx.text(WatchState.published, color_scheme="gray"),
            rx.spacer(),
            report_dialog(WatchState),
            align="center",
            width="100%",
            spacing="2",
        ),
        rx.hstack(rx.foreach(WatchState.tags, lambda t: rx.link(
                      rx.badge("#", t.name, variant="soft"), href=t.href, underline="none",
                      title="Search for this tag")),
                  wrap="wrap", spacing="2"),  # fmt: skip
        rx.cond(WatchState.description != "", description()),
        spacing="4",
        width="100%",
        max_width="960px",
        margin="0 auto",
    )  # fmt: skip


def watch() -> rx.Component:
    return page(  # link-preview tags come with the page's HTML (backend/api/link_previews.py)
        rx.cond(
            WatchState.loaded,
            rx.cond(WatchState.found, details(), not_found()),
            rx.center(rx.spinner(size="3"), padding_y="10vh"),
        ),
    )


def register(app: rx.App) -> None:
    app.add_page(watch, route=routes.WATCH, title=WatchState.page_title,
                 image=WatchState.poster,  # type: ignore[arg-type]
                 on_load=[SessionState.load_session, WatchState.load])  # fmt: skip
