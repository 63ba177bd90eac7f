import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import format, routes
from valvid_ui.components.layout import not_found, page
from valvid_ui.components.player import hls_player
from valvid_ui.components.report_dialog import report_dialog
from valvid_ui.services import services
from valvid_ui.state.page import PageState
from valvid_ui.state.session import SessionState


class WatchState(PageState, SessionState):
    title: rx.Field[str] = rx.field("")
    creator: rx.Field[str] = rx.field("")
    published: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    tags: rx.Field[list[str]] = rx.field(default_factory=list)
    src: rx.Field[str] = rx.field("")
    poster: rx.Field[str] = rx.field("")
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
        try:
            public = services().catalog.get(video_id)
            grant = services().playback.grant(None, video_id)
        except DomainError:
            self.found, self.src = False, ""
            return
        video = public.entry.video
        self.found = True
        self.title, self.creator = video.title, public.entry.creator
        self.published = format.ago(video.published_at)
        self.description, self.tags = video.description, video.tags
        self.src, self.poster = grant.url, grant.poster_url or ""


def details() -> rx.Component:
    return rx.vstack(
        hls_player(WatchState.src, WatchState.poster),
        rx.heading(WatchState.title, size="7"),
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
        rx.hstack(rx.foreach(WatchState.tags, lambda t: rx.badge("#", t, variant="soft")),
                  wrap="wrap", spacing="2"),
        rx.cond(WatchState.description != "",
                rx.card(rx.text(WatchState.description, white_space="pre-wrap"), width="100%")),
        spacing="4",
        width="100%",
        max_width="960px",
        margin="0 auto",
    )  # fmt: skip


def watch() -> rx.Component:
    return page(
        rx.cond(
            WatchState.loaded,
            rx.cond(WatchState.found, details(), not_found()),
            rx.center(rx.spinner(size="3"), padding_y="10vh"),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(watch, route=routes.WATCH, title="Watch · Valvid",
                 on_load=[SessionState.load_session, WatchState.load])  # fmt: skip
