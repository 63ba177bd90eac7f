"""One catalog contract for SQLite (FTS5), DynamoDB (public index, bounded search) and the fake."""

from datetime import timedelta

import pytest

from backend.adapters.aws.dynamodb_catalog import DynamoDbCatalog
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
from backend.adapters.aws.dynamodb_video_repository import DynamoDbVideoRepository
from backend.adapters.cursor import encode_cursor
from backend.adapters.local.database import open_database
from backend.adapters.local.sqlite_catalog import SqliteCatalog
from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
from backend.adapters.local.sqlite_video_repository import SqliteVideoRepository
from backend.domain.errors import InvalidCursor
from backend.domain.statuses import VideoStatus, Visibility
from tests.catalog_seed import T0, published, seed_user
from tests.fakes.catalog import InMemoryCatalog
from tests.fakes.repositories import InMemoryUserRepository, InMemoryVideoRepository


@pytest.fixture(params=["sqlite", "dynamodb", "fake"])
def world(request, tmp_path):
    if request.param == "fake":
        fake_users, fake_videos = InMemoryUserRepository(), InMemoryVideoRepository()
        return fake_users, fake_videos, InMemoryCatalog(users=fake_users, videos=fake_videos)
    if request.param == "sqlite":
        engine = open_database(f"sqlite:///{tmp_path / 'catalog.db'}")
        return SqliteUserRepository(engine), SqliteVideoRepository(engine), SqliteCatalog(engine)
    clients = request.getfixturevalue("aws")
    users = DynamoDbUserRepository(clients, table_name("test", "users"))
    videos = DynamoDbVideoRepository(clients, table_name("test", "videos"))
    return users, videos, DynamoDbCatalog(clients, table_name("test", "videos"), users=users)


def ids(page):
    return [e.video.video_id for e in page.items]


def test_newest_first_without_gaps_while_publishing(world):
    users, videos, catalog = world
    owner = seed_user(users, "ola")
    for n in range(12):
        videos.add(published(n, owner, title=f"Video {n}"))
    seen, cursor, extra = [], None, 100
    while True:
        page = catalog.newest(limit=5, cursor=cursor)
        seen += ids(page)
        videos.add(published(extra, owner, title="new", at=T0 + timedelta(days=1, minutes=extra)))
        extra += 1
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [f"vid_{n:06d}" for n in range(11, -1, -1)]
    assert page.items[0].creator == "ola"


def test_only_public_ready_videos_and_get(world):
    users, videos, catalog = world
    owner = seed_user(users, "pia")
    videos.add(published(1, owner, title="Shown"))
    hidden = published(2, owner, title="Hidden")
    hidden.visibility = Visibility.PRIVATE
    videos.add(hidden)
    assert ids(catalog.newest(limit=10, cursor=None)) == ["vid_000001"]
    assert catalog.get("vid_000001").creator == "pia"
    assert catalog.get("vid_000002") is None and catalog.get("vid_nope") is None


def test_search_prefixes_ranking_and_changes(world):
    users, videos, catalog = world
    owner = seed_user(users, "rui")
    videos.add(published(1, owner, title="Cooking pasta at home", tags=["food"]))
    videos.add(published(2, owner, title="Morning run", description="then some cooking"))
    videos.add(published(3, owner, title="Mountain biking", tags=["outdoors"]))
    assert ids(catalog.search("cook", limit=10, cursor=None)) == ["vid_000001", "vid_000002"]
    assert ids(catalog.search("MOUNTAIN outdoor", limit=10, cursor=None)) == ["vid_000003"]
    assert ids(catalog.search("submarine", limit=10, cursor=None)) == []
    videos.update("vid_000001", visibility=Visibility.PRIVATE, published_at=None)
    assert ids(catalog.search("cook", limit=10, cursor=None)) == ["vid_000002"]
    first = catalog.search("mo", limit=1, cursor=None)  # Morning, Mountain
    assert first.next_cursor is not None
    second = catalog.search("mo", limit=5, cursor=first.next_cursor)
    assert sorted(ids(first) + ids(second)) == ["vid_000002", "vid_000003"]
    assert second.next_cursor is None


def test_listing_follows_field_level_updates(world):
    users, videos, catalog = world
    owner = seed_user(users, "quin")
    later = published(1, owner, title="Later")
    later.visibility, later.published_at = Visibility.PRIVATE, None
    videos.add(later)
    assert ids(catalog.newest(limit=10, cursor=None)) == []
    public = {"visibility": Visibility.PUBLIC, "published_at": T0}
    assert videos.update("vid_000001", expected_status=VideoStatus.READY, **public)
    assert videos.update("vid_000001", title="Renamed")  # an edit keeps it listed
    assert ids(catalog.newest(limit=10, cursor=None)) == ["vid_000001"]
    assert catalog.get("vid_000001").video.title == "Renamed"
    assert videos.update("vid_000001", visibility=Visibility.PRIVATE, published_at=None)
    assert ids(catalog.newest(limit=10, cursor=None)) == []
    assert catalog.get("vid_000001") is None


