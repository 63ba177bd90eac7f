"""The upload endpoint and the API under hostile or broken clients, over real HTTP on loopback:
races on one ticket, form floods, malformed forms, disconnects, stalls and oversize bodies."""

import json
import logging
import os
import secrets
import threading
import time
from datetime import UTC, datetime

import httpx
import pytest

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from backend.entrypoints.worker import Worker
from tests.clips import make
from tests.fakes.clock import FrozenClock
from tests.integration.local.pipeline_helpers import creator as new_creator
from tests.integration.local.upload_helpers import (
    CountingApp,
    open_request,
    read_response,
    stored_files,
    ticket_for,
)
from tests.live_server import serve
from tests.unit.helpers import PASSWORD

MIB = 1024 * 1024
IDLE_S = 1


@pytest.fixture
def counted(tmp_path):
    clock = FrozenClock(datetime.now(UTC))
    settings = Settings(data_dir=tmp_path, max_upload_bytes=8 * MIB, body_idle_timeout_s=IDLE_S)
    svc = build_services(settings, clock=clock)
    app = CountingApp(build_api(svc))
    with serve(app) as url:
        yield svc, url, app


@pytest.fixture
def platform(counted):
    svc, url, _ = counted
    return svc, url


@pytest.fixture
def creator(platform):
    return new_creator(platform[0], "creator")


def form_head(fields: dict[str, str], boundary: str) -> bytes:
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    return (
        head
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
    )


