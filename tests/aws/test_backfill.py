"""DynamoDB backfills on moto: the public-by-owner index filled for videos listed before it."""

import dataclasses

from backend.adapters.aws.backfills import BACKFILLS
from backend.adapters.aws.dynamodb_backfill import BackfillRunner
from backend.adapters.aws.dynamodb_catalog import DynamoDbCatalog
from backend.adapters.aws.dynamodb_codec import video_item
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
from backend.adapters.aws.dynamodb_video_repository import DynamoDbVideoRepository
from backend.domain.statuses import Visibility
from tests.catalog_seed import published, seed_user

BACKFILL = BACKFILLS["public-by-owner"]


def world(aws):
    users = DynamoDbUserRepository(aws, table_name("test", "users"))
    videos = DynamoDbVideoRepository(aws, table_name("test", "videos"))
    catalog = DynamoDbCatalog(aws, table_name("test", "videos"), users=users)
    table = aws.resource("dynamodb").Table(table_name("test", "videos"))
    return users, videos, catalog, table


def listed_before_channels(table, video) -> None:
    """A video as the version before channel pages wrote it: no public_owner attribute."""
    item = video_item(video)
    item.pop("public_owner", None)
    table.put_item(Item=item)


def channel(catalog, owner) -> list[str]:
    return [
        e.video.video_id for e in catalog.by_creator(owner.user_id, limit=50, cursor=None).items
    ]


def test_old_listed_videos_join_the_channel_index_once(aws):
    users, videos, catalog, table = world(aws)
    ana = seed_user(users, "ana")
    for n in range(3):
        listed_before_channels(table, published(n, ana, title=f"Old {n}"))
    private = published(3, ana, title="Private")
    private.visibility, private.published_at = Visibility.PRIVATE, None
    listed_before_channels(table, private)
    videos.add(published(4, ana, title="New"))  # written by this version: already indexed
    assert channel(catalog, ana) == ["vid_000004"]

    runner = BackfillRunner(aws, "test")
    dry = runner.run(BACKFILL, dry_run=True)
    assert (dry.scanned, dry.updated) == (5, 3) and channel(catalog, ana) == ["vid_000004"]

    report = runner.run(BACKFILL)
    assert (report.scanned, report.updated, report.changed_meanwhile) == (5, 3, 0)
    assert channel(catalog, ana) == ["vid_000004", "vid_000002", "vid_000001", "vid_000000"]
    assert runner.run(BACKFILL).updated == 0  # a second run finds nothing to do


def test_a_video_unpublished_during_the_run_is_left_unlisted(aws):
    users, videos, catalog, table = world(aws)
    ana = seed_user(users, "ana")
    listed_before_channels(table, published(1, ana, title="Going private"))

    def unpublish_first(item):
        change = BACKFILL.update(item)
        videos.update(item["video_id"], visibility=Visibility.PRIVATE, published_at=None)
        return change

    racing = dataclasses.replace(BACKFILL, update=unpublish_first)
    report = BackfillRunner(aws, "test").run(racing)
    assert (report.updated, report.changed_meanwhile) == (0, 1)
    assert channel(catalog, ana) == [] and catalog.get("vid_000001") is None


def test_a_stopped_run_resumes_where_it_stopped(aws):
    users, _, catalog, table = world(aws)
    ana = seed_user(users, "ana")
    for n in range(5):
        listed_before_channels(table, published(n, ana, title=f"Old {n}"))
    runner = BackfillRunner(aws, "test")
    first = runner.run(BACKFILL, page_size=2, max_pages=1)
    assert first.updated == 2 and first.resume_from is not None
    rest = runner.run(BACKFILL, page_size=2, start_key=first.resume_from)
    assert rest.updated == 3 and rest.resume_from is None
    assert len(channel(catalog, ana)) == 5
