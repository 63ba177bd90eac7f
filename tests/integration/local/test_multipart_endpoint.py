"""The local S3 UploadPart endpoint over real HTTP: botocore's presigned URLs work, a part
sent twice at once ends as one whole body, and a body shorter than declared keeps nothing."""

import hashlib
import os
import socket
import threading
from datetime import UTC, datetime
from urllib.parse import urlsplit

import boto3
import httpx
import pytest
from botocore.config import Config

from backend.bootstrap import S3_PATH, build_api, build_services
from backend.config import Settings
from backend.domain.errors import StorageRejected
from backend.domain.models import StoredPart
from tests.fakes.clock import FrozenClock
from tests.integration.local.upload_helpers import read_response
from tests.live_server import serve
from tests.unit.helpers import PASSWORD

MIB = 1024 * 1024


@pytest.fixture
def platform(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path), clock=FrozenClock(datetime.now(UTC)))
    with serve(build_api(svc)) as url:
        yield svc, url


@pytest.fixture
def upload(platform):
    """A started upload of two 8 MiB parts; the part URLs point at the live server."""
    svc, url = platform
    svc.auth.sign_up(email="c@example.com", username="creator", password=PASSWORD)
    code = svc.port("identity").outbox("c@example.com")[0].code
    svc.auth.confirm(email="c@example.com", code=code)
    token = svc.auth.log_in(email="c@example.com", password=PASSWORD, client="t").token.token
    alice = svc.tokens.principal(token)
    video = svc.videos.create(alice, title="Race")
    plan = svc.multipart.start(
        alice, video.video_id, filename="r.mp4", content_type="video/mp4", size=16 * MIB
    )
    record = svc.port("uploads").get(plan.upload_id)

    def part_url(number: int) -> str:
        signed = svc.multipart.part_urls(alice, video.video_id, plan.upload_id, [number])[number]
        return url + signed.removeprefix(svc.settings.public_url.rstrip("/"))

    return svc, record, part_url


def md5(data: bytes) -> str:
    return hashlib.md5(data, usedforsecurity=False).hexdigest()


def test_a_url_botocore_presigned_with_the_local_credentials_is_accepted(platform, upload):
    """botocore's presigner is the reference: a URL it signs for the app's public address
    (which the endpoint checks against, whatever Host a proxy passes) is accepted."""
    svc, record, _ = upload
    _, url = platform
    credentials = svc.port("objects").credentials
    public = svc.settings.public_url.rstrip("/")
    s3 = boto3.client(
        "s3", endpoint_url=public + S3_PATH, region_name="local",
        aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    )  # fmt: skip
    signed = s3.generate_presigned_url(
        "upload_part", ExpiresIn=60,
        Params={"Bucket": credentials.bucket, "Key": record.key, "UploadId": record.multipart_id,
                "PartNumber": 2},
    )  # fmt: skip
    sent = httpx.put(url + signed.removeprefix(public), content=b"y" * 10)
    assert sent.status_code == 200 and sent.headers["ETag"] == f'"{md5(b"y" * 10)}"'
    other_secret = boto3.client(
        "s3", endpoint_url=public + S3_PATH, region_name="local",
        aws_access_key_id=credentials.access_key, aws_secret_access_key="not-the-secret",
        config=Config(signature_version="s3v4", s3={"addressing_style": "path"}),
    ).generate_presigned_url(
        "upload_part", ExpiresIn=60,
        Params={"Bucket": credentials.bucket, "Key": record.key, "UploadId": record.multipart_id,
                "PartNumber": 2},
    )  # fmt: skip
    assert httpx.put(url + other_secret.removeprefix(public), content=b"y").status_code == 403


def test_the_same_part_sent_twice_at_once_ends_as_one_whole_body(upload):
    svc, record, part_url = upload
    bodies = [os.urandom(8 * MIB), os.urandom(8 * MIB)]
    halfway = threading.Barrier(2, timeout=60)
    answers: list[httpx.Response] = []

    def send(body: bytes) -> None:
        def chunks():
            yield body[: 4 * MIB]
            halfway.wait()  # both requests are mid-body here
            yield body[4 * MIB :]

        answers.append(
            httpx.put(part_url(1), content=chunks(), headers={"Content-Length": str(8 * MIB)})
        )

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert sorted(a.status_code for a in answers) == [200, 200]
    store = svc.port("multipart")
    (held,) = store.list_parts(key=record.key, multipart_id=record.multipart_id)
    winner = next(b for b in bodies if md5(b) == held.etag)  # one of the two, whole
    loser = next(b for b in bodies if b is not winner)
    with pytest.raises(StorageRejected):
        store.complete(key=record.key, multipart_id=record.multipart_id,
                       parts=[StoredPart(1, md5(loser))])  # fmt: skip
    store.complete(key=record.key, multipart_id=record.multipart_id,
                   parts=[StoredPart(1, held.etag)])  # fmt: skip
    assert svc.port("objects").read_bytes(record.key) == winner


def test_a_body_cut_short_keeps_nothing(upload):
    svc, record, part_url = upload
    target = urlsplit(part_url(1))
    with socket.create_connection((target.hostname, target.port), timeout=30) as sock:
        head = [f"PUT {target.path}?{target.query} HTTP/1.1", f"Host: {target.netloc}",
                f"Content-Length: {MIB}", "", ""]  # fmt: skip
        sock.sendall("\r\n".join(head).encode() + b"z" * 1000)
    store = svc.port("multipart")
    assert store.list_parts(key=record.key, multipart_id=record.multipart_id) == []
    incoming = svc.port("objects").root / ".incoming"
    for _ in range(100):  # the server notices the disconnect on its next read
        if not [p for p in incoming.iterdir() if p.name.startswith("upload-")]:
            break
        threading.Event().wait(0.05)
    assert not [p for p in incoming.iterdir() if p.name.startswith("upload-")]


def test_a_part_without_content_length_is_refused(upload):
    _, _, part_url = upload
    target = urlsplit(part_url(1))
    with socket.create_connection((target.hostname, target.port), timeout=30) as sock:
        head = [f"PUT {target.path}?{target.query} HTTP/1.1", f"Host: {target.netloc}",
                "Transfer-Encoding: chunked", "", "3", "abc", "0", "", ""]  # fmt: skip
        sock.sendall("\r\n".join(head).encode())
        answer = read_response(sock)
    assert answer.startswith(b"HTTP/1.1 411") and b"MissingContentLength" in answer
