"""A page cursor the server did not hand out is a 400 with a JSON error, never a 500."""

import base64
import json

import pytest


def opaque(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_OFFSETS = {
    "huge": json.dumps({"o": "9" * 30}),
    "5000 digits": json.dumps({"o": "9" * 5000}),
    "superscript two": json.dumps({"o": "²"}),
    "arabic-indic digits": json.dumps({"o": "٣"}),
    "deeply nested": "[" * 5000 + "]" * 5000,
}
BAD_KEYSETS = {
    "deeply nested": "[" * 5000 + "]" * 5000,
    "year 10000": json.dumps({"t": "+10000-01-01T00:00:00", "id": "vid_1"}),
    "not a time": json.dumps({"t": "²", "id": "vid_1"}),
    "not text": json.dumps({"t": 1, "id": "vid_1"}),
    "no time zone": json.dumps({"t": "2020-01-01T00:00:00", "id": "vid_1"}),
    "before year 1 in UTC": json.dumps({"t": "0001-01-01T00:00:00+05:00", "id": "vid_1"}),
    "after year 9999 in UTC": json.dumps({"t": "9999-12-31T23:59:59-05:00", "id": "vid_1"}),
    "a long id": json.dumps({"t": "2020-01-01T00:00:00+00:00", "id": "v" * 5_000}),
}


def assert_bad_cursor(response) -> None:
    assert response.status_code == 400, response.text
    assert response.json()["error"] == "invalid_cursor"
    assert response.json()["message"]


@pytest.mark.parametrize("raw", BAD_OFFSETS.values(), ids=BAD_OFFSETS.keys())
def test_search_rejects_forged_offset_cursors(api, raw):
    assert_bad_cursor(api.get("/api/viewers/videos", params={"q": "cat", "cursor": opaque(raw)}))


@pytest.mark.parametrize("raw", BAD_KEYSETS.values(), ids=BAD_KEYSETS.keys())
def test_newest_list_rejects_forged_keyset_cursors(api, raw):
    assert_bad_cursor(api.get("/api/viewers/videos", params={"cursor": opaque(raw)}))


@pytest.mark.parametrize("raw", BAD_KEYSETS.values(), ids=BAD_KEYSETS.keys())
def test_channels_reject_forged_keyset_cursors(api, alice, raw):
    assert_bad_cursor(api.get("/api/viewers/creators/alice/videos", params={"cursor": opaque(raw)}))


@pytest.mark.parametrize("raw", BAD_KEYSETS.values(), ids=BAD_KEYSETS.keys())
def test_creators_list_rejects_forged_keyset_cursors(api, alice, raw):
    r = api.get("/api/creators/videos", params={"cursor": opaque(raw)}, headers=alice)
    assert_bad_cursor(r)


@pytest.mark.parametrize("cursor", ["%%%", "not-base64!", opaque("not json")])
def test_malformed_cursors_are_400_on_every_listing(api, alice, cursor):
    assert_bad_cursor(api.get("/api/viewers/videos", params={"cursor": cursor}))
    assert_bad_cursor(api.get("/api/viewers/videos", params={"q": "cat", "cursor": cursor}))
    assert_bad_cursor(api.get("/api/creators/videos", params={"cursor": cursor}, headers=alice))
