"""The local POST Object endpoint over real HTTP: the S3 contract, limits and atomicity."""

import base64
import json
from datetime import UTC, datetime

import httpx
import pytest

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from tests.fakes.clock import FrozenClock
from tests.integration.local.upload_helpers import post, stored_files, ticket_for
from tests.live_server import serve
from tests.multipart_form import form_stream
from tests.unit.helpers import PASSWORD

MIB = 1024 * 1024


@pytest.fixture
def platform(tmp_path):
    clock = FrozenClock(datetime.now(UTC))
    svc = build_services(Settings(data_dir=tmp_path, max_upload_bytes=8 * MIB), clock=clock)
    with serve(build_api(svc)) as url:
        yield svc, url


@pytest.fixture
def creator(platform):
    svc, _ = platform
    svc.auth.sign_up(email="c@example.com", username="creator", password=PASSWORD)
    code = svc.port("identity").outbox("c@example.com")[0].code
    svc.auth.confirm(email="c@example.com", code=code)
    token = svc.auth.log_in(email="c@example.com", password=PASSWORD, client="t").token.token
    return svc.tokens.principal(token)


def test_upload_lands_atomically_and_queues_processing(platform, creator):
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    response = post(target, ticket.fields, 3 * MIB + 17)
    assert response.status_code == 201, response.text
    assert f"<Key>{ticket.fields['key']}</Key>" in response.text
    assert stored_files(svc) == [ticket.fields["key"]]
    assert svc.port("objects").size_of(ticket.fields["key"]) == 3 * MIB + 17
    stored = svc.videos.get(creator, video.video_id)
    assert stored.status is VideoStatus.UPLOADED and stored.source_size == 3 * MIB + 17
    assert svc.port("jobs").status_of(stored.job_id) == "QUEUED"


def test_a_ticket_works_once(platform, creator):
    _, ticket, target = ticket_for(platform, creator)
    assert post(target, ticket.fields, 1000).status_code == 201
    again = post(target, ticket.fields, 1000)
    assert again.status_code == 403 and "<Code>AccessDenied</Code>" in again.text


def test_expired_ticket_is_refused(platform, creator):
    svc, _ = platform
    _, ticket, target = ticket_for(platform, creator)
    svc.port("clock").advance(seconds=601)
    response = post(target, ticket.fields, 1000)
    assert response.status_code == 403 and "Policy expired" in response.text
    assert stored_files(svc) == []


def tampered(fields, **policy_change):
    policy = json.loads(base64.b64decode(fields["policy"]))
    for condition in policy["conditions"]:
        if isinstance(condition, list) and condition[0] == "content-length-range":
            condition[2] = policy_change.get("max_bytes", condition[2])
    encoded = base64.b64encode(json.dumps(policy).encode()).decode()
    return dict(fields, policy=encoded)


def test_tampered_policy_is_refused(platform, creator):
    svc, _ = platform
    _, ticket, target = ticket_for(platform, creator)
    response = post(target, tampered(ticket.fields, max_bytes=10 * 1024**3), 1000)
    assert response.status_code == 403 and "SignatureDoesNotMatch" in response.text
    forged = dict(ticket.fields, **{"x-amz-signature": "0" * 64})
    assert post(target, forged, 1000).status_code == 403
    not_hex = dict(ticket.fields, **{"x-amz-signature": "é" * 64})  # was a 500 and a traceback
    response = post(target, not_hex, 1000)
    assert response.status_code == 403 and "SignatureDoesNotMatch" in response.text
    assert stored_files(svc) == []


def test_another_key_is_refused(platform, creator):
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    other = dict(ticket.fields, key=f"uploads/{video.video_id}/upl_other")
    response = post(target, other, 1000)
    assert response.status_code == 403 and "Condition failed: key" in response.text
    assert stored_files(svc) == []


def test_superseded_ticket_is_refused(platform, creator):
    svc, _ = platform
    video, old, target = ticket_for(platform, creator)
    new = svc.uploads.request_ticket(creator, video.video_id)
    assert post(target, old.fields, 1000).status_code == 403
    assert post(target, new.fields, 1000).status_code == 201
    assert stored_files(svc) == [new.fields["key"]]


def test_non_video_content_type_is_refused(platform, creator):
    svc, _ = platform
    _, ticket, target = ticket_for(platform, creator)
    response = post(target, dict(ticket.fields, **{"Content-Type": "text/plain"}), 1000)
    assert response.status_code == 403 and "Content-Type" in response.text
    assert stored_files(svc) == []


def test_extra_unsigned_field_is_refused(platform, creator):
    _, ticket, target = ticket_for(platform, creator)
    response = post(target, dict(ticket.fields, acl="public-read"), 1000)
    assert response.status_code == 403 and "Extra input fields" in response.text


