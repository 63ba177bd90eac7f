import asyncio
import json
import re
import time

import reflex as rx
from reflex.event import EventSpec

from backend.domain.errors import DomainError, NotFound
from backend.domain.models import Principal, Video
from backend.domain.statuses import TICKETABLE_STATUSES, VideoStatus
from valvid_ui import format, routes
from valvid_ui.components.forms import field_errors, once
from valvid_ui.components.layout import field_error, link_button, not_found, page
from valvid_ui.components.player import hls_player
from valvid_ui.components.status_badge import (
    problem_text,
    status_badge,
    status_color,
    status_label,
)
from valvid_ui.components.unsaved_guard import unsaved_guard
from valvid_ui.components.upload_area import upload_area
from valvid_ui.pages.watch import aspect_of
from valvid_ui.services import services
from valvid_ui.state.page import PageState
from valvid_ui.state.session import SessionState

FIELD_OF = {"invalid_title": "title", "invalid_description": "description", "invalid_tags": "tags"}
FORM_ID = "video-details"
LIVE_EVERY_S = 1  # status refresh while processing
DEFAULT_TITLE = "Untitled video"
# What the details form holds right now, saved or not (null before it is rendered).
FORM_VALUES_JS = (
    f"(() => {{ const f = document.getElementById('{FORM_ID}');"
    " return f ? Object.fromEntries(new FormData(f)) : null; })()"
)


def tags_of(text: str) -> list[str]:
    return [t for t in re.split(r"[,\n]", text) if t.strip()]


def tidy_tags(text: str) -> list[str]:
    """Tags as the server keeps them, to tell whether the form changed them."""
    return list(dict.fromkeys(" ".join(t.split()).lower() for t in tags_of(text)))


