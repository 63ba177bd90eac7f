from backend.domain.statuses import Visibility
from tests.catalog_seed import published
from tests.ui.conftest import member, open_page
from valvid_ui import routes
from valvid_ui.pages.watch import WatchState


def publish_one(svc, n: int = 1, **changes):
    principal, _ = member(svc, "wren")
    video = published(n, svc.port("users").get(principal.user_id), title="Harbour at dawn")
    for name, value in changes.items():
        setattr(video, name, value)
    svc.port("videos").add(video)
    return video


def test_a_published_video_shows_with_a_signed_source(ui):
    video = publish_one(ui, description="Gulls.", tags=["sea"])
    state = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH)
    state.load()
    assert state.loaded and state.found
    assert (state.title, state.creator, state.description, state.tags) == (
        "Harbour at dawn", "wren", "Gulls.", ["sea"],
    )  # fmt: skip
    assert f"/{video.video_id}/" in state.src and "Signature=" in state.src


def test_a_private_or_missing_video_is_not_found(ui):
    video = publish_one(ui, visibility=Visibility.PRIVATE)
    for video_id in (video.video_id, "vid_missing"):
        state = open_page(WatchState, routes.watch(video_id), route=routes.WATCH)
        state.load()
        assert state.loaded and not state.found and state.src == ""
