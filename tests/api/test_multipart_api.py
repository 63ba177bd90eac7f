"""The five resumable-upload routes over the local storage endpoint: the rules of issue 13."""

import hashlib
import os
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.errors import NotFound
from backend.domain.statuses import VideoStatus
from tests.api.conftest import register
from tests.fakes.clock import FrozenClock

MIB = 1024 * 1024


def create(api, headers) -> str:
    r = api.post("/api/creators/videos", json={"title": "Big one"}, headers=headers)
    assert r.status_code == 201
    return r.json()["video_id"]


def start(api, headers, vid, size):
    body = {"filename": "big.mp4", "content_type": "video/mp4", "size": size}
    return api.post(f"/api/creators/videos/{vid}/uploads", json=body, headers=headers)


def urls(api, headers, vid, upload_id, numbers):
    r = api.post(
        f"/api/creators/videos/{vid}/uploads/{upload_id}/parts",
        json={"part_numbers": numbers}, headers=headers,
    )  # fmt: skip
    assert r.status_code == 200, r.text
    return {int(n): url for n, url in r.json()["urls"].items()}


def complete(api, headers, vid, upload_id, parts):
    body = {"parts": [{"part_number": n, "etag": etag} for n, etag in parts]}
    return api.post(
        f"/api/creators/videos/{vid}/uploads/{upload_id}/complete", json=body, headers=headers
    )


def md5(data: bytes) -> str:
    return '"' + hashlib.md5(data, usedforsecurity=False).hexdigest() + '"'


@pytest.fixture
def api(tmp_path):
    """The API over local storage, with a clock the test moves."""
    svc = build_services(Settings(data_dir=tmp_path), clock=FrozenClock(datetime.now(UTC)))
    with TestClient(build_api(svc)) as client:
        client.svc = svc
        yield client


@pytest.fixture
def upload(api, alice):
    """A started upload of 9 MiB + 5 bytes: two parts of 8 MiB and the rest."""
    vid = create(api, alice)
    r = start(api, alice, vid, 9 * MIB + 5)
    assert r.status_code == 201, r.text
    return vid, r.json()


def test_an_upload_is_sent_in_parts_resumed_from_the_list_and_completed(api, alice, upload):
    vid, plan = upload
    assert plan["part_size"] == 8 * MIB and plan["part_count"] == 2
    assert plan["key"] == f"uploads/{vid}/{plan['upload_id']}.mp4"
    first, rest = os.urandom(8 * MIB), os.urandom(MIB + 5)
    targets = urls(api, alice, vid, plan["upload_id"], [1, 2])
    sent = api.put(targets[1], content=first)
    assert sent.status_code == 200 and sent.headers["ETag"] == md5(first)
    parts = api.get(f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}/parts", headers=alice)
    assert parts.json() == [{"part_number": 1, "etag": md5(first), "size": 8 * MIB}]
    assert api.put(targets[2], content=rest).headers["ETag"] == md5(rest)
    done = complete(api, alice, vid, plan["upload_id"], [(1, md5(first)), (2, md5(rest))])
    assert done.status_code == 200, done.text
    assert done.json() == {"upload_id": plan["upload_id"], "key": plan["key"], "size": 9 * MIB + 5}
    assert api.svc.port("objects").read_bytes(plan["key"]) == first + rest
    video = api.get(f"/api/creators/videos/{vid}", headers=alice).json()
    assert video["status"] == VideoStatus.UPLOADED  # queued for processing, as after a POST


def test_someone_elses_upload_is_404_on_every_route(api, alice, bob, upload):
    vid, plan = upload
    base = f"/api/creators/videos/{vid}/uploads"
    calls = [
        ("POST", base, {"filename": "x.mp4", "content_type": "video/mp4", "size": 10}),
        ("POST", f"{base}/{plan['upload_id']}/parts", {"part_numbers": [1]}),
        ("GET", f"{base}/{plan['upload_id']}/parts", None),
        ("POST", f"{base}/{plan['upload_id']}/complete",
         {"parts": [{"part_number": 1, "etag": "x"}]}),
        ("DELETE", f"{base}/{plan['upload_id']}", None),
    ]  # fmt: skip
    for method, path, body in calls:
        r = api.request(method, path, json=body, headers=bob)
        assert r.status_code == 404 and r.json()["error"] == "not_found", (method, path)
    other = create(api, alice)  # alice's own other video: the upload is not its upload
    r = api.get(f"/api/creators/videos/{other}/uploads/{plan['upload_id']}/parts", headers=alice)
    assert r.status_code == 404


def tampered(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | changes
    return parts._replace(query=urlencode(query)).geturl()


def test_a_tampered_or_expired_part_url_is_403(api, alice, upload):
    vid, plan = upload
    url = urls(api, alice, vid, plan["upload_id"], [1])[1]
    for bad in (
        tampered(url, partNumber="2"),
        tampered(url, **{"X-Amz-Expires": "604800"}),
        tampered(url, **{"X-Amz-Signature": "0" * 64}),
        url.replace("/uploads/", "/uploads/vid_other/", 1),
    ):
        r = api.put(bad, content=b"x" * 100)
        assert r.status_code == 403, (bad, r.text)
        assert "<Code>SignatureDoesNotMatch</Code>" in r.text
    api.svc.port("clock").advance(seconds=api.svc.settings.ticket_expiry_s + 1)
    r = api.put(url, content=b"x" * 100)
    assert r.status_code == 403 and "<Code>AccessDenied</Code>" in r.text
    assert "Request has expired" in r.text
    assert api.get(f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}/parts",
                   headers=alice).json() == []  # fmt: skip