class EditorState(PageState, SessionState):
    editing_id: rx.Field[str] = rx.field("")  # the route's video_id, once loaded
    title: rx.Field[str] = rx.field("")
    description: rx.Field[str] = rx.field("")
    tags_text: rx.Field[str] = rx.field("")
    status: rx.Field[str] = rx.field("")
    status_text: rx.Field[str] = rx.field("")
    status_color: rx.Field[str] = rx.field("gray")
    public: rx.Field[bool] = rx.field(False)
    progress: rx.Field[int] = rx.field(0)
    failure_reason: rx.Field[str] = rx.field("")
    preview_src: rx.Field[str] = rx.field("")
    poster: rx.Field[str] = rx.field("")
    title_error: rx.Field[str] = rx.field("")
    description_error: rx.Field[str] = rx.field("")
    tags_error: rx.Field[str] = rx.field("")
    uploading: rx.Field[bool] = rx.field(False)
    # storage has the file; the server learns of it from storage's event (aws mode: seconds)
    upload_sent: rx.Field[bool] = rx.field(False)
    upload_error: rx.Field[str] = rx.field("")
    limit_text: rx.Field[str] = rx.field("")
    aspect: rx.Field[str] = rx.field("16 / 9")
    confirm_untitled: rx.Field[bool] = rx.field(False)  # "publish as Untitled video?" is open
    _watch_beat: float = 0.0  # when the live loop last ran (a loop ends with its server)
    saving: rx.Field[bool] = rx.field(False)  # Save details is disabled meanwhile

    @rx.var
    def can_upload(self) -> bool:
        ticketable = {s.value for s in TICKETABLE_STATUSES}
        settled = self.status == VideoStatus.PLAYABLE.value and not self.processing
        return (self.status in ticketable or settled) and not self.public and not self.uploading

    processing: rx.Field[bool] = rx.field(False)

    @rx.event
    def load(self):
        self._begin_load()
        self.editing_id = self._route_arg("video_id")
        self.uploading, self.upload_error, self.upload_sent = False, "", False
        self.title_error = self.description_error = self.tags_error = ""
        self.limit_text = format.size(services().settings.max_upload_bytes)
        if self._reload(fields=True) and self.processing:
            return EditorState.watch_processing
        return None

    @rx.event
    def save(self, form: dict):
        principal = self._principal()
        if principal is None:
            return rx.redirect(routes.LOGIN)
        if not self._save(principal, form):
            return None
        return [rx.toast.success("Saved."), self._show_saved_in(form)]

    def _save(self, principal: Principal, form: dict) -> bool:
        self.title_error = self.description_error = self.tags_error = ""
        try:
            video = services().videos.update(
                principal, self.editing_id, title=form.get("title", ""),
                description=form.get("description", ""), tags=tags_of(form.get("tags", "")),
            )  # fmt: skip
        except DomainError as e:
            for field, message in field_errors(e, FIELD_OF, "title").items():
                setattr(self, f"{field}_error", message)
            return False
        self._show(video, fields=True)
        return True

    def _show_saved_in(self, form: dict) -> EventSpec:
        """Fields still holding what was submitted show it as saved (tags tidied); a field typed
        into meanwhile keeps its text. The form itself is never rebuilt."""
        saved = {"title": self.title, "description": self.description, "tags": self.tags_text}
        pairs = json.dumps([[n, str(form.get(n, "")), v] for n, v in saved.items()])
        return rx.call_script(
            f"{pairs}.forEach(([n, sent, saved]) => {{"
            f" const f = document.getElementById('{FORM_ID}')?.elements[n];"
            " if (f && f.value === sent) f.value = saved; })"
        )

    @rx.event
    def begin_saving(self):
        self.saving = True

    @rx.event
    def end_saving(self):
        self.saving = False

    def _unsaved(self, form: dict) -> bool:
        saved = (self.title.strip(), self.description.strip(), tidy_tags(self.tags_text))
        now = (str(form.get("title", "")).strip(), str(form.get("description", "")).strip(),
               tidy_tags(str(form.get("tags", ""))))  # fmt: skip
        return now != saved

    @rx.event
    def begin_upload(self, info: dict):
        """A file was picked or dropped: refuse what cannot be uploaded, else let the browser go."""
        self.upload_error = ""
        if self._principal() is None or not info:
            return None
        limit = services().settings.max_upload_bytes
        if not str(info.get("type") or "").startswith("video/"):
            self.upload_error = f"“{info.get('name')}” is not a video file."
            return None
        if int(info.get("size") or 0) > limit:
            size = format.size(int(info["size"]))
            self.upload_error = f"This file is {size}; the limit is {format.size(limit)}."
            return None
        self._mark_uploading()
        return rx.call_script(f"window.valvidUploads.start({json.dumps(self.editing_id)})")

    @rx.event
    def upload_active(self, _info: dict | None = None):
        """The browser has an upload of this video going (also one begun before a page change)."""
        self._mark_uploading()

    @rx.event
    def upload_finished(self, result: dict):
        self.uploading = False
        if result.get("ok"):  # stored: whether it can be processed is known later
            self.upload_sent = True
            self._reload(fields=False)
            return [rx.toast.success(f"Uploaded. {self.status_text}." if self.processing
                                     else "Uploaded."), EditorState.watch_processing]  # fmt: skip
        self._reload(fields=False)
        if result.get("state") == "failed":
            self.upload_error = str(result.get("message") or "The upload failed.")
        return None

    @rx.event
    def publish(self):
        """Publish what the form shows: its unsaved changes are saved first."""
        return rx.call_script(FORM_VALUES_JS, callback=EditorState.publish_details)

    @rx.event
    def publish_details(self, form: dict | None):
        principal = self._principal()
        if principal is None:
            return rx.redirect(routes.LOGIN)
        if form and self._unsaved(form) and not self._save(principal, form):
            return rx.toast.error("Fix the details first: they are not saved, nor published.")
        if self.title == DEFAULT_TITLE:
            self.confirm_untitled = True
            return None
        return self._publish()

    @rx.event
    def publish_anyway(self):
        return self._publish()

    def _publish(self):  # type: ignore[no-untyped-def]
        self.confirm_untitled = False
        return self._act(lambda p: services().videos.publish(p, self.editing_id), "Published.")

    @rx.event
    def keep_untitled_private(self):
        self.confirm_untitled = False

    @rx.event
    def untitled_dialog_changed(self, is_open: bool):  # Escape closes it too
        self.confirm_untitled = is_open

    @rx.event
    def unpublish(self):
        return self._act(lambda p: services().videos.unpublish(p, self.editing_id), "Unpublished.")

    @rx.event
    def delete(self):
        principal = self._principal()
        if principal is None:
            return rx.redirect(routes.LOGIN)
        try:
            services().videos.delete(principal, self.editing_id)
        except DomainError as e:
            return rx.toast.error(e.message)
        forget_edits = rx.call_script(f"document.getElementById('{FORM_ID}')?.reset()")
        return [rx.toast.success("Video deleted."), forget_edits, rx.redirect(routes.STUDIO)]

    @rx.event(background=True)
    async def watch_processing(self):
        """Live status and progress while the file is being processed; no reload needed."""
        async with self:
            if self._another_loop_runs():  # one loop per tab, however often it is asked for
                return
            self._watch_beat = time.time()
        for _ in range(7200):
            await asyncio.sleep(LIVE_EVERY_S)
            async with self:
                self._watch_beat = time.time()
                loaded = self._reload(fields=False)
                if self.status != VideoStatus.AWAITING_UPLOAD.value:
                    self.upload_sent = False
                if not loaded or not (self.processing or self.upload_sent):
                    self._watch_beat = 0.0
                    return

    def _act(self, action, message: str):  # type: ignore[no-untyped-def]
        principal = self._principal()
        if principal is None:
            return rx.redirect(routes.LOGIN)
        try:
            self._show(action(principal), fields=False)
        except DomainError as e:
            return rx.toast.error(e.message)
        return rx.toast.success(message)

    def _mark_uploading(self) -> None:
        self.uploading = True
        self.status_text, self.status_color = "Uploading", "iris"

    def _reload(self, *, fields: bool) -> bool:
        principal = self._principal()
        if principal is None:
            return False
        try:
            video = services().videos.get(principal, self.editing_id)
        except NotFound:
            self.found = False
            return False
        self._show(video, fields=fields)
        return True

    def _another_loop_runs(self) -> bool:
        return 0 <= time.time() - self._watch_beat < 3 * LIVE_EVERY_S

    def _ahead(self, video: Video) -> int | None:
        principal = self._principal()
        if video.status is not VideoStatus.UPLOADED or principal is None:
            return None
        return services().videos.queue_position(principal, video.video_id)

    def _show(self, video: Video, *, fields: bool) -> None:
        self.found = True
        if fields:
            self.title, self.description = video.title, video.description
            self.tags_text = ", ".join(video.tags)
        self.status = video.status.value
        self.status_text, self.status_color = (
            status_label(video, self._ahead(video)),
            status_color(video),
        )
        self.public = video.is_public
        self.progress = video.progress
        self.failure_reason = problem_text(video)
        self.processing = video.is_processing
        self.aspect = aspect_of(video.width, video.height)
        if video.is_watchable and not self.preview_src.count(video.video_id):
            grant = services().playback.grant_for(video)
            self.preview_src, self.poster = grant.url, grant.poster_url or ""
        elif not video.is_watchable:
            self.preview_src = self.poster = ""


