"""The editor's details form: every wrong field shown at once (issue 16, item 13) and Save
details disabled while a save runs (item 3)."""

import re

from tests.ui.conftest import member, open_page
from valvid_ui import routes
from valvid_ui.pages import editor
from valvid_ui.pages.editor import EditorState


def test_every_wrong_detail_is_shown_at_once(ui):
    me, token = member(ui, "ida")
    video = ui.videos.create(me, title="Kept")
    state = open_page(EditorState, routes.editor(video.video_id), route=routes.EDITOR, token=token)
    state.load()
    state.save({"title": " ", "description": "x" * 5001, "tags": "y" * 31})
    assert state.title_error == "Title must be 1-100 characters."
    assert state.description_error == "Description must be at most 5000 characters."
    assert state.tags_error == "Each tag must be 1-30 characters."
    assert ui.videos.get(me, video.video_id).title == "Kept"


def test_save_details_is_disabled_while_a_save_runs(ui):
    rendered = str(editor.metadata_form())
    assert re.search(r'disabled:\w+editor_state\.saving_rx_state_,[^)]*"Save details"', rendered)
    state = open_page(EditorState, "/studio/vid_1", route=routes.EDITOR)
    state.begin_saving()
    assert state.saving
    state.end_saving()
    assert not state.saving
