import pytest

from backend.domain.errors import Conflict, InvalidInput, LimitExceeded
from backend.domain.statuses import VideoStatus
from backend.services.uploads import human_bytes
from tests.fakes.services import fake_services
from tests.unit.helpers import active_user


@pytest.fixture
def alice(svc):
    return active_user(svc, "alice")


def land(svc, key: str, size: int):
    """The object arrives in storage, then its "object created" event."""
    svc.port("objects").objects[key] = size
    return svc.uploads.object_received(key, size)


@pytest.fixture
def video(svc, alice):
    return svc.videos.create(alice, title="Clip")


def test_ticket_is_for_one_key_with_limit_and_expiry(svc, alice, video, clock):
    ticket = svc.uploads.request_ticket(alice, video.video_id, content_type="video/webm")
    assert ticket.fields["key"] == f"uploads/{video.video_id}/{ticket.upload_id}.webm"
    assert (ticket.expires_at - clock.now()).total_seconds() == 600
    assert ticket.max_bytes == 5 * 1024**3  # S3's POST limit: bigger files go multipart
    assert svc.videos.get(alice, video.video_id).status is VideoStatus.AWAITING_UPLOAD


@pytest.mark.parametrize(
    ("content_type", "suffix"),
    [("video/mp4", ".mp4"), ("video/quicktime", ".mov"), ("video/x-matroska", ".mkv"),
     ("video/MP4; codecs=avc1", ".mp4"), ("video/x-unheard-of", "")],
)  # fmt: skip
def test_sources_are_stored_under_their_type_s_extension(svc, alice, video, content_type, suffix):
    """Transcoders (MediaConvert among them) take the container hint from the file name."""
    ticket = svc.uploads.request_ticket(alice, video.video_id, content_type=content_type)
    key = ticket.fields["key"]
    assert key == f"uploads/{video.video_id}/{ticket.upload_id}{suffix}"
    assert land(svc, key, 10) is not None
    assert svc.videos.get(alice, video.video_id).source_key == key


def test_non_video_content_type_is_refused(svc, alice, video):
    with pytest.raises(InvalidInput, match="video"):
        svc.uploads.request_ticket(alice, video.video_id, content_type="text/plain")


def test_received_object_queues_exactly_one_job(svc, alice, video):
    ticket = svc.uploads.request_ticket(alice, video.video_id)
    key = ticket.fields["key"]
    job = land(svc, key, 1234)
    assert job is not None
    assert svc.uploads.object_received(key, 1234) is None  # a duplicate event changes nothing
    stored = svc.videos.get(alice, video.video_id)
    assert stored.status is VideoStatus.UPLOADED and stored.source_size == 1234
    assert stored.job_id == job
    assert len(svc.port("jobs").submitted_jobs()) == 1


def test_new_ticket_supersedes_the_old_one(svc, alice, video):
    old = svc.uploads.request_ticket(alice, video.video_id)
    new = svc.uploads.request_ticket(alice, video.video_id)
    assert not svc.uploads.accepts(old.fields["key"])
    assert land(svc, old.fields["key"], 5) is None
    assert svc.uploads.accepts(new.fields["key"])
    assert land(svc, new.fields["key"], 5)


def test_unknown_keys_are_ignored(svc):
    for key in ("uploads/nope/upl_x", "elsewhere/file", "uploads/a/b/c", ""):
        assert svc.uploads.object_received(key, 1) is None


def test_no_new_ticket_while_processing_or_published(svc, alice, video):
    ticket = svc.uploads.request_ticket(alice, video.video_id)
    land(svc, ticket.fields["key"], 5)
    with pytest.raises(Conflict, match="processed"):
        svc.uploads.request_ticket(alice, video.video_id)
    svc.port("videos").update(video.video_id, status=VideoStatus.READY)
    svc.videos.publish(alice, video.video_id)
    with pytest.raises(Conflict, match="Unpublish"):
        svc.uploads.request_ticket(alice, video.video_id)
    svc.videos.unpublish(alice, video.video_id)
    assert svc.uploads.request_ticket(alice, video.video_id)


