"""Two writers of one record never undo each other: each writes only its own fields, state
changes are conditional, and counters add atomically. Runs on SQLite, the fakes and DynamoDB."""

import threading
from datetime import timedelta

import pytest

from backend.domain.models import Rendition, Upload
from backend.domain.statuses import AccountStatus, UploadStatus, VideoStatus, Visibility
from tests.contract.test_repositories import T0, user, video


def test_two_user_writers_changing_different_fields_both_survive(make):
    users = make("users")
    users.add(user(1))
    users.update("usr_1", account_status=AccountStatus.ACTIVE)
    login, operator = users.get("usr_1"), users.get("usr_1")  # both read first
    assert users.update("usr_1", account_status=AccountStatus.SUSPENDED)
    assert login.account_status is AccountStatus.ACTIVE  # the login's copy is stale now
    assert users.update("usr_1", last_login=T0)
    assert users.update("usr_1", tokens_valid_after=T0 + timedelta(seconds=1))
    stored = users.get("usr_1")
    assert operator.account_status is AccountStatus.ACTIVE
    assert stored.account_status is AccountStatus.SUSPENDED
    assert stored.last_login == T0 and stored.tokens_valid_after == T0 + timedelta(seconds=1)


def test_user_update_is_refused_once_its_condition_no_longer_holds(make):
    users = make("users")
    users.add(user(1))
    users.update("usr_1", account_status=AccountStatus.SUSPENDED)
    assert not users.update("usr_1", expected_status=AccountStatus.ACTIVE, last_login=T0)
    assert users.get("usr_1").last_login is None
    assert not users.update("usr_9", last_login=T0)
    assert users.get("usr_9") is None
    users.update("usr_1", last_login=T0)
    assert users.update("usr_1", last_login=None)
    assert users.get("usr_1").last_login is None


def test_two_video_writers_changing_different_fields_both_survive(make):
    videos = make("videos")
    videos.add(video(1))
    editor, worker = videos.get("vid_001"), videos.get("vid_001")  # both read first
    assert videos.update(editor.video_id, title="Edited", tags=["x"], description="")
    assert videos.update(
        worker.video_id,
        expected_status=VideoStatus.DRAFT,
        status=VideoStatus.READY,
        renditions=[Rendition(name="360p", width=640, height=360, video_kbps=800, audio_kbps=None)],
        duration_s=2.5,
    )
    stored = videos.get("vid_001")
    assert (stored.title, stored.tags, stored.description) == ("Edited", ["x"], "")
    assert stored.status is VideoStatus.READY and stored.duration_s == 2.5
    assert stored.renditions[0].audio_kbps is None
    assert stored.created_at == T0 and stored.owner_id == "usr_1"


def test_video_update_is_refused_when_upload_or_visibility_moved_on(make):
    videos = make("videos")
    videos.add(video(1))
    videos.update("vid_001", current_upload_id="upl_2", status=VideoStatus.READY)
    assert not videos.update("vid_001", expected_upload_id="upl_1", status=VideoStatus.FAILED)
    published = {"visibility": Visibility.PUBLIC, "published_at": T0}
    assert videos.update("vid_001", expected_status=VideoStatus.READY, **published)
    assert not videos.update(
        "vid_001",
        expected_visibility=Visibility.PRIVATE,
        status=VideoStatus.AWAITING_UPLOAD,
    )
    stored = videos.get("vid_001")
    assert stored.status is VideoStatus.READY and stored.visibility is Visibility.PUBLIC
    assert stored.current_upload_id == "upl_2" and stored.published_at == T0


def test_publishing_must_be_sure_of_ready_and_carry_its_date(make):
    videos = make("videos")
    videos.add(video(1))
    videos.update("vid_001", status=VideoStatus.READY)
    with pytest.raises(ValueError, match="READY"):
        videos.update("vid_001", visibility=Visibility.PUBLIC, published_at=T0)
    with pytest.raises(ValueError, match="published_at"):
        videos.update("vid_001", expected_status=VideoStatus.READY, visibility=Visibility.PUBLIC)
    assert videos.get("vid_001").visibility is Visibility.PRIVATE


def test_only_one_of_two_racing_upload_transitions_wins(make):
    uploads = make("uploads")
    uploads.add(
        Upload(upload_id="upl_1", video_id="vid_1", owner_id="usr_1", key="uploads/vid_1/upl_1",
               expires_at=T0, max_bytes=10, created_at=T0)
    )  # fmt: skip
    outcomes = race(
        lambda: uploads.set_status("upl_1", UploadStatus.SUPERSEDED, expected=UploadStatus.PENDING),
        lambda: uploads.set_status(
            "upl_1", UploadStatus.RECEIVED, expected=UploadStatus.PENDING, size=7
        ),
    )
    assert sorted(outcomes) == [False, True]
    stored = uploads.get("upl_1")
    assert stored.status is (UploadStatus.RECEIVED if outcomes[1] else UploadStatus.SUPERSEDED)


def test_storage_counter_adds_exactly_under_many_threads(make):
    users = make("users")
    users.add(user(1))
    threads, adds = 8, 10
    race(*[lambda: [users.add_storage_bytes("usr_1", 3) for _ in range(adds)]] * threads)
    assert users.get("usr_1").storage_bytes == threads * adds * 3
    assert users.add_storage_bytes("usr_1", -40)
    assert users.get("usr_1").storage_bytes == threads * adds * 3 - 40


def test_storage_counter_refuses_to_pass_its_limit_even_under_threads(make):
    users = make("users")
    users.add(user(1))
    outcomes = race(*[lambda: users.add_storage_bytes("usr_1", 40, limit=100)] * 6)
    assert outcomes.count(True) == 2
    assert users.get("usr_1").storage_bytes == 80
    assert not users.add_storage_bytes("usr_1", 101, limit=100)
    assert users.add_storage_bytes("usr_1", 20, limit=100)
    assert users.get("usr_1").storage_bytes == 100
    assert not users.add_storage_bytes("usr_9", 1)


def race(*writers):
    """Run the writers at once (released together by a barrier); their results in order."""
    barrier = threading.Barrier(len(writers))
    results: list = [None] * len(writers)

    def run(i: int) -> None:
        barrier.wait()
        results[i] = writers[i]()

    pool = [threading.Thread(target=run, args=(i,)) for i in range(len(writers))]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    return results