@pytest.mark.parametrize(
    ("named", "code"),
    [
        ([1], "InvalidPart"),  # part 2 is missing: its ETag is that of a part never sent
        ([1, "wrong"], "InvalidPart"),
        ([2, 1], "InvalidPartOrder"),
    ],
)
def test_a_wrong_complete_is_400_with_s3s_code(api, alice, upload, named, code):
    vid, plan = upload
    first, rest = os.urandom(8 * MIB), os.urandom(MIB + 5)
    targets = urls(api, alice, vid, plan["upload_id"], [1, 2])
    api.put(targets[1], content=first)
    if code != "InvalidPart" or named == [1, "wrong"]:
        api.put(targets[2], content=rest)
    etags = {1: md5(first), 2: md5(rest), "wrong": md5(b"something else")}
    parts = [(n if isinstance(n, int) else 2, etags[n]) for n in named]
    if named == [1]:
        parts.append((2, md5(rest)))
    r = complete(api, alice, vid, plan["upload_id"], parts)
    assert r.status_code == 400 and r.json()["error"] == code, r.text
    assert api.svc.port("objects").size_of(plan["key"]) is None


def test_a_too_small_part_before_the_last_is_rejected(api, alice, upload):
    vid, plan = upload
    targets = urls(api, alice, vid, plan["upload_id"], [1, 2])
    small, rest = b"s" * 1000, b"r" * 10
    api.put(targets[1], content=small)
    api.put(targets[2], content=rest)
    r = complete(api, alice, vid, plan["upload_id"], [(1, md5(small)), (2, md5(rest))])
    assert r.status_code == 400 and r.json()["error"] == "EntityTooSmall"


def test_a_part_larger_than_the_part_size_is_refused_before_it_is_stored(api, alice, upload):
    vid, plan = upload
    url = urls(api, alice, vid, plan["upload_id"], [1])[1]
    r = api.put(url, content=b"x" * (8 * MIB + 1))
    assert r.status_code == 400 and "<Code>EntityTooLarge</Code>" in r.text
    listed = api.get(f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}/parts", headers=alice)
    assert listed.json() == []
    leftovers = [p for p in api.svc.port("objects").root.rglob("*") if p.is_file()]
    assert all(p.name in ("upload.json",) or p.suffix == ".key" for p in leftovers), leftovers


def test_part_numbers_outside_the_plan_get_no_url(api, alice, upload):
    vid, plan = upload
    for numbers in ([0], [3], [], list(range(1, 1002))):
        r = api.post(
            f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}/parts",
            json={"part_numbers": numbers}, headers=alice,
        )  # fmt: skip
        assert r.status_code == 422, numbers


def test_abort_leaves_nothing_in_storage(api, alice, upload):
    vid, plan = upload
    url = urls(api, alice, vid, plan["upload_id"], [1])[1]
    api.put(url, content=b"x" * 1000)
    r = api.delete(f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}", headers=alice)
    assert r.status_code == 204
    root = api.svc.port("objects").root
    assert [p for p in (root / ".multipart").rglob("*")] == []
    assert api.put(url, content=b"x" * 1000).status_code == 404
    r = api.get(f"/api/creators/videos/{vid}/uploads/{plan['upload_id']}/parts", headers=alice)
    assert r.status_code == 409 and r.json()["error"] == "upload_ended"


def test_a_new_upload_supersedes_the_earlier_one_and_drops_its_parts(api, alice, upload):
    vid, plan = upload
    url = urls(api, alice, vid, plan["upload_id"], [1])[1]
    api.put(url, content=b"x" * 1000)
    again = start(api, alice, vid, 100)
    assert again.status_code == 201 and again.json()["part_count"] == 1
    assert len(list((api.svc.port("objects").root / ".multipart").iterdir())) == 1
    r = complete(api, alice, vid, plan["upload_id"], [(1, md5(b"x" * 1000))])
    assert r.status_code == 409 and r.json()["error"] == "upload_ended"


def test_a_file_over_the_limit_cannot_start(api, alice):
    vid = create(api, alice)
    r = start(api, alice, vid, api.svc.settings.max_upload_bytes + 1)
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    assert start(api, alice, vid, 0).status_code == 422


def test_a_browser_on_the_apps_origin_may_put_parts_and_read_their_etag(api, alice, upload):
    vid, plan = upload
    origin = api.svc.settings.public_url
    url = urls(api, alice, vid, plan["upload_id"], [1])[1]
    preflight = api.options(url, headers={"Origin": origin, "Access-Control-Request-Method": "PUT"})
    assert preflight.status_code == 200
    assert "PUT" in preflight.headers["access-control-allow-methods"]
    sent = api.put(url, content=b"x" * 10, headers={"Origin": origin})
    assert sent.headers["access-control-expose-headers"] == "ETag" and sent.headers["ETag"]


def test_parts_left_for_a_day_are_dropped_as_s3s_lifecycle_does(api, alice, upload):
    vid, plan = upload
    api.put(urls(api, alice, vid, plan["upload_id"], [1])[1], content=b"x" * 1000)
    api.svc.port("clock").advance(days=1, seconds=1)
    carol = register(api, "carol")  # alice's token expired meanwhile; anyone's upload sweeps
    assert start(api, carol, create(api, carol), 100).status_code == 201
    record = api.svc.port("uploads").get(plan["upload_id"])
    with pytest.raises(NotFound):
        api.svc.port("multipart").list_parts(key=record.key, multipart_id=record.multipart_id)
    assert len(list((api.svc.port("objects").root / ".multipart").iterdir())) == 1
