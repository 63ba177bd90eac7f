import pytest

from backend.domain.statuses import VideoStatus, Visibility
from tests.catalog_seed import published
from tests.ui.conftest import _args, events, member, open_page, redirect_path, toasts
from valvid_ui import routes
from valvid_ui.pages.editor import EditorState


@pytest.fixture
def draft(ui):
    me, token = member(ui, "lena")
    video = ui.videos.create(me, title="Holiday", description="Beach", tags=["sun"])
    return me, token, video


def editor_for(video_id: str, token: str) -> EditorState:
    state = open_page(EditorState, routes.editor(video_id), route=routes.EDITOR, token=token)
    state.load()
    return state


def test_the_editor_loads_the_video_named_by_the_route(ui, draft):
    _, token, video = draft
    state = editor_for(video.video_id, token)
    assert state.found and state.editing_id == video.video_id
    assert (state.title, state.description, state.tags_text) == ("Holiday", "Beach", "sun")
    assert state.status == "DRAFT" and state.can_upload and not state.processing


def test_another_creators_video_is_not_found(ui, draft):
    _, _, video = draft
    _, intruder = member(ui, "mallory")
    state = editor_for(video.video_id, intruder)
    assert not state.found and state.title == ""


def test_saving_shows_field_errors_inline_and_keeps_the_video(ui, draft):
    me, token, video = draft
    state = editor_for(video.video_id, token)
    assert toasts(state.save({"title": " ", "description": "x", "tags": ""})) == []
    assert state.title_error and ui.videos.get(me, video.video_id).title == "Holiday"
    result = state.save({"title": "Summer", "description": "Sea", "tags": "Sun, SEA"})
    assert any("Saved." in t for t in toasts(result)) and state.title_error == ""
    saved = ui.videos.get(me, video.video_id)
    assert (saved.title, saved.tags) == ("Summer", ["sun", "sea"])
    assert state.tags_text == "sun, sea"


def test_files_that_cannot_be_uploaded_are_refused_before_a_ticket(ui, draft):
    me, token, video = draft
    state = editor_for(video.video_id, token)
    state.begin_upload({"name": "notes.txt", "type": "text/plain", "size": 10})
    assert "is not a video file" in state.upload_error
    huge = ui.settings.max_upload_bytes + 1
    state.begin_upload({"name": "big.mp4", "type": "video/mp4", "size": huge})
    assert "the limit is" in state.upload_error
    assert ui.videos.get(me, video.video_id).status is VideoStatus.DRAFT and not state.uploading


def scripts(result) -> list[str]:
    """The JavaScript of every rx.call_script among a handler's events."""
    return [_args(e)["javascript_code"]._var_value for e in events(result)
            if getattr(e, "handler", None) is not None
            and e.handler.fn.__qualname__ == "_call_script"]  # fmt: skip


def test_a_video_file_lets_the_browser_start_its_resumable_upload(ui, draft):
    me, token, video = draft
    state = editor_for(video.video_id, token)
    result = state.begin_upload({"name": "clip.mp4", "type": "video/mp4", "size": 1000})
    assert state.uploading and state.upload_error == "" and not state.can_upload
    assert any(f'valvidUploads.start("{video.video_id}")' in s for s in scripts(result))


def test_an_upload_going_on_when_the_editor_opens_keeps_the_picker_away(ui, draft):
    _, token, video = draft
    state = editor_for(video.video_id, token)
    state.upload_active({"name": "clip.mp4"})
    assert state.uploading and not state.can_upload and state.status_text == "Uploading"


def test_a_failed_upload_says_why_and_offers_the_picker_again(ui, draft):
    _, token, video = draft
    state = editor_for(video.video_id, token)
    state.upload_active({"name": "clip.mp4"})
    state.upload_finished({"ok": False, "state": "failed", "message": "Storage is full."})
    assert state.upload_error == "Storage is full." and state.can_upload


