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
    assert (state.title, state.creator, state.description, [t.name for t in state.tags]) == (
        "Harbour at dawn", "wren", "Gulls.", ["sea"],
    )  # fmt: skip
    assert f"/{video.video_id}/" in state.src and "Signature=" in state.src


def test_a_private_or_missing_video_is_not_found(ui):
    video = publish_one(ui, visibility=Visibility.PRIVATE)
    for video_id in (video.video_id, "vid_missing"):
        state = open_page(WatchState, routes.watch(video_id), route=routes.WATCH)
        state.load()
        assert state.loaded and not state.found and state.src == ""


def test_the_page_is_titled_by_the_video(ui):
    video = publish_one(ui)
    state = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH)
    state.load()
    assert state.page_title == "Harbour at dawn · Valvid"
    assert state.page_url.endswith(f"/watch/{video.video_id}")
    state.router = open_page(WatchState, routes.watch("vid_gone"), route=routes.WATCH).router
    state.load()  # the same tab moves on to a video that is not public
    assert state.page_title == "Watch · Valvid" and (state.title, state.poster) == ("", "")


def test_tags_link_to_a_search_and_addresses_in_the_description_are_links(ui):
    text = "Map: https://example.com/map. javascript:alert(1)"
    video = publish_one(ui, tags=["sea", "old town"], description=text)
    state = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH)
    state.load()
    assert [(t.name, t.href) for t in state.tags] == [
        ("sea", "/?q=sea"), ("old town", "/?q=old%20town")]  # fmt: skip
    assert [p.href for p in state.description_pieces] == ["", "https://example.com/map", ""]
    assert not state.long_description


def test_a_long_description_starts_collapsed(ui):
    video = publish_one(ui, description="word " * 200)
    state = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH)
    state.load()
    assert state.long_description and not state.expanded
    state.toggle_description()
    assert state.expanded


def test_a_portrait_video_gets_a_portrait_player(ui):
    video = publish_one(ui, width=720, height=1280)
    state = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH)
    state.load()
    assert state.aspect == "720 / 1280"