def metadata_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.el.label("Title", html_for="title", style={"fontWeight": 500}),
            rx.input(id="title", name="title", default_value=EditorState.title, size="3",
                     width="100%", max_length=100),
            field_error(EditorState.title_error),
            rx.el.label("Description", html_for="description", style={"fontWeight": 500}),
            rx.text_area(id="description", name="description",
                         default_value=EditorState.description, rows="5", width="100%"),
            field_error(EditorState.description_error),
            rx.el.label("Tags (comma-separated)", html_for="tags", style={"fontWeight": 500}),
            rx.input(id="tags", name="tags", default_value=EditorState.tags_text,
                     placeholder="travel, food", size="3", width="100%"),
            field_error(EditorState.tags_error),
            rx.button("Save details", type="submit", size="3", loading=EditorState.saving,
                      disabled=EditorState.saving),
            spacing="2",
            width="100%",
        ),
        # saving twice is harmless: never dropped; the button is disabled while one runs
        on_submit=[EditorState.begin_saving, EditorState.save, EditorState.end_saving],
        reset_on_submit=False,
        id=FORM_ID,
        key=EditorState.editing_id,  # one form per video: never rebuilt once shown
        width="100%",
    )  # fmt: skip


def details_card() -> rx.Component:
    """The form appears once the video named by the route is loaded, so nothing typed before
    is thrown away; later loads change its defaults, never what the creator typed."""
    loaded = (EditorState.editing_id != "") & (EditorState.editing_id == rx.State.video_id)  # type: ignore[attr-defined]
    return rx.card(
        rx.cond(loaded, rx.fragment(metadata_form(), unsaved_guard(FORM_ID)),
                rx.center(rx.spinner(size="3"), padding_y="4em")),
        width="100%",
    )  # fmt: skip