def test_a_finished_upload_is_announced_and_processing_watched(ui, draft):
    _, token, video = draft
    state = editor_for(video.video_id, token)
    state.upload_active({"name": "clip.mp4"})
    result = state.upload_finished({"ok": True, "state": "done", "message": ""})
    said = toasts(result)
    assert any("Uploaded" in t for t in said) and not any("Processing" in t for t in said)
    assert not state.uploading and state.upload_error == ""
    assert state.upload_sent  # watched until the server has it (aws mode: S3's event)


def test_publishing_before_processing_is_refused_with_a_message(ui, draft):
    me, token, video = draft
    state = editor_for(video.video_id, token)
    assert any("error" in t for t in toasts(state.publish_details(None)))
    assert not ui.videos.get(me, video.video_id).is_public


def test_delete_removes_the_video_and_returns_to_the_studio(ui, draft):
    me, token, video = draft
    state = editor_for(video.video_id, token)
    assert redirect_path(state.delete()) == routes.STUDIO
    assert ui.videos.list_mine(me).items == []


def ready_draft(svc, title: str):
    """A processed, still private video of a new creator: (principal, token, video)."""
    me, token = member(svc, "rhea")
    video = published(1, svc.port("users").get(me.user_id), title=title)
    video.visibility, video.published_at = Visibility.PRIVATE, None
    svc.port("videos").add(video)
    return me, token, video


def test_publishing_saves_the_unsaved_details_first(ui):
    me, token, video = ready_draft(ui, "Old title")
    state = editor_for(video.video_id, token)
    result = state.publish_details({"title": "New title", "description": "Fresh", "tags": "A"})
    assert any("Published." in t for t in toasts(result))
    saved = ui.videos.get(me, video.video_id)
    assert saved.is_public and (saved.title, saved.description, saved.tags) == (
        "New title", "Fresh", ["a"],
    )  # fmt: skip


def test_invalid_unsaved_details_stop_the_publish(ui):
    me, token, video = ready_draft(ui, "Old title")
    state = editor_for(video.video_id, token)
    result = state.publish_details({"title": " ", "description": "", "tags": ""})
    assert any("error" in t for t in toasts(result)) and state.title_error
    assert not ui.videos.get(me, video.video_id).is_public


def test_publishing_an_untitled_video_asks_first(ui):
    me, token, video = ready_draft(ui, "Untitled video")
    state = editor_for(video.video_id, token)
    assert toasts(state.publish_details({"title": "Untitled video", "description": "",
                                         "tags": ""})) == []  # fmt: skip
    assert state.confirm_untitled and not ui.videos.get(me, video.video_id).is_public
    state.keep_untitled_private()
    assert not state.confirm_untitled and not ui.videos.get(me, video.video_id).is_public
    state.publish_details(None)
    assert any("Published." in t for t in toasts(state.publish_anyway()))
    assert ui.videos.get(me, video.video_id).is_public and not state.confirm_untitled


def uploaded(svc, owner, title: str):
    """A video whose file has just been stored: its processing job waits in line."""
    video = svc.videos.create(owner, title=title)
    ticket = svc.uploads.request_ticket(owner, video.video_id, content_type="video/mp4")
    path = svc.port("objects").path_for(ticket.fields["key"])
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\0" * 1000)
    assert svc.uploads.object_received(ticket.fields["key"], 1000)
    return video


def test_a_queued_video_says_how_many_are_ahead_and_not_processing(ui, draft):
    me, token, _ = draft
    uploaded(ui, me, "First in line")
    video = uploaded(ui, me, "Second in line")
    state = editor_for(video.video_id, token)
    assert state.status_text == "Queued (1 ahead)" and state.processing
    result = state.upload_finished({"ok": True, "state": "done", "message": ""})
    assert not any("Processing has started" in t for t in toasts(result))
    assert any("Uploaded. Queued (1 ahead)." in t for t in toasts(result))
