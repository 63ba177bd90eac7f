"""Resumable uploads in aws mode against moto's server, every call checked against the IAM
policy the deployed app role has: parts PUT to presigned UploadPart URLs, listed, completed;
S3's Object Created (reason CompleteMultipartUpload) starts processing; aborts."""

import hashlib

import httpx
import pytest
from fastapi.testclient import TestClient

from backend.bootstrap import build_api
from backend.domain.statuses import VideoStatus
from backend.entrypoints import lambdas
from tests.aws import events
from tests.aws.iam_check import denied_calls
from tests.aws.iam_requests import Call
from tests.clips import make
from tests.unit.helpers import PASSWORD


@pytest.fixture
def api(aws_platform):
    svc, _ = aws_platform
    account = {"email": "mo@example.com", "password": PASSWORD}
    client = TestClient(build_api(svc))
    assert client.post("/api/users/signup", json={**account, "username": "mona"}).status_code == 202
    confirm = {"email": "mo@example.com", "code": "123456"}  # moto accepts any code
    assert client.post("/api/users/confirm", json=confirm).status_code == 200
    token = client.post("/api/users/login", json=account).json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return client


def started(api, size: int) -> tuple[str, dict]:
    vid = api.post("/api/creators/videos", json={"title": "Resumed"}).json()["video_id"]
    body = {"filename": "clip.mp4", "content_type": "video/mp4", "size": size}
    r = api.post(f"/api/creators/videos/{vid}/uploads", json=body)
    assert r.status_code == 201, r.text
    return vid, r.json()


def s3_operations(recorder) -> set[str]:
    return {c.operation for c in recorder.calls if c.service == "s3" and c.component == "app"}


def test_a_multipart_upload_lands_in_s3_and_its_event_starts_processing(
    aws_platform, api, tmp_path, iam_recorder
):
    svc, submitter = aws_platform
    clip = make("landscape", tmp_path / "clip.mp4").read_bytes()
    vid, plan = started(api, len(clip))
    assert plan["part_count"] == 1
    base = f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}"
    url = api.post(f"{base}/parts", json={"part_numbers": [1]}).json()["urls"]["1"]
    assert url.startswith(svc.settings.aws_endpoint_url) and "X-Amz-Signature=" in url
    sent = httpx.put(url, content=clip)
    assert sent.status_code == 200
    etag = f'"{hashlib.md5(clip, usedforsecurity=False).hexdigest()}"'
    assert sent.headers["ETag"] == etag
    assert api.get(f"{base}/parts").json() == [{"part_number": 1, "etag": etag, "size": len(clip)}]
    done = api.post(f"{base}/complete", json={"parts": [{"part_number": 1, "etag": etag}]})
    assert done.status_code == 200, done.text
    assert done.json()["size"] == len(clip)
    assert svc.port("objects").size_of(plan["key"]) == len(clip)
    assert {"CreateMultipartUpload", "UploadPart", "ListParts", "CompleteMultipartUpload"} <= (
        s3_operations(iam_recorder)  # the part URL's presigning is recorded as UploadPart
    )

    event = events.object_created(
        svc.settings.raw_bucket, plan["key"], len(clip), reason="CompleteMultipartUpload"
    )
    assert lambdas.s3_object_created(events.sqs(event)) == {"batchItemFailures": []}
    assert [j["upload_id"] for j in submitter.submitted] == [plan["upload_id"]]
    assert api.get(f"/api/creators/videos/{vid}").json()["status"] == VideoStatus.PROCESSING


def test_a_wrong_etag_is_400_invalid_part_from_s3(api):
    vid, plan = started(api, 1000)
    base = f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}"
    url = api.post(f"{base}/parts", json={"part_numbers": [1]}).json()["urls"]["1"]
    assert httpx.put(url, content=b"x" * 1000).status_code == 200
    wrong = {"parts": [{"part_number": 1, "etag": '"0123456789abcdef0123456789abcdef"'}]}
    r = api.post(f"{base}/complete", json=wrong)
    assert r.status_code == 400 and r.json()["error"] == "InvalidPart", r.text


def test_abort_and_supersede_drop_the_parts_in_s3(aws_platform, api, iam_recorder):
    svc, _ = aws_platform
    s3 = svc.port("clients").client("s3")
    vid, plan = started(api, 1000)
    base = f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}"
    url = api.post(f"{base}/parts", json={"part_numbers": [1]}).json()["urls"]["1"]
    httpx.put(url, content=b"x" * 1000)
    _, again = started(api, 1000)  # another video: its upload stays
    replacement = api.post(f"/api/creators/videos/{vid}/uploads",
                           json={"content_type": "video/mp4", "size": 2000})  # fmt: skip
    assert replacement.status_code == 201
    newer = replacement.json()["upload_id"]
    assert api.delete(f"/api/creators/videos/{vid}/uploads/{newer}").status_code == 204
    with iam_recorder.muted():  # the test's own look, not the app's
        pending = s3.list_multipart_uploads(Bucket=svc.settings.raw_bucket)["Uploads"]
    assert [u["Key"] for u in pending] == [again["key"]]
    aborted = [c for c in iam_recorder.calls if c.operation == "AbortMultipartUpload"]
    assert len(aborted) == 2 and {c.component for c in aborted} == {"app"}


def test_the_multipart_calls_are_checked_against_each_role(deployment, aws_settings):
    """The app's role may abort and list parts; a role without the grant is caught."""
    target = {"Bucket": aws_settings.raw_bucket, "Key": "uploads/vid_1/upl_1.mp4", "UploadId": "u"}
    operations = ("AbortMultipartUpload", "ListParts", "CreateMultipartUpload", "UploadPart")
    calls = [
        Call(who, "s3", op, target) for who in ("app", "s3_object_created") for op in operations
    ]
    problems = denied_calls(deployment, aws_settings, calls)
    assert [p.split(" ", 1)[0] for p in problems] == ["s3_object_created"] * 3, problems
    assert not any("ListMultipartUploadParts" in p for p in problems)  # it may read the bucket