FORGED_CURSORS = [
    "e30",  # {}
    "%%%",
    encode_cursor({"o": "9" * 30}),
    encode_cursor({"o": "²"}),
    encode_cursor({"t": "²", "id": "vid_1"}),
    encode_cursor({"video_id": "", "public_pk": "PUBLIC", "published_sort": ""}),
    encode_cursor({"video_id": "v" * 2000, "public_pk": "PUBLIC", "published_sort": "x" * 2000}),
]


@pytest.mark.parametrize("query", ["", "cook"])
@pytest.mark.parametrize("cursor", FORGED_CURSORS)
def test_a_cursor_the_catalog_did_not_hand_out_is_invalid(world, query, cursor):
    users, videos, catalog = world
    videos.add(published(1, seed_user(users, "ola"), title="Cooking"))
    with pytest.raises(InvalidCursor):
        catalog.search(query, limit=5, cursor=cursor)


def test_a_creators_channel_lists_only_their_published_videos_newest_first(world):
    users, videos, catalog = world
    ana, ben = seed_user(users, "ana"), seed_user(users, "ben")
    for n in range(5):
        videos.add(published(n, ana, title=f"Ana {n}"))
    videos.add(published(10, ben, title="Ben's"))
    draft = published(11, ana, title="Not yet")
    draft.visibility, draft.published_at = Visibility.PRIVATE, None
    videos.add(draft)
    first = catalog.by_creator(ana.user_id, limit=3, cursor=None)
    rest = catalog.by_creator(ana.user_id, limit=3, cursor=first.next_cursor)
    assert ids(first) + ids(rest) == [f"vid_{n:06d}" for n in range(4, -1, -1)]
    assert rest.next_cursor is None and {e.creator for e in first.items} == {"ana"}
    later = {"visibility": Visibility.PUBLIC, "published_at": T0 + timedelta(days=1)}
    assert videos.update("vid_000011", expected_status=VideoStatus.READY, **later)
    assert ids(catalog.by_creator(ana.user_id, limit=1, cursor=None)) == ["vid_000011"]
    assert videos.update("vid_000004", visibility=Visibility.PRIVATE, published_at=None)
    assert "vid_000004" not in ids(catalog.by_creator(ana.user_id, limit=10, cursor=None))
    assert catalog.by_creator("usr_nobody", limit=10, cursor=None).items == []


def test_searching_a_creators_name_finds_their_videos(world):
    users, videos, catalog = world
    marta, ben = seed_user(users, "marta_cooks"), seed_user(users, "ben")
    videos.add(published(1, marta, title="Sunday bread"))
    videos.add(published(2, ben, title="Marta's favourite knife"))
    videos.add(published(3, ben, title="Mountain biking"))
    assert sorted(ids(catalog.search("marta", limit=10, cursor=None))) == [
        "vid_000001",
        "vid_000002",
    ]
    assert ids(catalog.search("marta_cooks", limit=10, cursor=None)) == ["vid_000001"]
    assert ids(catalog.search("ben mountain", limit=10, cursor=None)) == ["vid_000003"]


def test_oldest_first_pages_without_gaps(world):
    users, videos, catalog = world
    owner = seed_user(users, "odo")
    for n in range(7):
        videos.add(published(n, owner, title=f"Video {n}"))
    hidden = published(7, owner, title="Draft")
    hidden.visibility = Visibility.PRIVATE
    videos.add(hidden)
    first = catalog.oldest(limit=4, cursor=None)
    rest = catalog.oldest(limit=4, cursor=first.next_cursor)
    assert ids(first) + ids(rest) == [f"vid_{n:06d}" for n in range(7)]
    assert rest.next_cursor is None and first.items[0].creator == "odo"


def test_a_published_playable_video_is_listed_while_its_rungs_arrive(world):
    users, videos, catalog = world
    owner = seed_user(users, "pat")
    early = published(1, owner, title="Early bird")
    early.status, early.visibility, early.published_at = (
        VideoStatus.PROCESSING,
        Visibility.PRIVATE,
        None,
    )
    early.planned_renditions = ["720p", "480p"]
    videos.add(early)
    assert videos.update("vid_000001", status=VideoStatus.PLAYABLE)
    public = {"visibility": Visibility.PUBLIC, "published_at": T0}
    assert videos.update("vid_000001", expected_status=VideoStatus.PLAYABLE, **public)
    assert ids(catalog.newest(limit=10, cursor=None)) == ["vid_000001"]
    assert ids(catalog.search("early", limit=10, cursor=None)) == ["vid_000001"]
    assert ids(catalog.by_creator(owner.user_id, limit=10, cursor=None)) == ["vid_000001"]
    assert videos.update(
        "vid_000001", expected_status=VideoStatus.PLAYABLE, status=VideoStatus.PLAYABLE
    )
    assert videos.update("vid_000001", status=VideoStatus.READY)
    assert ids(catalog.newest(limit=10, cursor=None)) == ["vid_000001"]
    assert ids(catalog.search("bird", limit=10, cursor=None)) == ["vid_000001"]
    assert videos.get("vid_000001").planned_renditions == ["720p", "480p"]
