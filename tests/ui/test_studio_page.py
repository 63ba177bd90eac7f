from backend.domain.statuses import VideoStatus
from tests.ui.conftest import events, member, open_page, redirect_path
from valvid_ui import routes
from valvid_ui.pages.studio import StudioState


def test_without_a_session_the_studio_sends_you_to_log_in_and_back(ui):
    state = open_page(StudioState, routes.STUDIO)
    assert redirect_path(state.require_login()) == f"{routes.LOGIN}?next=/studio"


def test_the_studio_lists_only_my_videos_newest_first_with_their_state(ui):
    me, token = member(ui, "ines")
    other, _ = member(ui, "olaf")
    first = ui.videos.create(me, title="First")
    ui.videos.create(other, title="Not mine")
    ui.uploads.request_ticket(me, first.video_id)
    ui.videos.create(me, title="Second")

    state = open_page(StudioState, routes.STUDIO, token=token)
    state.load()

    assert [r.title for r in state.rows] == ["Second", "First"]
    assert [r.status for r in state.rows] == ["Draft", "Waiting for upload"]
    assert {r.visibility for r in state.rows} == {"Private"} and state.cursor == ""


def test_load_more_appends_the_next_page(ui):
    me, token = member(ui, "juno")
    for n in range(30):
        ui.videos.create(me, title=f"Clip {n}")
    state = open_page(StudioState, routes.STUDIO, token=token)
    state.load()
    assert len(state.rows) == 24 and state.cursor
    state.load_more()
    assert len(state.rows) == 30 and state.cursor == ""
    assert len({r.video_id for r in state.rows}) == 30


def test_new_video_creates_a_draft_and_opens_its_editor(ui):
    me, token = member(ui, "kai")
    state = open_page(StudioState, routes.STUDIO, token=token)
    target = redirect_path(state.new_video())
    (video,) = ui.videos.list_mine(me).items
    assert video.status is VideoStatus.DRAFT
    assert target == routes.editor(video.video_id)


def test_the_list_stays_live_while_any_video_may_still_change(ui):
    me, token = member(ui, "lior")
    waiting = ui.videos.create(me, title="Uploading")
    ui.uploads.request_ticket(me, waiting.video_id)  # the browser is sending the file
    state = open_page(StudioState, routes.STUDIO, token=token)
    assert events(state.load()) == [StudioState.watch_processing] and state.live


def test_a_list_of_settled_videos_is_not_polled(ui):
    me, token = member(ui, "mira")
    ui.videos.create(me, title="Just a draft")
    state = open_page(StudioState, routes.STUDIO, token=token)
    assert events(state.load()) == [] and not state.live


def test_a_queued_video_shows_its_place_in_line(ui):
    from tests.ui.test_editor_page import uploaded

    me, token = member(ui, "nico")
    uploaded(ui, me, "First")
    uploaded(ui, me, "Second")
    state = open_page(StudioState, routes.STUDIO, token=token)
    state.load()
    assert [r.status for r in state.rows] == ["Queued (1 ahead)", "Queued (0 ahead)"]


def test_a_live_refresh_keeps_the_rows_load_more_showed_and_follows_them(ui):
    me, token = member(ui, "olga")
    early = ui.videos.create(me, title="Oldest, uploading")
    ui.uploads.request_ticket(me, early.video_id)
    for n in range(29):
        ui.videos.create(me, title=f"Draft {n}")
    state = open_page(StudioState, routes.STUDIO, token=token)
    state.load()
    assert len(state.rows) == 24 and not state.live  # the uploading one is on page two
    assert events(state.load_more()) == [StudioState.watch_processing]
    assert len(state.rows) == 30 and state.live
    assert state._refresh(reset=True, keep=len(state.rows))  # what the live loop does
    assert len(state.rows) == 30 and state.live and state.rows[-1].title == "Oldest, uploading"