def test_empty_file_is_refused(platform, creator):
    svc, _ = platform
    _, ticket, target = ticket_for(platform, creator)
    response = post(target, ticket.fields, 0)
    assert response.status_code == 400 and "EntityTooSmall" in response.text
    assert stored_files(svc) == []


def test_oversize_body_is_cut_off_at_the_limit_and_nothing_is_kept(platform, creator):
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    sent: list[int] = []
    content_type, body, _ = form_stream(ticket.fields, 200 * MIB, sent=sent)
    try:  # no Content-Length: the server only learns the size by counting the stream
        response = httpx.post(
            target, content=body, headers={"Content-Type": content_type}, timeout=60
        )
        assert response.status_code == 413 and "EntityTooLarge" in response.text
    except httpx.TransportError:
        pass  # the server closed the connection after refusing: also an abort
    assert sum(sent) < 64 * MIB, "the server kept reading long after the limit"
    assert stored_files(svc) == []
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.AWAITING_UPLOAD


def test_slightly_oversize_body_gets_a_clear_413(platform, creator):
    svc, _ = platform
    _, ticket, target = ticket_for(platform, creator)
    content_type, body, _ = form_stream(ticket.fields, 8 * MIB + 1)
    response = httpx.post(target, content=body, headers={"Content-Type": content_type}, timeout=60)
    assert response.status_code == 413 and "larger than the upload limit" in response.text
    assert stored_files(svc) == []


def test_form_without_a_file_is_refused(platform, creator):
    _, ticket, target = ticket_for(platform, creator)
    content_type, _, _ = form_stream(ticket.fields, 0)
    response = httpx.post(target, content=b"", headers={"Content-Type": content_type})
    assert response.status_code == 400 and "no complete file part" in response.text


def test_declared_oversize_is_refused_before_reading(platform, creator):
    svc, _ = platform
    _, ticket, target = ticket_for(platform, creator)
    sent: list[int] = []
    content_type, body, length = form_stream(ticket.fields, 64 * MIB, sent=sent)
    try:
        response = httpx.post(
            target,
            content=body,
            headers={"Content-Type": content_type, "Content-Length": str(length)},
        )
        assert response.status_code == 413
    except httpx.TransportError:
        pass
    assert sum(sent) < 32 * MIB
    assert stored_files(svc) == []


def test_cors_lets_the_app_origin_post(platform):
    _, url = platform
    response = httpx.options(
        url + "/api/storage/upload",
        headers={"Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST"},
    )
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "http://localhost:3000"
    foreign = httpx.options(
        url + "/api/storage/upload",
        headers={"Origin": "http://evil.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in foreign.headers


@pytest.mark.slow
def test_one_gib_upload_completes(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path))
    svc.auth.sign_up(email="big@example.com", username="big", password=PASSWORD)
    svc.auth.confirm(email="big@example.com", code=svc.port("identity").outbox()[0].code)
    token = svc.auth.log_in(email="big@example.com", password=PASSWORD, client="t").token.token
    creator = svc.tokens.principal(token)
    video = svc.videos.create(creator, title="Big")
    ticket = svc.uploads.request_ticket(creator, video.video_id)
    with serve(build_api(svc)) as url:
        response = post(url + "/api/storage/upload", ticket.fields, 1024**3)
    assert response.status_code == 201, response.text
    assert svc.port("objects").size_of(ticket.fields["key"]) == 1024**3
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.UPLOADED


def test_three_uploads_for_one_video_keep_one_source(platform, creator):
    svc, url = platform
    video = svc.videos.create(creator, title="Again and again")
    for size in (MIB, 2 * MIB, MIB + 5):
        ticket = svc.uploads.request_ticket(creator, video.video_id)
        target = url + ticket.url.removeprefix(svc.settings.public_url.rstrip("/"))
        assert post(target, ticket.fields, size).status_code == 201
        svc.processing.fail(video.video_id, ticket.upload_id, "unplayable")
    assert stored_files(svc) == [ticket.fields["key"]]
    assert svc.port("users").get(creator.user_id).storage_bytes == MIB + 5


def test_upload_over_the_storage_quota_gets_a_413_naming_it(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path, storage_quota_bytes=MIB))
    svc.auth.sign_up(email="q@example.com", username="quota", password=PASSWORD)
    svc.auth.confirm(
        email="q@example.com", code=svc.port("identity").outbox("q@example.com")[0].code
    )
    token = svc.auth.log_in(email="q@example.com", password=PASSWORD, client="t").token.token
    creator = svc.tokens.principal(token)
    with serve(build_api(svc)) as url:
        _, first, first_target = ticket_for((svc, url), creator)
        _, second, second_target = ticket_for((svc, url), creator)
        assert first.max_bytes == second.max_bytes == MIB
        assert post(first_target, first.fields, 700 * 1024).status_code == 201
        refused = post(second_target, second.fields, 700 * 1024)
    assert refused.status_code == 413 and "storage quota of 1 MB" in refused.text
    assert stored_files(svc) == [first.fields["key"]]
