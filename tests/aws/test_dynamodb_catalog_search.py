"""DynamoDB search on moto: creator names are scored, and each is read once per process."""

from backend.adapters.aws.dynamodb_catalog import DynamoDbCatalog
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
from backend.adapters.aws.dynamodb_video_repository import DynamoDbVideoRepository
from tests.catalog_seed import published, seed_user


class CountingUsers(DynamoDbUserRepository):
    reads = 0

    def get(self, user_id):
        self.reads += 1
        return super().get(user_id)


def test_a_search_reads_each_creators_name_once(aws):
    users = CountingUsers(aws, table_name("test", "users"))
    videos = DynamoDbVideoRepository(aws, table_name("test", "videos"))
    catalog = DynamoDbCatalog(aws, table_name("test", "videos"), users=users)
    makers = [seed_user(users, f"maker{m}") for m in range(4)]
    for n in range(20):
        videos.add(published(n, makers[n % 4], title=f"Clip {n}"))
    users.reads = 0
    assert len(catalog.search("maker1", limit=10, cursor=None).items) == 5
    assert users.reads == 4  # the four creators of the window
    catalog.search("clip", limit=10, cursor=None)
    catalog.newest(limit=10, cursor=None)
    assert users.reads == 4
