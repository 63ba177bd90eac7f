"""Each repository contract runs against every implementation: the fakes must not drift either."""

import pytest

from backend.adapters.aws.dynamodb_login_attempt_log import DynamoDbLoginAttemptLog
from backend.adapters.aws.dynamodb_signing_key_store import DynamoDbSigningKeyStore
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.dynamodb_upload_repository import DynamoDbUploadRepository
from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
from backend.adapters.aws.dynamodb_video_repository import DynamoDbVideoRepository
from backend.adapters.local.database import open_database
from backend.adapters.local.sqlite_login_attempt_log import SqliteLoginAttemptLog
from backend.adapters.local.sqlite_signing_key_store import SqliteSigningKeyStore
from backend.adapters.local.sqlite_upload_repository import SqliteUploadRepository
from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
from backend.adapters.local.sqlite_video_repository import SqliteVideoRepository
from tests.fakes import repositories as memory

DYNAMODB = {
    "users": DynamoDbUserRepository,
    "videos": DynamoDbVideoRepository,
    "uploads": DynamoDbUploadRepository,
    "signing_keys": DynamoDbSigningKeyStore,
    "login_attempts": (DynamoDbLoginAttemptLog, "login_failures"),
}
IMPLEMENTATIONS = {
    "users": (SqliteUserRepository, memory.InMemoryUserRepository),
    "videos": (SqliteVideoRepository, memory.InMemoryVideoRepository),
    "uploads": (SqliteUploadRepository, memory.InMemoryUploadRepository),
    "signing_keys": (SqliteSigningKeyStore, memory.InMemorySigningKeyStore),
    "login_attempts": (SqliteLoginAttemptLog, memory.InMemoryLoginAttemptLog),
}


@pytest.fixture(params=["sqlite", "memory", "dynamodb"])
def make(request, tmp_path):
    def build(port: str):
        sqlite, fake = IMPLEMENTATIONS[port]
        if request.param == "memory":
            return fake()
        if request.param == "dynamodb":
            adapter = DYNAMODB[port]
            adapter, table = adapter if isinstance(adapter, tuple) else (adapter, port)
            return adapter(request.getfixturevalue("aws"), table_name("test", table))
        return sqlite(open_database(f"sqlite:///{tmp_path / 'contract.db'}"))

    return build
