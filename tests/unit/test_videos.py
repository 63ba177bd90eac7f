import pytest

from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.statuses import VideoStatus, Visibility
from tests.unit.helpers import active_user


@pytest.fixture
def alice(svc):
    return active_user(svc, "alice")


@pytest.fixture
def bob(svc):
    return active_user(svc, "bob")


def test_draft_has_normalised_tags_and_is_private(svc, alice):
    video = svc.videos.create(alice, title="  My trip ", tags=["Travel", "travel", " Sea  Side "])
    assert video.title == "My trip"
    assert video.tags == ["travel", "sea side"]
    assert video.status is VideoStatus.DRAFT and video.visibility is Visibility.PRIVATE


@pytest.mark.parametrize(
    "change",
    [
        {"title": ""},
        {"title": "x" * 101},
        {"description": "d" * 5001},
        {"tags": [f"t{i}" for i in range(11)]},
        {"tags": ["x" * 31]},
        {"tags": [""]},
    ],
)
def test_invalid_metadata_is_refused_and_nothing_changes(svc, alice, change):
    video = svc.videos.create(alice, title="Keep me")
    with pytest.raises(InvalidInput):
        svc.videos.update(alice, video.video_id, **change)
    assert svc.videos.get(alice, video.video_id).title == "Keep me"


def test_limits_are_inclusive(svc, alice):
    video = svc.videos.create(alice, title="x" * 100, description="d" * 5000)
    updated = svc.videos.update(alice, video.video_id, tags=[f"t{i}" for i in range(10)])
    assert len(updated.tags) == 10


def test_someone_elses_video_is_not_found_for_every_action(svc, alice, bob):
    video = svc.videos.create(alice, title="Secret")
    actions = [
        lambda: svc.videos.get(bob, video.video_id),
        lambda: svc.videos.update(bob, video.video_id, title="hacked"),
        lambda: svc.videos.publish(bob, video.video_id),
        lambda: svc.videos.unpublish(bob, video.video_id),
        lambda: svc.videos.delete(bob, video.video_id),
        lambda: svc.uploads.request_ticket(bob, video.video_id),
    ]
    for action in actions:
        with pytest.raises(NotFound, match="Video not found"):
            action()
    assert svc.videos.get(alice, video.video_id).title == "Secret"


def test_publish_needs_ready(svc, alice):
    video = svc.videos.create(alice, title="Not yet")
    with pytest.raises(Conflict):
        svc.videos.publish(alice, video.video_id)


def make_ready(svc, video):
    svc.port("videos").update(video.video_id, status=VideoStatus.READY)


def test_publish_and_unpublish_a_ready_video(svc, alice, clock):
    video = svc.videos.create(alice, title="Done")
    make_ready(svc, video)
    published = svc.videos.publish(alice, video.video_id)
    assert published.visibility is Visibility.PUBLIC and published.published_at == clock.now()
    assert published.is_public
    private = svc.videos.unpublish(alice, video.video_id)
    assert private.visibility is Visibility.PRIVATE and private.published_at is None


def test_own_list_is_newest_first_and_paginates_without_gaps(svc, alice, bob, clock):
    ids = []
    for i in range(7):
        clock.advance(seconds=1)
        ids.append(svc.videos.create(alice, title=f"v{i}").video_id)
    svc.videos.create(bob, title="not mine")
    seen, cursor = [], None
    while True:
        page = svc.videos.list_mine(alice, limit=3, cursor=cursor)
        seen += [v.video_id for v in page.items]
        if not page.next_cursor:
            break
        cursor = page.next_cursor
    assert seen == list(reversed(ids))


def test_bad_cursor_and_limit_are_invalid_input(svc, alice):
    with pytest.raises(InvalidInput):
        svc.videos.list_mine(alice, cursor="!!garbage!!")
    with pytest.raises(InvalidInput):
        svc.videos.list_mine(alice, limit=0)


def test_delete_removes_record_objects_and_cancels_jobs(svc, alice):
    video = svc.videos.create(alice, title="Bye")
    ticket = svc.uploads.request_ticket(alice, video.video_id)
    store = svc.port("objects")
    store.objects[ticket.fields["key"]] = 10
    store.objects[f"media/{video.video_id}/master.m3u8"] = 1
    store.objects["media/other/master.m3u8"] = 1
    assert svc.uploads.object_received(ticket.fields["key"], 10)
    svc.videos.delete(alice, video.video_id)
    assert list(store.objects) == ["media/other/master.m3u8"]
    assert [j["status"] for j in svc.port("jobs").submitted_jobs()] == ["CANCELED"]
    with pytest.raises(NotFound):
        svc.videos.get(alice, video.video_id)
