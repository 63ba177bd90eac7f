"""Signed playback over the HTTP API: who gets a URL, and what the media route lets through."""

from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit

import m3u8
import pytest
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.entrypoints.worker import Worker
from tests.fakes.clock import FrozenClock
from tests.integration.local.pipeline_helpers import creator, receive


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    clock = FrozenClock(datetime.now(UTC))
    svc = build_services(Settings(data_dir=tmp_path_factory.mktemp("playback")), clock=clock)
    owner, other = creator(svc, "owner"), creator(svc, "other")
    public = receive(svc, owner, "short", "Public clip")
    private = receive(svc, owner, "short", "Private clip")
    worker = Worker(svc)
    assert worker.run_once() and worker.run_once()
    svc.videos.publish(owner, public.video_id)
    client = TestClient(build_api(svc))
    return svc, client, owner, other, public.video_id, private.video_id


def bearer(svc, principal):
    user = svc.port("users").get(principal.user_id)
    return {"Authorization": f"Bearer {svc.tokens.issue(user).token}"}


def local(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def segment_url(client, playback_url):
    master = client.get(local(playback_url))
    assert master.status_code == 200
    variant = m3u8.loads(master.text).playlists[0].uri
    media = client.get(local(variant))
    assert media.status_code == 200
    return m3u8.loads(media.text).segments[0].uri


def test_anyone_gets_a_signed_url_for_a_published_video(world):
    svc, client, _, _, public_id, _ = world
    response = client.get(f"/api/viewers/videos/{public_id}/playback")
    assert response.status_code == 200
    grant = response.json()
    query = dict(parse_qsl(urlsplit(grant["url"]).query))
    assert set(query) == {"Policy", "Signature", "Key-Pair-Id"}
    master = client.get(local(grant["url"]))
    assert master.headers["content-type"] == "application/vnd.apple.mpegurl"
    parsed = m3u8.loads(master.text)
    assert len(parsed.playlists) == 2
    media = m3u8.loads(client.get(local(parsed.playlists[0].uri)).text)
    for uri in [media.segment_map[0].uri, *(s.uri for s in media.segments)]:
        assert "Signature=" in uri and "/media/" in uri
        got = client.get(local(uri))
        assert got.status_code == 200
        assert got.headers["content-type"] in ("video/iso.segment", "video/mp4")
    poster = client.get(local(grant["poster_url"]))
    assert poster.status_code == 200 and poster.headers["content-type"] == "image/jpeg"


def test_private_video_is_for_its_owner_only(world):
    svc, client, owner, other, _, private_id = world
    assert client.get(f"/api/viewers/videos/{private_id}/playback").status_code == 404
    headers = bearer(svc, other)
    assert (
        client.get(f"/api/viewers/videos/{private_id}/playback", headers=headers).status_code == 404
    )
    mine = client.get(f"/api/viewers/videos/{private_id}/playback", headers=bearer(svc, owner))
    assert mine.status_code == 200
    assert client.get(local(mine.json()["url"])).status_code == 200
    bad = {"Authorization": "Bearer forged"}
    assert client.get(f"/api/viewers/videos/{private_id}/playback", headers=bad).status_code == 401


def test_unsigned_tampered_and_other_video_requests_are_403(world):
    svc, client, owner, _, public_id, private_id = world
    grant = client.get(f"/api/viewers/videos/{public_id}/playback").json()
    segment = segment_url(client, grant["url"])
    path, query = urlsplit(segment).path, dict(parse_qsl(urlsplit(segment).query))
    assert client.get(path).status_code == 403
    tampered = dict(query, Signature=query["Signature"][:-8] + "AAAAAAA_")
    assert client.get(f"{path}?{urlencode(tampered)}").status_code == 403
    wrong_key = dict(query, **{"Key-Pair-Id": "K2JCJMDEHXQW5F"})
    assert client.get(f"{path}?{urlencode(wrong_key)}").status_code == 403
    # the public video's signature does not open the private video's files
    other_path = path.replace(public_id, private_id)
    assert client.get(f"{other_path}?{urlencode(query)}").status_code == 403
    other_master = f"/api/playback/{private_id}/master.m3u8?{urlencode(query)}"
    assert client.get(other_master).status_code == 403
    body = client.get(other_master).json()
    assert body["error"] == "forbidden"


def test_expired_urls_are_403(world):
    svc, client, _, _, public_id, _ = world
    grant = client.get(f"/api/viewers/videos/{public_id}/playback").json()
    segment = segment_url(client, grant["url"])
    clock = svc.port("clock")
    saved = clock.current
    clock.current = datetime.fromisoformat(grant["expires_at"])
    try:
        assert client.get(local(segment)).status_code == 403
        assert client.get(local(grant["url"])).status_code == 403
    finally:
        clock.current = saved
    assert client.get(local(segment)).status_code == 200


def test_range_requests_get_partial_content(world):
    _, client, _, _, public_id, _ = world
    grant = client.get(f"/api/viewers/videos/{public_id}/playback").json()
    segment = segment_url(client, grant["url"])
    whole = client.get(local(segment)).content
    part = client.get(local(segment), headers={"Range": "bytes=100-299"})
    assert part.status_code == 206
    assert part.content == whole[100:300]
    assert part.headers["content-range"] == f"bytes 100-299/{len(whole)}"


def test_catalog_images_redirect_to_signed_media(world):
    _, client, _, _, public_id, private_id = world
    item = client.get(f"/api/viewers/videos/{public_id}").json()
    redirect = client.get(local(item["poster_url"]), follow_redirects=False)
    assert redirect.status_code == 307 and "Signature=" in redirect.headers["location"]
    image = client.get(local(redirect.headers["location"]))
    assert image.status_code == 200 and image.content[:2] == b"\xff\xd8"
    thumb = client.get(local(item["thumbnail_url"]))
    assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/jpeg"
    assert client.get(f"/api/viewers/videos/{private_id}/poster.jpg").status_code == 404


def test_unpublished_video_stops_getting_new_urls(world):
    svc, client, owner, _, public_id, _ = world
    svc.videos.unpublish(owner, public_id)
    try:
        assert client.get(f"/api/viewers/videos/{public_id}/playback").status_code == 404
        assert client.get(f"/api/viewers/videos/{public_id}").status_code == 404
    finally:
        svc.videos.publish(owner, public_id)


def test_the_master_playlist_is_revalidated_so_players_see_new_rungs(world):
    """A progressive video's master playlist is rewritten as rungs finish: a browser must not
    reuse a cached copy; a rendition's playlist never changes once listed."""
    _, client, _, _, public_id, _ = world
    grant = client.get(f"/api/viewers/videos/{public_id}/playback").json()
    master = client.get(local(grant["url"]))
    assert master.headers["cache-control"] == "no-cache"
    variant = client.get(local(m3u8.loads(master.text).playlists[0].uri))
    assert variant.headers["cache-control"] == "private, max-age=60"
