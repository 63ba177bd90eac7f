"""The creator and viewer journeys in aws mode, at the API level, against moto's HTTP server:
Cognito, DynamoDB, S3 presigned POST, the Lambda handlers, a MediaConvert stand-in, and
playback through CloudFront-format signatures checked against objects in moto S3."""

from contextlib import ExitStack
from urllib.parse import urlsplit

import httpx
import m3u8
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.emulated.mediaconvert import FfmpegMediaConvertStandIn
from backend.emulated.mediaconvert_http import serving
from backend.entrypoints import lambdas
from tests.aws import events
from tests.clips import make
from tests.unit.helpers import PASSWORD

APP = "http://testserver"


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def test_creator_and_viewer_journeys_in_aws_mode(
    aws_settings, aws_http, iam_recorder, monkeypatch, tmp_path
):
    with ExitStack() as stack:
        _journeys(aws_settings, aws_http, iam_recorder, monkeypatch, tmp_path, stack)


def _journeys(aws_settings, aws_http, iam_recorder, monkeypatch, tmp_path, stack):
    standin = FfmpegMediaConvertStandIn(
        aws_http, deliver=lambda detail: lambdas.mediaconvert_state_change(
            events.sqs(events.job_event(detail)))
    )  # fmt: skip
    iam_recorder.watch_mediaconvert(standin)
    endpoint = stack.enter_context(serving(standin))
    settings = aws_settings.model_copy(
        update={"public_url": APP, "media_url": APP, "serve_media": True,
                "mediaconvert_endpoint": endpoint}
    )  # fmt: skip
    svc = build_services(settings, clients=aws_http)
    monkeypatch.setattr(lambdas, "services", lambda: svc)
    api = TestClient(build_api(svc))

    # creator: sign up (Cognito), confirm, log in, create, upload straight to S3
    account = {"email": "dee@example.com", "password": PASSWORD}
    assert api.post("/api/users/signup", json={**account, "username": "dee"}).status_code == 202
    confirm = {"email": "dee@example.com", "code": "123456"}  # moto accepts any code
    assert api.post("/api/users/confirm", json=confirm).status_code == 200
    token = api.post("/api/users/login", json=account).json()["token"]
    auth = {"Authorization": f"Bearer {token}"}
    vid = api.post("/api/creators/videos", json={"title": "Lighthouse at dusk"},
                   headers=auth).json()["video_id"]  # fmt: skip
    ticket = api.post(f"/api/creators/videos/{vid}/upload", headers=auth).json()
    assert ticket["url"].startswith(aws_http.endpoint_url)
    with open(make("landscape", tmp_path / "clip.mp4"), "rb") as f:
        stored = httpx.post(ticket["url"], data=ticket["fields"], files={"file": ("clip.mp4", f)})
    assert stored.status_code == 201

    # S3 → EventBridge → SQS → Lambda; MediaConvert runs and reports back
    key = ticket["fields"]["key"]
    size = svc.port("objects").size_of(key)
    lambdas.s3_object_created(events.sqs(events.object_created(settings.raw_bucket, key, size)))
    assert api.get(f"/api/creators/videos/{vid}", headers=auth).json()["status"] == "PROCESSING"
    standin.run_pending()
    video = api.get(f"/api/creators/videos/{vid}", headers=auth).json()
    assert video["status"] == "READY", video
    assert [r["name"] for r in video["renditions"]] == ["720p", "480p", "360p", "240p"]
    assert api.post(f"/api/creators/videos/{vid}/publish", headers=auth).status_code == 200

    # viewer: browse, search, watch
    listed = api.get("/api/viewers/videos").json()["items"]
    assert [v["video_id"] for v in listed] == [vid] and listed[0]["creator"] == "dee"
    assert [v["video_id"] for v in api.get("/api/viewers/videos?q=lighth").json()["items"]] == [vid]
    assert api.get("/api/viewers/videos?q=submarine").json()["items"] == []
    grant = api.get(f"/api/viewers/videos/{vid}/playback").json()
    master = api.get(local(grant["url"]))
    assert master.status_code == 200
    variants = m3u8.loads(master.text).playlists
    assert len(variants) == 4
    media = m3u8.loads(api.get(local(variants[0].uri)).text)
    segment = media.segments[0].uri
    got = api.get(local(segment))
    assert got.status_code == 200 and len(got.content) > 1000  # read from moto S3
    assert api.get(urlsplit(segment).path).status_code == 403  # unsigned
    poster = api.get(local(listed[0]["poster_url"]))
    assert poster.status_code == 200 and poster.content[:2] == b"\xff\xd8"

    # and delete removes the record and every object in both buckets
    assert api.delete(f"/api/creators/videos/{vid}", headers=auth).status_code == 204
    s3 = aws_http.client("s3")
    for bucket in (settings.raw_bucket, settings.media_bucket):
        assert s3.list_objects_v2(Bucket=bucket).get("KeyCount", 0) == 0
