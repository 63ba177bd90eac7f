"""The public catalog on SQLite: newest first without gaps, FTS5 search, private stays out."""

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.statuses import VideoStatus, Visibility
from tests.catalog_seed import T0, published, seed_user


@pytest.fixture
def svc(tmp_path):
    return build_services(Settings(data_dir=tmp_path))


@pytest.fixture
def owner(svc):
    return seed_user(svc.port("users"), "mia")


def ids(page):
    return [v.entry.video.video_id for v in page.items]


def test_newest_first_pages_have_no_gaps_or_repeats_while_videos_are_published(svc, owner):
    videos = svc.port("videos")
    for n in range(30):
        videos.add(published(n, owner, title=f"Video {n}"))
    seen, cursor, extra = [], None, 100
    while True:
        page = svc.catalog.browse(cursor=cursor, limit=7)
        seen += ids(page)
        # someone publishes between page loads: new videos go on top, not into later pages
        videos.add(published(extra, owner, title="Fresh", at=T0 + timedelta(days=1, minutes=extra)))
        extra += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"vid_{n:06d}" for n in range(29, -1, -1)]


def test_same_instant_is_ordered_by_id(svc, owner):
    videos = svc.port("videos")
    for n in range(5):
        videos.add(published(n, owner, title="tie", at=T0))
    first = svc.catalog.browse(limit=2)
    rest = svc.catalog.browse(limit=10, cursor=first.next_cursor)
    assert ids(first) + ids(rest) == [f"vid_{n:06d}" for n in range(4, -1, -1)]


def test_only_public_ready_videos_are_listed(svc, owner):
    videos = svc.port("videos")
    videos.add(published(1, owner, title="Shown"))
    draft = published(2, owner, title="Draft")
    draft.visibility, draft.published_at = Visibility.PRIVATE, None
    videos.add(draft)
    failed = published(3, owner, title="Broken")
    failed.status = VideoStatus.FAILED
    videos.add(failed)
    assert ids(svc.catalog.browse()) == ["vid_000001"]
    assert svc.catalog.get("vid_000001").entry.creator == "mia"
    for hidden in ("vid_000002", "vid_000003", "vid_missing"):
        with pytest.raises(NotFound):
            svc.catalog.get(hidden)


def test_search_matches_prefixes_ranks_titles_first_and_follows_changes(svc, owner):
    videos = svc.port("videos")
    videos.add(published(1, owner, title="Cooking pasta at home", tags=["food"]))
    videos.add(published(2, owner, title="Morning run", description="then some cooking"))
    videos.add(published(3, owner, title="Mountain biking", tags=["outdoors", "bikes"]))
    assert ids(svc.catalog.browse(query="cook")) == ["vid_000001", "vid_000002"]
    assert ids(svc.catalog.browse(query="BIKE outdoor")) == ["vid_000003"]
    assert ids(svc.catalog.browse(query="food")) == ["vid_000001"]
    assert ids(svc.catalog.browse(query="submarine")) == []
    assert ids(svc.catalog.browse(query='"); DROP TABLE videos; --')) == []
    # unpublishing takes a video out of search at once; editing re-indexes it
    videos.update("vid_000001", visibility=Visibility.PRIVATE, published_at=None)
    assert ids(svc.catalog.browse(query="cook")) == ["vid_000002"]
    videos.update("vid_000003", title="Sunset kayaking")
    assert ids(svc.catalog.browse(query="kayak")) == ["vid_000003"]
    assert ids(svc.catalog.browse(query="mountain")) == []
    videos.delete("vid_000002")
    assert ids(svc.catalog.browse(query="cooking")) == []


def test_search_pages(svc, owner):
    videos = svc.port("videos")
    for n in range(9):
        videos.add(published(n, owner, title=f"Travel diary {n}"))
    first = svc.catalog.browse(query="travel", limit=4)
    second = svc.catalog.browse(query="travel", limit=4, cursor=first.next_cursor)
    third = svc.catalog.browse(query="travel", limit=4, cursor=second.next_cursor)
    found = ids(first) + ids(second) + ids(third)
    assert sorted(found) == [f"vid_{n:06d}" for n in range(9)] and third.next_cursor is None


def test_bad_cursor_and_limits(svc):
    bad_ones = ({"cursor": "nope"}, {"limit": 0}, {"limit": 61}, {"query": "x" * 201},
                {"sort": "random"})  # fmt: skip
    for bad in bad_ones:
        with pytest.raises(InvalidInput):
            svc.catalog.browse(**bad)
    with pytest.raises(InvalidInput):
        svc.catalog.browse(query="x", cursor="eyJvIjoiLTEifQ")  # {"o":"-1"}


def test_listed_images_are_stable_urls_that_sign_on_demand(svc, owner):
    videos = svc.port("videos")
    videos.add(published(1, owner, title="With poster"))
    item = svc.catalog.browse().items[0]
    assert item.poster_url == "http://localhost:3000/api/viewers/videos/vid_000001/poster.jpg"
    assert item.thumbnail_url.endswith("/vid_000001/thumbnail.jpg")
    poster = svc.catalog.artwork_url("vid_000001", "poster")
    assert "/media/vid_000001/poster.jpg?Policy=" in poster
    assert "/thumb.jpg?Policy=" in svc.catalog.artwork_url("vid_000001", "thumbnail")
    with pytest.raises(NotFound):
        svc.catalog.artwork_url("vid_000001", "secrets")
    videos.update("vid_000001", visibility=Visibility.PRIVATE, published_at=None)
    with pytest.raises(NotFound):
        svc.catalog.artwork_url("vid_000001", "poster")


def test_listings_read_their_partial_indexes_not_the_whole_table(svc, owner):
    """The SQL the catalog really runs, explained by SQLite: each listing has its own index."""
    for n in range(30):
        svc.port("videos").add(published(n, owner, title=f"v{n}"))
    engine = svc.port("engine")
    statements: list[tuple] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # noqa: ARG001
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        svc.port("catalog").newest(limit=5, cursor=None)
        svc.port("catalog").by_creator(owner.user_id, limit=5, cursor=None)
        svc.port("catalog").oldest(limit=5, cursor=None)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    with engine.connect() as connection:
        plans = [
            str(connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).fetchall())
            for sql, params in statements
        ]
    assert "ix_videos_public_newest" in plans[0]
    assert "ix_videos_public_by_owner" in plans[1]
    assert "ix_videos_public_newest" in plans[2]  # read backwards


def test_the_listing_sorts_newest_or_oldest_first_and_a_search_by_best_match(svc, owner):
    for n, title in enumerate(["Cooking rice", "Mountain run", "Cooking pasta"]):
        svc.port("videos").add(published(n, owner, title=title))
    assert ids(svc.catalog.browse(sort="oldest")) == ["vid_000000", "vid_000001", "vid_000002"]
    assert ids(svc.catalog.browse(sort="newest")) == ["vid_000002", "vid_000001", "vid_000000"]
    assert set(ids(svc.catalog.browse(query="cook", sort="oldest"))) == {"vid_000000", "vid_000002"}


def test_the_viewers_api_sorts_the_listing(svc, owner):
    for n in range(3):
        svc.port("videos").add(published(n, owner, title=f"v{n}"))
    client = TestClient(build_api(svc))
    listed = client.get("/api/viewers/videos", params={"sort": "oldest"}).json()["items"]
    assert [v["video_id"] for v in listed] == ["vid_000000", "vid_000001", "vid_000002"]
    wrong = client.get("/api/viewers/videos", params={"sort": "random"})
    assert wrong.status_code == 422 and wrong.json()["error"] == "invalid_input"