def test_event_sizes_are_checked_against_storage(svc, alice, video):
    ticket = svc.uploads.request_ticket(alice, video.video_id)
    key = ticket.fields["key"]
    assert svc.uploads.object_received(key, 10) is None  # an event for an object not stored
    assert land(svc, key, ticket.max_bytes + 1) is None  # over the limit: refused and removed
    assert key not in svc.port("objects").objects
    assert svc.videos.get(alice, video.video_id).status is VideoStatus.AWAITING_UPLOAD
    stored = land(svc, key, 99)
    assert stored and svc.videos.get(alice, video.video_id).source_size == 99


def test_a_replaced_source_is_deleted_once_the_new_upload_is_accepted(svc, alice, video):
    for size in (10, 20, 30):
        ticket = svc.uploads.request_ticket(alice, video.video_id)
        assert land(svc, ticket.fields["key"], size)
        svc.processing.fail(video.video_id, ticket.upload_id, "unplayable")
    sources = [k for k in svc.port("objects").objects if k.startswith("uploads/")]
    assert sources == [ticket.fields["key"]]


def stored_bytes(svc, principal) -> int:
    return svc.port("users").get(principal.user_id).storage_bytes


def test_stored_bytes_count_sources_replacements_and_deletions(svc, alice, video):
    for size in (100, 40):
        ticket = svc.uploads.request_ticket(alice, video.video_id)
        land(svc, ticket.fields["key"], size)
        svc.processing.fail(video.video_id, ticket.upload_id, "unplayable")
        assert stored_bytes(svc, alice) == size  # the replaced source no longer counts
    other = svc.videos.create(alice, title="Other")
    land(svc, svc.uploads.request_ticket(alice, other.video_id).fields["key"], 7)
    assert stored_bytes(svc, alice) == 47
    svc.videos.delete(alice, video.video_id)
    assert stored_bytes(svc, alice) == 7


@pytest.fixture
def quota_svc(tmp_path):
    return fake_services(tmp_path, storage_quota_bytes=1000)


def test_ticket_over_the_quota_is_refused_naming_the_quota(quota_svc):
    svc = quota_svc
    bob = active_user(svc, "bob")
    first = svc.videos.create(bob, title="One")
    ticket = svc.uploads.request_ticket(bob, first.video_id)
    assert ticket.max_bytes == 1000  # the ticket never allows more than the room left
    land(svc, ticket.fields["key"], 700)
    second = svc.videos.create(bob, title="Two")
    assert svc.uploads.request_ticket(bob, second.video_id).max_bytes == 300
    land(svc, svc.port("objects").tickets[-1]["key"], 300)
    third = svc.videos.create(bob, title="Three")
    with pytest.raises(LimitExceeded, match="storage quota of 1000 bytes") as refused:
        svc.uploads.request_ticket(bob, third.video_id)
    assert refused.value.code == "storage_quota"
    svc.processing.fail(first.video_id, ticket.upload_id, "unplayable")
    # replacing a source may use the room that source takes
    assert svc.uploads.request_ticket(bob, first.video_id).max_bytes == 700


def test_accepted_upload_over_the_quota_is_deleted_and_the_video_says_why(quota_svc):
    svc = quota_svc
    bob = active_user(svc, "bob")
    a, b = svc.videos.create(bob, title="A"), svc.videos.create(bob, title="B")
    ticket_a = svc.uploads.request_ticket(bob, a.video_id)
    ticket_b = svc.uploads.request_ticket(bob, b.video_id)  # both tickets allow 1000 bytes
    land(svc, ticket_a.fields["key"], 600)
    with pytest.raises(LimitExceeded, match="storage quota of 1000 bytes"):
        land(svc, ticket_b.fields["key"], 600)
    assert ticket_b.fields["key"] not in svc.port("objects").objects
    failed = svc.videos.get(bob, b.video_id)
    assert failed.status is VideoStatus.FAILED and "quota of 1000 bytes" in failed.failure_reason
    assert stored_bytes(svc, bob) == 600
    assert len(svc.port("jobs").submitted_jobs()) == 1


def test_quotas_are_readable():
    assert human_bytes(1000) == "1000 bytes"
    assert human_bytes(5 * 1024**3) == "5 GB"
    assert human_bytes(1536 * 1024**2) == "1.5 GB"
