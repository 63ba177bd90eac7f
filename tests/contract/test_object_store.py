"""One object-store contract for the filesystem store and S3 (moto)."""

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest

from backend.adapters.aws.s3_object_store import S3ObjectStore
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.post_policy import PostCredentials
from tests.fakes.clock import FrozenClock


@pytest.fixture(params=["filesystem", "s3"])
def store(request, tmp_path):
    clock = FrozenClock(datetime.now(UTC))  # S3 signs with the real time: stay next to it
    if request.param == "filesystem":
        fs = FilesystemObjectStore(
            tmp_path, credentials=PostCredentials("k", "secret", "raw"),
            upload_url="http://localhost:3000/api/storage/upload", clock=clock,
        )  # fmt: skip

        def put(key: str, body: bytes) -> None:
            path = fs.path_for(key)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(body)

        return fs, put
    clients = request.getfixturevalue("aws")
    s3 = clients.client("s3")
    for bucket in ("raw-bucket", "media-bucket"):
        s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    store = S3ObjectStore(
        clients, raw_bucket="raw-bucket", media_bucket="media-bucket", clock=clock
    )

    def put_s3(key: str, body: bytes) -> None:
        bucket = "raw-bucket" if key.startswith("uploads/") else "media-bucket"
        s3.put_object(Bucket=bucket, Key=key, Body=body)

    return store, put_s3


def policy_of(fields: dict) -> dict:
    return json.loads(base64.b64decode(fields["policy"]))


def test_ticket_is_a_presigned_post_for_one_key_and_size_range(store):
    objects, _ = store
    now = datetime.now(UTC)
    ticket = objects.presign_upload(
        key="uploads/vid_1/upl_1", upload_id="upl_1", content_type="video/mp4",
        max_bytes=1000, expires_at=now + timedelta(seconds=600),
    )  # fmt: skip
    fields = ticket.fields
    assert fields["key"] == "uploads/vid_1/upl_1" and fields["Content-Type"] == "video/mp4"
    assert fields["x-amz-algorithm"] == "AWS4-HMAC-SHA256" and fields["x-amz-signature"]
    policy = policy_of(fields)
    conditions = policy["conditions"]
    assert ["content-length-range", 1, 1000] in conditions
    assert ["starts-with", "$Content-Type", "video/"] in conditions
    assert {"key": "uploads/vid_1/upl_1"} in conditions
    expiry = datetime.fromisoformat(policy["expiration"].replace("Z", "+00:00"))
    assert abs((expiry - now).total_seconds() - 600) <= 2


def test_sizes_reads_and_prefix_deletes(store):
    objects, put = store
    put("uploads/vid_1/upl_1", b"x" * 10)
    put("media/vid_1/master.m3u8", b"#EXTM3U\n")
    put("media/vid_1/720p/seg_00000.m4s", b"s" * 5)
    put("media/vid_2/master.m3u8", b"#EXTM3U\n")
    assert objects.size_of("uploads/vid_1/upl_1") == 10
    assert objects.size_of("uploads/vid_1/missing") is None
    assert objects.read_bytes("media/vid_1/master.m3u8") == b"#EXTM3U\n"
    assert objects.read_bytes("media/vid_1/nothing.m3u8") is None
    assert objects.delete_prefix("media/vid_1/") == 2
    assert objects.delete_prefix("uploads/vid_1/") == 1
    assert objects.read_bytes("media/vid_1/master.m3u8") is None
    assert objects.read_bytes("media/vid_2/master.m3u8") == b"#EXTM3U\n"
    assert objects.delete_prefix("media/vid_9/") == 0


def test_a_whole_key_as_prefix_deletes_that_one_object(store):
    objects, put = store
    put("uploads/vid_1/upl_aaaa", b"old")
    put("uploads/vid_1/upl_bbbb", b"new")
    assert objects.delete_prefix("uploads/vid_1/upl_aaaa") == 1
    assert objects.size_of("uploads/vid_1/upl_aaaa") is None
    assert objects.size_of("uploads/vid_1/upl_bbbb") == 3
