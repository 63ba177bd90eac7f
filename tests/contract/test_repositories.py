import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from backend.domain.errors import Conflict, InvalidInput
from backend.domain.models import Rendition, SigningKey, Upload, User, Video
from backend.domain.statuses import AccountStatus, UploadStatus, VideoStatus, Visibility

T0 = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC)


def user(n: int, email=None, username=None) -> User:
    return User(
        user_id=f"usr_{n}",
        email=email or f"u{n}@example.com",
        username=username or f"user{n}",
        signup_date=T0,
    )


def video(n: int, owner="usr_1", at=T0) -> Video:
    return Video(
        video_id=f"vid_{n:03d}", owner_id=owner, title=f"t{n}", created_at=at, updated_at=at
    )


def test_users_round_trip_and_stay_unique_ignoring_case(make):
    users = make("users")
    users.add(user(1, email="Ann@Example.com", username="Ann"))
    with pytest.raises(Conflict):
        users.add(user(2, email="ann@example.com"))
    with pytest.raises(Conflict):
        users.add(user(3, username="ANN"))
    stored = users.get_by_email("ANN@example.com")
    assert stored.user_id == "usr_1" and stored.username == "Ann" and stored.signup_date == T0
    assert users.get_by_username("aNN").user_id == "usr_1"
    assert users.get_by_username("nobody") is None
    assert users.update(
        "usr_1",
        account_status=AccountStatus.ACTIVE,
        tokens_valid_after=T0 + timedelta(seconds=1),
    )
    again = users.get("usr_1")
    assert again.account_status is AccountStatus.ACTIVE
    assert again.tokens_valid_after == T0 + timedelta(seconds=1)
    assert again.email == "ann@example.com" and again.storage_bytes == 0
    users.delete("usr_1")
    assert users.get("usr_1") is None


def test_a_taken_username_is_named_even_when_the_email_is_taken_too(make):
    users = make("users")
    users.add(user(1, email="ann@example.com", username="ann"))
    with pytest.raises(Conflict) as both:
        users.add(user(2, email="ann@example.com", username="ANN"))
    assert both.value.code == "username_taken"
    with pytest.raises(Conflict) as email_only:
        users.add(user(3, email="ann@example.com", username="other"))
    assert email_only.value.code == "email_taken"


def test_video_round_trips_every_field(make):
    videos = make("videos")
    v = video(1)
    v.tags = ["a", "b"]
    v.renditions = [Rendition(name="720p", width=1280, height=720, video_kbps=2800, audio_kbps=128)]
    v.status, v.visibility, v.published_at = VideoStatus.READY, Visibility.PUBLIC, T0
    v.duration_s, v.width, v.height, v.progress = 12.5, 1920, 1080, 100
    videos.add(v)
    assert videos.get("vid_001") == v


def test_video_update_is_conditional_on_status(make):
    videos = make("videos")
    videos.add(video(1))
    assert videos.update(
        "vid_001", expected_status=VideoStatus.DRAFT, status=VideoStatus.AWAITING_UPLOAD
    )
    assert not videos.update(
        "vid_001", expected_status=VideoStatus.DRAFT, status=VideoStatus.UPLOADED
    )
    assert videos.get("vid_001").status is VideoStatus.AWAITING_UPLOAD
    assert not videos.update("vid_009", title="gone")
    assert videos.get("vid_009") is None
    assert videos.delete("vid_001") and not videos.delete("vid_001")


