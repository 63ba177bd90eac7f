"""The whole local platform as `valvid run` serves it: Reflex UI, API and uploads on one port."""

import time

import httpx
import pytest

from tests.app_process import running_app, valvid
from tests.clips import make
from tests.multipart_form import form_stream
from tests.unit.helpers import PASSWORD

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("valvid-data")


@pytest.fixture(scope="module")
def app_url(data_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("logs") / "valvid-run.log"
    with running_app(data_dir, log) as url:
        yield url


def test_home_page_is_served(app_url):
    response = httpx.get(app_url + "/")
    assert response.status_code == 200
    assert "<title>Valvid</title>" in response.text


def test_api_is_mounted_in_the_same_server(app_url):
    assert httpx.get(app_url + "/api/health").json()["mode"] == "local"
    assert httpx.get(app_url + "/api/openapi.json").json()["info"]["title"] == "Valvid API"


def test_creator_journey_over_http_with_the_cli(app_url, data_dir):
    email = "cli@example.com"
    r = httpx.post(
        app_url + "/api/users/signup",
        json={"email": email, "username": "cli", "password": PASSWORD},
    )
    assert r.status_code == 202
    outbox = valvid(data_dir, "outbox", "--email", email)
    assert outbox.returncode == 0 and email in outbox.stdout
    code = outbox.stdout.strip().split()[-1]
    assert httpx.post(
        app_url + "/api/users/confirm", json={"email": email, "code": code}
    ).is_success
    login = {"email": email, "password": PASSWORD}
    token = httpx.post(app_url + "/api/users/login", json=login).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    video = httpx.post(
        app_url + "/api/creators/videos", json={"title": "Served"}, headers=auth
    ).json()
    ticket = httpx.post(
        f"{app_url}/api/creators/videos/{video['video_id']}/upload", headers=auth
    ).json()
    assert ticket["url"] == app_url + "/api/storage/upload"
    content_type, body, length = form_stream(ticket["fields"], 5 * 1024 * 1024)
    r = httpx.post(
        ticket["url"],
        content=body,
        headers={"Content-Type": content_type, "Content-Length": str(length)},
        timeout=60,
    )
    assert r.status_code == 201, r.text
    url = f"{app_url}/api/creators/videos/{video['video_id']}"
    got = httpx.get(url, headers=auth).json()
    assert got["source_size"] == 5 * 1024 * 1024  # landed; the worker may already be on it
    deadline = time.monotonic() + 60
    while got["status"] != "FAILED" and time.monotonic() < deadline:
        time.sleep(0.5)
        got = httpx.get(url, headers=auth).json()
    assert got["failure_reason"] == "This file is not a video we can read."  # bytes, not video

    rotated = valvid(data_dir, "keys", "rotate")
    assert rotated.returncode == 0 and "New signing key" in rotated.stdout
    assert httpx.get(app_url + "/api/creators/videos", headers=auth).status_code == 200

    assert valvid(data_dir, "users", "suspend", email).returncode == 0
    assert httpx.get(app_url + "/api/creators/videos", headers=auth).status_code == 401
    assert httpx.post(app_url + "/api/users/login", json=login).status_code == 403
    assert valvid(data_dir, "users", "activate", email).returncode == 0
    assert httpx.post(app_url + "/api/users/login", json=login).status_code == 200


def test_uploaded_clip_is_processed_by_the_worker_valvid_run_started(app_url, data_dir, tmp_path):
    email = "maker@example.com"
    httpx.post(
        app_url + "/api/users/signup",
        json={"email": email, "username": "maker", "password": PASSWORD},
    )
    code = valvid(data_dir, "outbox", "--email", email).stdout.strip().split()[-1]
    httpx.post(app_url + "/api/users/confirm", json={"email": email, "code": code})
    token = httpx.post(
        app_url + "/api/users/login", json={"email": email, "password": PASSWORD}
    ).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    video = httpx.post(
        app_url + "/api/creators/videos", json={"title": "Real clip"}, headers=auth
    ).json()
    vid = video["video_id"]
    ticket = httpx.post(f"{app_url}/api/creators/videos/{vid}/upload", headers=auth).json()
    clip = make("short", tmp_path / "clip.mp4")
    with open(clip, "rb") as f:
        r = httpx.post(ticket["url"], data=ticket["fields"], files={"file": ("clip.mp4", f)})
    assert r.status_code == 201
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        state = httpx.get(f"{app_url}/api/creators/videos/{vid}", headers=auth).json()
        if state["status"] in ("READY", "FAILED"):
            break
        time.sleep(0.5)
    assert state["status"] == "READY", state
    assert httpx.post(f"{app_url}/api/creators/videos/{vid}/publish", headers=auth).is_success
    grant = httpx.get(f"{app_url}/api/viewers/videos/{vid}/playback").json()
    master = httpx.get(grant["url"])
    assert master.status_code == 200 and "#EXT-X-STREAM-INF" in master.text
    assert [
        v["video_id"] for v in httpx.get(app_url + "/api/viewers/videos?q=real").json()["items"]
    ] == [vid]


def test_cli_reports_unknown_accounts_clearly(data_dir):
    result = valvid(data_dir, "users", "suspend", "ghost@example.com")
    assert result.returncode == 2 and "No account" in result.stderr