def multipart(boundary: str) -> dict[str, str]:
    return {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def wait_for(condition, what: str, limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def no_tracebacks(caplog) -> None:
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []


# Finding 5: one ticket, two concurrent POSTs


def test_two_concurrent_posts_with_one_ticket_keep_one_intact_file(platform, creator, tmp_path):
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    clip = make("tiny", tmp_path / "tiny.mp4").read_bytes()
    checked = []
    real_accepts = svc.uploads.accepts
    svc.uploads.accepts = lambda key: checked.append(key) or real_accepts(key)  # type: ignore[method-assign]
    go = threading.Event()
    results: list[httpx.Response] = []

    def upload() -> None:
        boundary = "race" + secrets.token_hex(8)

        def body():
            yield form_head(ticket.fields, boundary) + clip[:1000]
            go.wait(30)
            yield clip[1000:] + f"\r\n--{boundary}--\r\n".encode()

        results.append(httpx.post(target, content=body(), headers=multipart(boundary), timeout=60))

    threads = [threading.Thread(target=upload) for _ in range(2)]
    for thread in threads:
        thread.start()
    wait_for(lambda: len(checked) == 2, "both requests to reach their file part")
    go.set()
    for thread in threads:
        thread.join(60)
    assert sorted(r.status_code // 100 for r in results) == [2, 4], [r.text for r in results]
    key = ticket.fields["key"]
    assert stored_files(svc) == [key]
    assert svc.port("objects").read_bytes(key) == clip
    assert Worker(svc).run_once()
    stored = svc.videos.get(creator, video.video_id)
    assert stored.status is VideoStatus.READY, stored.failure_reason


def test_a_committed_object_is_never_replaced(platform, creator, tmp_path):
    svc, _ = platform
    store = svc.port("objects")
    _, ticket, _ = ticket_for(platform, creator)
    key = ticket.fields["key"]
    first = store.new_incoming()
    second = store.new_incoming()
    for (fd, _), content in ((first, b"first"), (second, b"second")):
        with open(fd, "wb") as out:
            out.write(content)
    store.commit(first[1], key)
    with pytest.raises(FileExistsError):
        store.commit(second[1], key)
    assert store.read_bytes(key) == b"first"


def test_a_key_is_claimed_by_one_request_at_a_time_and_never_after_it_has_an_object(
    platform, creator
):
    svc, _ = platform
    store = svc.port("objects")
    _, ticket, _ = ticket_for(platform, creator)
    key = ticket.fields["key"]
    first = store.claim(key)
    assert first is not None and store.claim(key) is None
    first.release()
    second = store.claim(key)
    assert second is not None
    fd, temp = store.new_incoming()
    with open(fd, "wb") as out:
        out.write(b"video")
    store.commit(temp, key)
    second.release()
    assert store.claim(key) is None


# Finding 11: floods of parts before the file


def nameless_parts(boundary: str, total: int) -> bytes:
    part = f"--{boundary}\r\nContent-Disposition: form-data\r\n\r\nx\r\n".encode()
    return part * (total // len(part))


@pytest.mark.parametrize(
    "flood",
    [
        pytest.param(lambda b: nameless_parts(b, 16 * MIB), id="nameless parts"),
        pytest.param(
            lambda b: (
                b"".join(
                    f'--{b}\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\n'.encode()
                    + b"v" * 60_000
                    + b"\r\n"
                    for i in range(30)
                )
                + nameless_parts(b, 14 * MIB)
            ),
            id="large fields",
        ),
    ],
)
def test_a_flood_of_parts_before_the_file_is_refused_early(counted, flood):
    _, url, app = counted
    boundary = "flood" + secrets.token_hex(8)
    body = flood(boundary) + f"--{boundary}--\r\n".encode()
    chunks = (body[i : i + 64 * 1024] for i in range(0, len(body), 64 * 1024))
    try:  # streamed without a Content-Length, so only the parser can notice
        response = httpx.post(
            url + "/api/storage/upload", content=chunks, headers=multipart(boundary), timeout=120
        )
        assert response.status_code == 400
    except httpx.TransportError:
        pass  # the server refused and closed while the client was still sending
    assert app.statuses == [400]
    assert app.body_bytes < 2 * MIB, f"the server read {app.body_bytes} of {len(body)} bytes"


# Finding 13: malformed input answers 400 without a traceback


def malformed_cases(boundary: str) -> dict[str, tuple[dict[str, str], bytes]]:
    long_header = f"--{boundary}\r\nX-Long: {'a' * 5000}\r\n\r\nv\r\n--{boundary}--\r\n"
    many_headers = (
        f"--{boundary}\r\n"
        + "".join(f"X-H{i}: v\r\n" for i in range(9))
        + f"\r\nv\r\n--{boundary}--\r\n"
    )
    return {
        "header over 4 KiB": (multipart(boundary), long_header.encode()),
        "nine part headers": (multipart(boundary), many_headers.encode()),
        "no boundary": ({"Content-Type": "multipart/form-data"}, b"--x\r\n\r\n"),
        "boundary too long": (multipart("b" * 100), b"--" + b"b" * 100 + b"\r\n"),
        "body without the boundary": (multipart(boundary), b"garbage" * 100),
    }


@pytest.mark.parametrize("case", list(malformed_cases("x")))
def test_malformed_forms_get_a_400_and_no_traceback(platform, caplog, case):
    _, url = platform
    headers, body = malformed_cases("m" + secrets.token_hex(8))[case]
    caplog.set_level(logging.INFO)
    response = httpx.post(url + "/api/storage/upload", content=body, headers=headers, timeout=30)
    assert response.status_code == 400, response.text
    assert response.text.startswith("<?xml") and "<Code>" in response.text
    no_tracebacks(caplog)


def test_a_client_that_disconnects_mid_upload_leaves_one_log_line_and_no_file(
    platform, creator, caplog
):
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    boundary = "gone" + secrets.token_hex(8)
    caplog.set_level(logging.INFO)
    headers = dict(multipart(boundary), **{"Content-Length": str(4 * MIB)})
    sock = open_request(target, headers, form_head(ticket.fields, boundary) + b"\0" * MIB)
    wait_for(lambda: len(list((svc.port("objects").root / ".incoming").iterdir())), "a temp file")
    sock.close()
    wait_for(lambda: any(r.name.startswith("backend") for r in caplog.records), "a log line")
    time.sleep(0.2)  # let anything else the server logs about this request arrive
    lines = [r for r in caplog.records if r.name.startswith(("backend", "uvicorn"))]
    assert len(lines) == 1 and "disconnect" in lines[0].getMessage(), [
        r.getMessage() for r in lines
    ]
    no_tracebacks(caplog)
    assert stored_files(svc) == []
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.AWAITING_UPLOAD


# Finding 14: stalls and oversize bodies


def test_a_stalled_upload_is_closed_by_the_app_after_the_idle_time(platform, creator, caplog):
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    boundary = "stall" + secrets.token_hex(8)
    headers = dict(multipart(boundary), **{"Content-Length": str(4 * MIB)})
    sock = open_request(target, headers, form_head(ticket.fields, boundary) + b"\0" * 1000)
    sock.settimeout(30 * IDLE_S)  # far beyond the idle time: only a server-side close ends it
    with sock:
        response = read_response(sock)
    assert response.startswith(b"HTTP/1.1 400"), response[:200]
    assert b"<Code>RequestTimeout</Code>" in response
    no_tracebacks(caplog)
    assert stored_files(svc) == []
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.AWAITING_UPLOAD


def test_an_oversize_json_body_is_refused_without_reading_it_all(counted):
    _, url, app = counted
    padding = "a1" * (4 * MIB)

    def body():  # chunked, no Content-Length: only counting the stream can catch it
        yield b'{"email": "big@example.com", "username": "big", "password": "'
        for start in range(0, len(padding), 64 * 1024):
            yield padding[start : start + 64 * 1024].encode()
        yield b'"}'

    try:
        response = httpx.post(
            url + "/api/users/signup",
            content=body(),
            headers={"Content-Type": "application/json"},
            timeout=60,
        )
        assert response.status_code == 413 and response.json()["error"] == "too_large"
    except httpx.TransportError:
        pass
    assert app.statuses == [413]
    assert app.body_bytes < 1 * MIB


def test_a_declared_oversize_json_body_is_refused_before_reading(counted):
    _, url, app = counted
    content = json.dumps({"email": "a@example.com", "username": "abc", "password": "x" * MIB})
    response = httpx.post(
        url + "/api/users/signup",
        content=content,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert response.status_code == 413
    assert response.json() == {
        "error": "too_large",
        "message": "The request body is larger than 65536 bytes.",
    }
    assert app.body_bytes == 0


def test_a_stalled_json_body_is_closed_after_the_idle_time(platform):
    _, url = platform
    headers = {"Content-Type": "application/json", "Content-Length": "1000"}
    sock = open_request(url + "/api/users/signup", headers, b'{"email": ')
    sock.settimeout(30 * IDLE_S)
    with sock:
        response = read_response(sock)
    assert response.startswith(b"HTTP/1.1 408"), response[:200]
    assert b'"error":"request_timeout"' in response


def test_an_ordinary_signup_still_works(platform):
    _, url = platform
    response = httpx.post(
        url + "/api/users/signup",
        json={"email": "ok@example.com", "username": "okay", "password": PASSWORD},
    )
    assert response.status_code == 202, response.text


def test_overlong_sign_up_fields_are_refused_by_the_schema(platform):
    _, url = platform
    response = httpx.post(
        url + "/api/users/signup",
        json={"email": "long@example.com", "username": "long", "password": "a1" * 5000},
    )
    assert response.status_code == 422
    assert response.json()["message"].startswith("password:")


# Finding 16 (part): durable before recorded


def test_a_committed_upload_is_synced_with_its_folder_before_it_appears(
    platform, creator, monkeypatch
):
    svc, _ = platform
    store = svc.port("objects")
    _, ticket, _ = ticket_for(platform, creator)
    target = store.path_for(ticket.fields["key"])
    synced: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def recording_fsync(fd: int) -> None:
        synced.append((os.readlink(f"/proc/self/fd/{fd}"), target.exists()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    fd, temp = store.new_incoming()
    with open(fd, "wb") as out:
        out.write(b"video bytes")
    store.commit(temp, ticket.fields["key"])
    assert synced[0] == (temp, False), "the file must be on disk before it gets its name"
    assert (str(target.parent), True) in synced, "the folder entry must be on disk too"


def test_bytes_after_the_file_are_bounded_too(counted, creator):
    svc, url, app = counted
    _, ticket, target = ticket_for((svc, url), creator)
    boundary = "tail" + secrets.token_hex(8)
    filler = b"\0" * (64 * 1024)

    def body():  # a small file, then an endless epilogue nobody needs
        yield form_head(ticket.fields, boundary) + b"v" * 1000
        yield f"\r\n--{boundary}--\r\n".encode()
        for _ in range(32 * 16):
            yield filler

    try:
        response = httpx.post(target, content=body(), headers=multipart(boundary), timeout=60)
        assert response.status_code == 413
    except httpx.TransportError:
        pass
    assert app.statuses == [413]
    assert app.body_bytes < 12 * MIB
    assert stored_files(svc) == []


CLOSED = b"(closed by the server)"  # its answer lost to a reset: it closed while we sent


def drip_until_closed(sock, *, every_s: float, limit_s: float) -> bytes:
    """Send one byte every every_s (never idle for the idle time) until the server answers or
    closes; b"" if it still holds the connection open after limit_s."""
    sock.settimeout(every_s)
    deadline = time.monotonic() + limit_s
    try:
        while time.monotonic() < deadline:
            try:
                if answer := sock.recv(65536):
                    return answer + read_response(sock)
            except TimeoutError:
                pass
            sock.sendall(b"\0")
    except OSError:  # reset or broken pipe: the server closed the connection
        return CLOSED
    return b""


def test_an_upload_dripping_a_byte_at_a_time_is_closed(platform, creator, caplog):
    """Never idle, yet far slower than any real upload: closed once its average falls behind."""
    svc, _ = platform
    video, ticket, target = ticket_for(platform, creator)
    boundary = "drip" + secrets.token_hex(8)
    headers = dict(multipart(boundary), **{"Content-Length": str(4 * MIB)})
    with open_request(target, headers, form_head(ticket.fields, boundary)) as sock:
        answer = drip_until_closed(sock, every_s=IDLE_S / 3, limit_s=30 * IDLE_S)
    assert answer == CLOSED or answer.startswith(b"HTTP/1.1 400"), answer[:200]
    assert answer == CLOSED or b"<Code>RequestTimeout</Code>" in answer
    no_tracebacks(caplog)
    assert stored_files(svc) == []
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.AWAITING_UPLOAD


def test_a_json_body_dripping_a_byte_at_a_time_is_closed(platform):
    _, url = platform
    headers = {"Content-Type": "application/json", "Content-Length": "60000"}
    with open_request(url + "/api/users/login", headers, b'{"email": "') as sock:
        answer = drip_until_closed(sock, every_s=IDLE_S / 3, limit_s=30 * IDLE_S)
    assert answer == CLOSED or answer.startswith(b"HTTP/1.1 408"), answer[:200]
