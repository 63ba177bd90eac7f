"""Resumable uploads as a use case, over fakes: plans, supersede, complete, abort."""

import pytest

from backend.domain.errors import Conflict, LimitExceeded, StorageRejected
from backend.domain.models import StoredPart
from backend.domain.statuses import UploadStatus, VideoStatus
from backend.services.multipart_uploads import part_size_for
from tests.unit.helpers import active_user

MIB, GIB = 1024**2, 1024**3


@pytest.fixture
def alice(svc):
    return active_user(svc, "alice")


@pytest.fixture
def video(svc, alice):
    return svc.videos.create(alice, title="Clip")


def begin(svc, alice, video, size):
    return svc.multipart.start(
        alice, video.video_id, filename="clip.mp4", content_type="video/mp4", size=size
    )


@pytest.mark.parametrize(
    ("size", "part_size", "parts"),
    [(1, 8 * MIB, 1), (9 * MIB, 8 * MIB, 2), (2 * GIB, 8 * MIB, 256),
     (4 * GIB, 16 * MIB, 256), (20 * GIB, 64 * MIB, 320), (625 * GIB, 64 * MIB, 10_000)],
)  # fmt: skip
def test_parts_are_8_to_64_mib_and_at_most_10000(svc, alice, video, size, part_size, parts):
    assert part_size_for(size) == part_size
    svc.uploads.max_bytes = size
    plan = begin(svc, alice, video, size)
    assert (plan.part_size, plan.part_count) == (part_size, parts)


def test_a_file_too_big_for_10000_parts_cannot_start(svc, alice, video):
    svc.uploads.max_bytes = 700 * GIB
    with pytest.raises(LimitExceeded) as refused:
        begin(svc, alice, video, 626 * GIB)
    assert refused.value.code == "too_large"


def test_a_new_upload_aborts_the_earlier_multipart_upload(svc, alice, video):
    store = svc.port("multipart")
    first = begin(svc, alice, video, 10 * MIB)
    multipart_id = svc.port("uploads").get(first.upload_id).multipart_id
    svc.uploads.request_ticket(alice, video.video_id)  # even a single-POST ticket supersedes
    assert store.aborted == [multipart_id]
    assert svc.port("uploads").get(first.upload_id).status is UploadStatus.SUPERSEDED


def test_complete_queues_processing_like_a_posted_file(svc, alice, video):
    store = svc.port("multipart")
    plan = begin(svc, alice, video, 8 * MIB + 3)
    multipart_id = svc.port("uploads").get(plan.upload_id).multipart_id
    first = store.put_part(multipart_id, 1, b"a" * 8 * MIB)
    parts = [StoredPart(1, first), StoredPart(2, store.put_part(multipart_id, 2, b"bcd"))]
    done = svc.multipart.complete(alice, video.video_id, plan.upload_id, parts)
    assert done.size == 8 * MIB + 3
    stored = svc.videos.get(alice, video.video_id)
    assert stored.status is VideoStatus.UPLOADED and stored.source_key == plan.key
    assert len(svc.port("jobs").submitted_jobs()) == 1
    with pytest.raises(Conflict):  # once only
        svc.multipart.complete(alice, video.video_id, plan.upload_id, parts)


def test_parts_adding_up_to_more_than_announced_are_refused_and_dropped(svc, alice, video):
    store = svc.port("multipart")
    plan = begin(svc, alice, video, 100)
    multipart_id = svc.port("uploads").get(plan.upload_id).multipart_id
    etag = store.put_part(multipart_id, 1, b"x" * 101)
    with pytest.raises(LimitExceeded):
        svc.multipart.complete(alice, video.video_id, plan.upload_id, [StoredPart(1, etag)])
    assert svc.port("objects").size_of(plan.key) is None


def test_parts_out_of_order_are_refused_before_storage_sees_them(svc, alice, video):
    plan = begin(svc, alice, video, 20 * MIB)
    parts = [StoredPart(2, "b"), StoredPart(1, "a")]
    with pytest.raises(StorageRejected) as refused:
        svc.multipart.complete(alice, video.video_id, plan.upload_id, parts)
    assert refused.value.code == "InvalidPartOrder"


def test_abort_drops_the_parts_and_ends_the_upload(svc, alice, video):
    plan = begin(svc, alice, video, 10 * MIB)
    multipart_id = svc.port("uploads").get(plan.upload_id).multipart_id
    svc.multipart.abort(alice, video.video_id, plan.upload_id)
    assert svc.port("multipart").aborted == [multipart_id]
    assert svc.port("uploads").get(plan.upload_id).status is UploadStatus.ABORTED
    svc.multipart.abort(alice, video.video_id, plan.upload_id)  # again: nothing happens
    with pytest.raises(Conflict):
        svc.multipart.part_urls(alice, video.video_id, plan.upload_id, [1])
