"""A database held locked beyond the busy timeout: 503 with Retry-After, and nothing is lost."""

import sqlite3
import threading
import time
from contextlib import contextmanager

import httpx
import pytest
from fastapi.testclient import TestClient

from backend.adapters.local.sqlite_busy import is_locked
from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from tests.api.conftest import register
from tests.live_server import serve
from tests.multipart_form import form_stream
from tests.unit.helpers import PASSWORD


@pytest.fixture
def api(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path, db_busy_timeout_s=0.2))
    with TestClient(build_api(svc)) as client:
        client.svc = svc
        yield client


@contextmanager
def write_lock(api_or_services):
    """Another process's writer: a real second connection holding the write lock."""
    svc = getattr(api_or_services, "svc", api_or_services)
    other = sqlite3.connect(svc.settings.data_dir / "valvid.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
        other.execute("ROLLBACK")
    finally:
        other.close()


def titles(api, headers) -> list[str]:
    r = api.get("/api/creators/videos", headers=headers)
    assert r.status_code == 200
    return [v["title"] for v in r.json()["items"]]


def test_a_write_under_a_held_lock_is_503_and_its_retry_succeeds(api):
    alice = register(api, "alice")
    r = api.post("/api/creators/videos", json={"title": "Kept"}, headers=alice)
    assert r.status_code == 201

    with write_lock(api):
        r = api.post("/api/creators/videos", json={"title": "Second"}, headers=alice)
        assert r.status_code == 503
        assert r.json()["error"] == "unavailable" and r.json()["message"]
        assert int(r.headers["Retry-After"]) >= 1
        assert titles(api, alice) == ["Kept"]  # readers are not blocked by the writer (WAL)

    r = api.post("/api/creators/videos", json={"title": "Second"}, headers=alice)
    assert r.status_code == 201
    assert titles(api, alice) == ["Second", "Kept"]


def test_a_signup_under_a_held_lock_is_503_and_can_be_repeated(api):
    body = {"email": "bob@example.com", "username": "bob", "password": PASSWORD}
    with write_lock(api):
        r = api.post("/api/users/signup", json=body)
        assert r.status_code == 503 and "Retry-After" in r.headers
    assert api.post("/api/users/signup", json=body).status_code == 202
    assert len(api.svc.port("identity").outbox("bob@example.com")) == 1


def test_only_busy_and_locked_errors_count_as_unavailable(tmp_path):
    path = tmp_path / "x.db"
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("CREATE TABLE t (n)")
    holder.execute("BEGIN IMMEDIATE")
    waiter = sqlite3.connect(path, timeout=0)
    with pytest.raises(sqlite3.OperationalError) as busy:
        waiter.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError) as missing:
        waiter.execute("SELECT * FROM no_such_table")
    assert is_locked(busy.value) and not is_locked(missing.value)
    holder.close()
    waiter.close()


def test_an_upload_under_a_held_lock_is_503_and_its_retry_is_processed(api):
    svc = api.svc
    register(api, "carol")
    token = svc.auth.log_in(email="carol@example.com", password=PASSWORD, client="t").token.token
    creator = svc.tokens.principal(token)
    video = svc.videos.create(creator, title="Upload me")
    ticket = svc.uploads.request_ticket(creator, video.video_id)
    path = ticket.url.removeprefix(svc.settings.public_url.rstrip("/"))

    def upload():
        content_type, chunks, _ = form_stream(ticket.fields, 4096)
        return api.post(path, content=b"".join(chunks), headers={"Content-Type": content_type})

    with write_lock(api):
        r = upload()
        assert r.status_code == 503 and "Retry-After" in r.headers
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.AWAITING_UPLOAD

    assert upload().status_code == 201
    stored = svc.videos.get(creator, video.video_id)
    assert stored.status is VideoStatus.UPLOADED and stored.source_size == 4096
    assert svc.port("jobs").status_of(stored.job_id) == "QUEUED"


def test_an_upload_waiting_for_the_lock_does_not_stall_other_requests(tmp_path):
    """The upload route is async: its database wait must not block the server's event loop."""
    svc = build_services(Settings(data_dir=tmp_path, db_busy_timeout_s=600))
    svc.auth.sign_up(email="dan@example.com", username="dan", password=PASSWORD)
    svc.auth.confirm(email="dan@example.com", code=svc.port("identity").outbox()[0].code)
    token = svc.auth.log_in(email="dan@example.com", password=PASSWORD, client="t").token.token
    creator = svc.tokens.principal(token)
    video = svc.videos.create(creator, title="Upload me")
    ticket = svc.uploads.request_ticket(creator, video.video_id)
    stored = svc.port("objects").path_for(ticket.fields["key"])
    answered, results = threading.Event(), {}

    with serve(build_api(svc)) as url:
        target = url + ticket.url.removeprefix(svc.settings.public_url.rstrip("/"))

        def upload():
            content_type, chunks, length = form_stream(ticket.fields, 4096)
            headers = {"Content-Type": content_type, "Content-Length": str(length)}
            results["upload"] = httpx.post(target, content=chunks, headers=headers, timeout=900)

        def health():
            results["health"] = httpx.get(url + "/api/health", timeout=900)
            answered.set()

        uploader = threading.Thread(target=upload)
        with write_lock(svc):
            uploader.start()
            while not stored.exists() and uploader.is_alive():  # the file is in; now it waits
                time.sleep(0.01)
            threading.Thread(target=health, daemon=True).start()
            served_meanwhile = answered.wait(120)  # bound for a deadlock, not a speed check
        uploader.join()
    assert served_meanwhile and results["health"].status_code == 200
    assert results["upload"].status_code == 201
