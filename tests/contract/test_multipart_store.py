"""One multipart contract for local storage (the app's S3 subset over HTTP) and S3 (moto's
server): parts PUT to presigned URLs, listed, completed with S3's rules, aborted."""

import hashlib
import os
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from backend.adapters.aws.s3_multipart_store import S3MultipartStore
from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.errors import NotFound, StorageRejected
from backend.domain.models import StoredPart
from tests.fakes.clock import FrozenClock
from tests.live_server import serve

MIB = 1024 * 1024
KEY = "uploads/vid_1/upl_1.mp4"


class Storage:
    def __init__(self, kind, store, put, read) -> None:
        self.kind, self.store, self.put, self.read = kind, store, put, read

    def start(self, part_size: int = 8 * MIB) -> str:
        return self.store.create(key=KEY, content_type="video/mp4", part_size=part_size)

    def send(self, multipart_id: str, number: int, data: bytes) -> httpx.Response:
        url = self.store.presign_part(
            key=KEY, multipart_id=multipart_id, part_number=number,
            expires_at=datetime.now(UTC) + timedelta(minutes=10),
        )  # fmt: skip
        return self.put(url, data)


@pytest.fixture(params=["filesystem", "s3"])
def storage(request, tmp_path):
    clock = FrozenClock(datetime.now(UTC))  # S3 signs with the real time: stay next to it
    if request.param == "filesystem":
        svc = build_services(Settings(data_dir=tmp_path), clock=clock)
        public = svc.settings.public_url.rstrip("/")
        with serve(build_api(svc)) as url:
            yield Storage(
                "filesystem",
                svc.port("multipart"),
                lambda target, data: httpx.put(url + target.removeprefix(public), content=data),
                svc.port("objects").read_bytes,
            )
        return
    clients = request.getfixturevalue("aws_http")
    s3 = clients.client("s3")
    bucket = f"{clients.prefix}-raw"
    s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    yield Storage(
        "s3",
        S3MultipartStore(clients, raw_bucket=bucket, clock=clock),
        lambda target, data: httpx.put(target, content=data),
        lambda key: s3.get_object(Bucket=bucket, Key=key)["Body"].read(),
    )


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def test_parts_are_put_listed_and_assembled_in_order(storage):
    first, last = os.urandom(5 * MIB), os.urandom(1000)
    multipart_id = storage.start()
    sent = {2: storage.send(multipart_id, 2, last), 1: storage.send(multipart_id, 1, first)}
    assert {n: r.status_code for n, r in sent.items()} == {1: 200, 2: 200}
    assert sent[1].headers["ETag"] == f'"{md5(first)}"'
    assert sent[2].headers["ETag"] == f'"{md5(last)}"'
    listed = storage.store.list_parts(key=KEY, multipart_id=multipart_id)
    assert listed == [StoredPart(1, md5(first), 5 * MIB), StoredPart(2, md5(last), 1000)]
    named = [StoredPart(1, sent[1].headers["ETag"]), StoredPart(2, md5(last))]  # quoted or not
    assert storage.store.complete(key=KEY, multipart_id=multipart_id, parts=named) == 5 * MIB + 1000
    assert storage.read(KEY) == first + last
    with pytest.raises(NotFound):
        storage.store.list_parts(key=KEY, multipart_id=multipart_id)


def test_a_part_sent_again_replaces_the_earlier_one(storage):
    multipart_id = storage.start()
    old, new = b"a" * 1000, b"b" * 1000
    storage.send(multipart_id, 1, old)
    assert storage.send(multipart_id, 1, new).status_code == 200
    assert storage.store.list_parts(key=KEY, multipart_id=multipart_id) == [
        StoredPart(1, md5(new), 1000)
    ]
    with pytest.raises(StorageRejected) as stale:
        storage.store.complete(key=KEY, multipart_id=multipart_id, parts=[StoredPart(1, md5(old))])
    assert stale.value.code == "InvalidPart"


@pytest.mark.parametrize(
    ("named", "code"),
    [
        ([(1, "first"), (3, "last")], "InvalidPart"),  # part 3 was never sent
        ([(1, "first"), (2, "wrong")], "InvalidPart"),  # not its ETag
        ([(2, "last"), (1, "first")], "InvalidPartOrder"),
        ([(1, "small"), (2, "last")], "EntityTooSmall"),  # part 1 replaced by a small one below
    ],
)
def test_a_wrong_complete_is_refused_with_s3s_code(storage, named, code):
    if storage.kind == "s3" and code == "InvalidPartOrder":
        pytest.skip("moto sorts the parts where S3 refuses them; the service checks the order")
    multipart_id = storage.start()
    first, last = os.urandom(5 * MIB), os.urandom(5 * MIB)  # out of order: neither too small
    storage.send(multipart_id, 1, first)
    storage.send(multipart_id, 2, last)
    etags = {"first": md5(first), "last": md5(last), "wrong": md5(b"other")}
    if code == "EntityTooSmall":
        small = b"s" * 100
        storage.send(multipart_id, 1, small)
        etags["small"] = md5(small)
    parts = [StoredPart(n, etags[name]) for n, name in named]
    with pytest.raises(StorageRejected) as refused:
        storage.store.complete(key=KEY, multipart_id=multipart_id, parts=parts)
    assert refused.value.code == code
    assert len(storage.store.list_parts(key=KEY, multipart_id=multipart_id)) == 2  # still there


def test_abort_drops_the_upload_and_its_parts(storage):
    multipart_id = storage.start()
    storage.send(multipart_id, 1, b"x" * 100)
    storage.store.abort(key=KEY, multipart_id=multipart_id)
    with pytest.raises(NotFound):
        storage.store.list_parts(key=KEY, multipart_id=multipart_id)
    late = storage.send(multipart_id, 2, b"y" * 10)
    assert late.status_code == 404 or storage.kind == "s3"  # moto's server answers 500 here
    storage.store.abort(key=KEY, multipart_id=multipart_id)  # again: nothing happens