def test_owner_listing_is_newest_first_with_ties_broken_by_id(make):
    videos = make("videos")
    for n in range(10):
        videos.add(video(n, at=T0 + timedelta(seconds=n // 2)))
    videos.add(video(99, owner="usr_2"))
    seen, cursor = [], None
    while True:
        page = videos.list_by_owner("usr_1", limit=3, cursor=cursor)
        seen += [v.video_id for v in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"vid_{n:03d}" for n in range(9, -1, -1)]
    with pytest.raises(InvalidInput):
        videos.list_by_owner("usr_1", limit=3, cursor="e30")  # a valid encoding of {}


def test_upload_status_moves_only_from_the_expected_one(make):
    uploads = make("uploads")
    up = Upload(
        upload_id="upl_1",
        video_id="vid_1",
        owner_id="usr_1",
        key="uploads/vid_1/upl_1",
        expires_at=T0,
        max_bytes=10,
        created_at=T0,
    )
    uploads.add(up)
    assert uploads.set_status("upl_1", UploadStatus.RECEIVED, expected=UploadStatus.PENDING, size=7)
    assert not uploads.set_status("upl_1", UploadStatus.RECEIVED, expected=UploadStatus.PENDING)
    stored = uploads.get("upl_1")
    assert stored.status is UploadStatus.RECEIVED and stored.size == 7 and stored.expires_at == T0
    uploads.delete_for_video("vid_1")
    assert uploads.get("upl_1") is None


def test_signing_keys_newest_first_retire_and_delete(make):
    keys = make("signing_keys")
    keys.add(SigningKey(kid="k1", secret=b"1" * 32, created_at=T0))
    keys.add(SigningKey(kid="k2", secret=b"2" * 32, created_at=T0 + timedelta(hours=1)))
    keys.retire("k1", T0 + timedelta(hours=3))
    assert [(k.kid, k.not_after) for k in keys.all()] == [
        ("k2", None),
        ("k1", T0 + timedelta(hours=3)),
    ]
    assert keys.all()[1].secret == b"1" * 32
    keys.delete("k1")
    assert [k.kid for k in keys.all()] == ["k2"]


def test_login_attempts_by_key_and_time(make):
    log = make("login_attempts")
    window = {"since": T0 - timedelta(minutes=15), "limit": 5}
    for minutes in (0, 5, 10):
        assert log.reserve("account:a", T0 + timedelta(minutes=minutes), **window)
    assert log.reserve("client:x", T0, **window)
    assert log.failures_since("account:a", T0 + timedelta(minutes=5)) == [
        T0 + timedelta(minutes=5),
        T0 + timedelta(minutes=10),
    ]
    log.clear("account:a")
    assert log.failures_since("account:a", T0) == []
    assert log.failures_since("client:x", T0) == [T0]


def test_reservations_stop_at_the_limit_until_the_window_moves_on(make):
    log = make("login_attempts")
    for n in range(3):
        assert log.reserve("k", T0 + timedelta(seconds=n), since=T0, limit=3)
    assert log.reserve("k", T0 + timedelta(seconds=3), since=T0, limit=3) is None
    assert len(log.failures_since("k", T0)) == 3  # a refusal records nothing
    later = T0 + timedelta(minutes=20)
    assert log.reserve("k", later, since=T0 + timedelta(seconds=1), limit=3)
    assert log.failures_since("k", T0 + timedelta(seconds=1))[-1] == later


def test_a_released_attempt_frees_its_place(make):
    log = make("login_attempts")
    first = log.reserve("k", T0, since=T0, limit=2)
    assert log.reserve("k", T0, since=T0, limit=2)
    assert first and log.reserve("k", T0, since=T0, limit=2) is None
    log.release("k", first)
    assert log.reserve("k", T0, since=T0, limit=2)
    assert len(log.failures_since("k", T0)) == 2


def test_concurrent_reservations_never_exceed_the_limit(make):
    log = make("login_attempts")
    barrier = threading.Barrier(30)

    def attempt(n: int) -> str | None:
        barrier.wait()
        return log.reserve("account:a", T0 + timedelta(microseconds=n), since=T0, limit=5)

    with ThreadPoolExecutor(30) as pool:
        granted = [r for r in pool.map(attempt, range(30)) if r]
    assert len(granted) == 5
    assert len(log.failures_since("account:a", T0)) == 5


def test_an_upload_keeps_storage_s_multipart_id(make):
    uploads = make("uploads")
    common = {"video_id": "vid_1", "owner_id": "usr_1", "expires_at": T0, "max_bytes": 10,
              "created_at": T0}  # fmt: skip
    uploads.add(
        Upload(upload_id="upl_1", key="uploads/vid_1/upl_1.mp4", multipart_id="mp-1a", **common)
    )
    uploads.add(Upload(upload_id="upl_2", key="uploads/vid_1/upl_2.mp4", **common))
    assert uploads.get("upl_1").multipart_id == "mp-1a"
    assert uploads.get("upl_2").multipart_id is None
