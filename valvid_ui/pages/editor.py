import asyncio
import json
import re

import reflex as rx

from backend.domain.errors import DomainError, NotFound
from backend.domain.models import Video
from backend.domain.statuses import TICKETABLE_STATUSES, VideoStatus
from valvid_ui import format, routes
from valvid_ui.components.forms import once
from valvid_ui.components.layout import field_error, link_button, not_found, page
from valvid_ui.components.player import hls_player
from valvid_ui.components.status_badge import (
    problem_text,
    status_badge,
    status_color,
    status_label,
)
from valvid_ui.components.upload_area import upload_area
from valvid_ui.services import services
from valvid_ui.state.page import PageState
from valvid_ui.state.session import SessionState

FIELD_OF = {"invalid_title": "title", "invalid_description": "description", "invalid_tags": "tags"}
S3_MESSAGE = re.compile(r"<Message>(.*?)</Message>", re.S)


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
    upload_error: rx.Field[str] = rx.field("")
    limit_text: rx.Field[str] = rx.field("")
    revision: rx.Field[int] = rx.field(0)  # bumps when saved fields change, so the form shows them

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
        self.uploading, self.upload_error = False, ""
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
        self.title_error = self.description_error = self.tags_error = ""
        tags = [t for t in re.split(r"[,\n]", form.get("tags", "")) if t.strip()]
        try:
            video = services().videos.update(
                principal, self.editing_id, title=form.get("title", ""),
                description=form.get("description", ""), tags=tags,
            )  # fmt: skip
        except DomainError as e:
            setattr(self, f"{FIELD_OF.get(e.code, 'title')}_error", e.message)
            return None
        self._show(video, fields=True)
        return rx.toast.success("Saved.")

    @rx.event
    def pick_file(self, _value: str = ""):
        return rx.call_script("valvidChosenFile('file-input')", callback=EditorState.begin_upload)

    @rx.event
    def dropped_file(self):
        return rx.call_script("valvidChosenFile(null)", callback=EditorState.begin_upload)

    @rx.event
    def begin_upload(self, info: dict):
        self.upload_error = ""
        principal = self._principal()
        if principal is None or not info:
            return None
        limit = services().settings.max_upload_bytes
        content_type = str(info.get("type") or "")
        if not content_type.startswith("video/"):
            self.upload_error = f"“{info.get('name')}” is not a video file."
            return None
        if int(info.get("size") or 0) > limit:
            size = format.size(int(info["size"]))
            self.upload_error = f"This file is {size}; the limit is {format.size(limit)}."
            return None
        try:
            ticket = services().uploads.request_ticket(
                principal, self.editing_id, content_type=content_type
            )
        except DomainError as e:
            self.upload_error = e.message
            return None
        if int(info.get("size") or 0) > ticket.max_bytes:  # the storage quota leaves less room
            room = format.size(ticket.max_bytes)
            self.upload_error = f"Your storage quota leaves room for {room}; this file is larger."
            return None
        self.uploading = True
        self.status_text, self.status_color = "Uploading", "iris"
        payload = json.dumps({"url": ticket.url, "fields": ticket.fields})
        return rx.call_script(f"valvidUpload({payload})")

    @rx.event
    def upload_finished(self):
        return rx.call_script("window.__valvidUploadResult", callback=EditorState.upload_result)

    @rx.event
    def upload_result(self, result: dict):
        self.uploading = False
        status = int(result.get("status") or 0)
        if 200 <= status < 300:
            self._reload(fields=False)
            return [rx.toast.success("Uploaded. Processing has started."),
                    EditorState.watch_processing]  # fmt: skip
        found = S3_MESSAGE.search(str(result.get("body") or ""))
        self.upload_error = found.group(1) if found else str(result.get("message") or "Failed.")
        self._reload(fields=False)
        return None

    @rx.event
    def cancel_upload(self):
        return rx.call_script("valvidCancelUpload()")

    @rx.event
    def publish(self):
        return self._act(lambda p: services().videos.publish(p, self.editing_id), "Published.")

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
        return [rx.toast.success("Video deleted."), rx.redirect(routes.STUDIO)]

    @rx.event(background=True)
    async def watch_processing(self):
        """Live status and progress while the file is being processed; no reload needed."""
        for _ in range(7200):
            await asyncio.sleep(1)
            async with self:
                if not self._reload(fields=False) or not self.processing:
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

    def _show(self, video: Video, *, fields: bool) -> None:
        self.found = True
        if fields:
            self.title, self.description = video.title, video.description
            self.tags_text = ", ".join(video.tags)
            self.revision += 1
        self.status = video.status.value
        self.status_text, self.status_color = status_label(video), status_color(video)
        self.public = video.is_public
        self.progress = video.progress
        self.failure_reason = problem_text(video)
        self.processing = video.is_processing
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
            rx.button("Save details", type="submit", size="3"),
            spacing="2",
            width="100%",
        ),
        on_submit=EditorState.save,  # saving twice is harmless: never dropped
        reset_on_submit=False,
        key=EditorState.editing_id + EditorState.revision.to_string(),
        width="100%",
    )  # fmt: skip


def processing_panel() -> rx.Component:
    return rx.vstack(
        rx.cond(
            EditorState.processing,
            rx.vstack(
                rx.text("Processing… ", EditorState.progress, "%", weight="medium"),
                rx.progress(value=EditorState.progress, max=100, width="100%"),
                width="100%",
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
                      hls_player(EditorState.preview_src, EditorState.poster, "preview"),
                      width="100%"),
        ),
        rx.box(  # stays mounted, so an upload in flight keeps its element and progress
            upload_area(on_pick=EditorState.pick_file, on_drop=EditorState.dropped_file,
                        on_finish=EditorState.upload_finished,
                        on_cancel=EditorState.cancel_upload, uploading=EditorState.uploading,
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
                                              size="3")),
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
            status_badge(EditorState.status_text, EditorState.status_color),
            rx.badge(rx.cond(EditorState.public, "Public", "Private"), variant="outline",
                     size="2"),
            width="100%", align="center",
        ),
        rx.heading(EditorState.title, size="7"),
        rx.grid(
            rx.card(metadata_form(), width="100%"),
            rx.card(processing_panel(), width="100%"),
            columns=rx.breakpoints(initial="1", md="2"),
            spacing="5",
            width="100%",
        ),
        actions(),
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
