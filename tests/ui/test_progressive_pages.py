"""A playable video's state in the studio and the editor: watchable and publishable while more
qualities encode, and, when the rest failed, which qualities are missing and why."""

from backend.domain.media import ProcessedMedia
from backend.domain.models import Rendition
from tests.ui.conftest import member, open_page
from valvid_ui import routes
from valvid_ui.pages.editor import EditorState
from valvid_ui.pages.studio import StudioState

FIRST = ProcessedMedia(
    duration_s=6.0,
    width=426,
    height=240,
    renditions=[Rendition("240p", 426, 240, 400, 64)],
    manifest_key="master.m3u8",
    poster_key="poster.jpg",
    planned=["720p", "480p", "360p", "240p"],
)


def playable_video(ui, name: str):  # type: ignore[no-untyped-def]
    me, token = member(ui, name)
    video = ui.videos.create(me, title="Early")
    ticket = ui.uploads.request_ticket(me, video.video_id)
    store = ui.port("objects")
    store.path_for(ticket.fields["key"]).parent.mkdir(parents=True, exist_ok=True)
    store.path_for(ticket.fields["key"]).write_bytes(b"x" * 10)
    assert ui.uploads.object_received(ticket.fields["key"], 10)
    assert ui.processing.begin(video.video_id, ticket.upload_id, "job")
    assert ui.processing.playable(video.video_id, ticket.upload_id, FIRST)
    return token, video.video_id, ticket.upload_id


def test_the_studio_says_playable_with_more_qualities_on_the_way(ui):
    token, _, _ = playable_video(ui, "pia")
    state = open_page(StudioState, routes.STUDIO, token=token)
    state.load()
    (row,) = state.rows
    assert row.status == "Playable — more qualities on the way (1 of 4)"
    assert row.poster and state.live and row.problem == ""


def test_the_editor_previews_and_publishes_a_playable_video(ui):
    token, video_id, _ = playable_video(ui, "quin")
    state = open_page(EditorState, routes.editor(video_id), route=routes.EDITOR, token=token)
    state.load()
    assert state.status_text == "Playable — more qualities on the way (1 of 4)"
    assert state.preview_src and state.processing and not state.can_upload
    state.publish_details(None)  # the form not rendered: nothing unsaved
    assert state.public


def test_a_failure_after_playable_names_the_missing_qualities(ui):
    token, video_id, upload_id = playable_video(ui, "rosa")
    ui.processing.fail(video_id, upload_id, "The file is damaged or incomplete.")
    state = open_page(EditorState, routes.editor(video_id), route=routes.EDITOR, token=token)
    state.load()
    assert state.status_text == "Playable — 720p, 480p, 360p could not be made"
    assert state.failure_reason == (
        "720p, 480p, 360p could not be made: The file is damaged or incomplete."
    )
    assert state.preview_src and not state.processing and state.can_upload  # a new file
    studio = open_page(StudioState, routes.STUDIO, token=token)
    studio.load()
    assert not studio.live and studio.rows[0].problem == state.failure_reason