def untitled_dialog() -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(f"Publish as “{DEFAULT_TITLE}”?"),
            rx.alert_dialog.description("Viewers find videos by their title. Give it one first?"),
            rx.hstack(
                rx.alert_dialog.cancel(rx.button("Keep it private", variant="soft",
                                                 on_click=EditorState.keep_untitled_private)),
                rx.alert_dialog.action(rx.button("Publish anyway",
                                                 on_click=once(EditorState.publish_anyway))),
                spacing="3", justify="end", margin_top="1em",
            ),
        ),
        open=EditorState.confirm_untitled,
        on_open_change=EditorState.untitled_dialog_changed,
    )  # fmt: skip


def processing_panel() -> rx.Component:
    return rx.vstack(
        rx.cond(
            EditorState.processing,
            rx.cond(
                EditorState.status == VideoStatus.UPLOADED.value,
                rx.text(EditorState.status_text, weight="medium"),  # queued: no amount yet
                rx.vstack(
                    rx.text("Processing… ", EditorState.progress, "%", weight="medium"),
                    rx.progress(value=EditorState.progress, max=100, width="100%",
                                aria_label="Processing progress"),
                    width="100%",
                ),
            ),
        ),
        rx.cond(
            EditorState.failure_reason != "",
            rx.callout(EditorState.failure_reason, icon="triangle-alert", color_scheme="red",
                       role="alert", width="100%"),
        ),
        rx.cond(
            EditorState.preview_src != "",
            rx.vstack(rx.text("Preview", weight="medium"),
                      hls_player(EditorState.preview_src, EditorState.poster, "preview",
                                 aspect=EditorState.aspect),
                      width="100%"),
        ),
        rx.box(  # stays mounted, so an upload in flight keeps its element and progress
            upload_area(video_id=EditorState.editing_id, on_chosen=EditorState.begin_upload,
                        on_active=EditorState.upload_active,
                        on_finished=EditorState.upload_finished,
                        disabled=EditorState.uploading, limit_text=EditorState.limit_text),
            display=rx.cond(EditorState.can_upload | EditorState.uploading, "block", "none"),
            width="100%",
        ),
        field_error(EditorState.upload_error),
        spacing="3",
        width="100%",
    )  # fmt: skip


def actions() -> rx.Component:
    return rx.hstack(
        rx.cond(
            EditorState.public,
            rx.button("Unpublish", variant="soft", size="3",
                      on_click=once(EditorState.unpublish)),
            rx.button("Publish", size="3", on_click=once(EditorState.publish),
                      disabled=(EditorState.status != "READY")
                      & (EditorState.status != "PLAYABLE")),
        ),
        rx.cond(EditorState.public,
                link_button("View on Valvid", routes.watch(EditorState.editing_id),
                            variant="outline", size="3")),
        rx.spacer(),
        rx.alert_dialog.root(
            rx.alert_dialog.trigger(rx.button("Delete", color_scheme="red", variant="soft",
                                              size="3", high_contrast=True)),
            rx.alert_dialog.content(
                rx.alert_dialog.title("Delete this video?"),
                rx.alert_dialog.description(
                    "The video, its file and every rendition are removed for good."),
                rx.hstack(
                    rx.alert_dialog.cancel(rx.button("Keep it", variant="soft")),
                    rx.alert_dialog.action(rx.button("Delete forever", color_scheme="red",
                                                     on_click=once(EditorState.delete))),
                    spacing="3", justify="end", margin_top="1em",
                ),
            ),
        ),
        width="100%",
        wrap="wrap",
        spacing="3",
    )  # fmt: skip


def editor_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.link(rx.hstack(rx.icon("arrow-left", size=16), "Studio", align="center"),
                    href=routes.STUDIO),
            rx.spacer(),
            status_badge(EditorState.status_text, EditorState.status_color, live=True),
            rx.badge(rx.cond(EditorState.public, "Public", "Private"), variant="outline",
                     size="2"),
            width="100%", align="center",
        ),
        rx.heading(EditorState.title, size="7"),
        rx.grid(
            details_card(),
            rx.card(processing_panel(), width="100%"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
        ),
        actions(),
        untitled_dialog(),
        spacing="4",
        width="100%",
    )  # fmt: skip


def editor() -> rx.Component:
    return page(
        rx.cond(
            EditorState.found,
            editor_body(),
            not_found("This video does not exist, or it is not yours."),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(editor, route=routes.EDITOR, title="Edit video · Valvid",
                 on_load=[SessionState.require_login, EditorState.load])  # fmt: skip
