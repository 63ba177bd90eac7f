"""Each repository contract runs against every implementation: the fakes must not drift either."""

import pytest

from backend.adapters.aws.dynamodb_audit_log import DynamoDbAuditLog
from backend.adapters.aws.dynamodb_creator_request_repository import (
    DynamoDbCreatorRequestRepository,
)
from backend.adapters.aws.dynamodb_login_attempt_log import DynamoDbLoginAttemptLog
from backend.adapters.aws.dynamodb_report_repository import DynamoDbReportRepository
from backend.adapters.aws.dynamodb_signing_key_store import DynamoDbSigningKeyStore
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.dynamodb_upload_repository import DynamoDbUploadRepository
from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
from backend.adapters.aws.dynamodb_video_repository import DynamoDbVideoRepository
from backend.adapters.local.database import open_database
from backend.adapters.local.sqlite_audit_log import SqliteAuditLog
from backend.adapters.local.sqlite_creator_request_repository import (
    SqliteCreatorRequestRepository,
)
from backend.adapters.local.sqlite_login_attempt_log import SqliteLoginAttemptLog
from backend.adapters.local.sqlite_report_repository import SqliteReportRepository
from backend.adapters.local.sqlite_signing_key_store import SqliteSigningKeyStore
from backend.adapters.local.sqlite_upload_repository import SqliteUploadRepository
from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
from backend.adapters.local.sqlite_video_repository import SqliteVideoRepository
from tests.fakes import moderation
from tests.fakes import repositories as memory

DYNAMODB = {
    "users": DynamoDbUserRepository,
    "videos": DynamoDbVideoRepository,
    "uploads": DynamoDbUploadRepository,
    "signing_keys": DynamoDbSigningKeyStore,
    "login_attempts": (DynamoDbLoginAttemptLog, "login_failures"),
    "audit": (DynamoDbAuditLog, "moderation"),
    "creator_requests": (DynamoDbCreatorRequestRepository, "moderation"),
    "reports": (DynamoDbReportRepository, "moderation"),
}
IMPLEMENTATIONS = {
    "users": (SqliteUserRepository, memory.InMemoryUserRepository),
    "videos": (SqliteVideoRepository, memory.InMemoryVideoRepository),
    "uploads": (SqliteUploadRepository, memory.InMemoryUploadRepository),
    "signing_keys": (SqliteSigningKeyStore, memory.InMemorySigningKeyStore),
    "login_attempts": (SqliteLoginAttemptLog, memory.InMemoryLoginAttemptLog),
    "audit": (SqliteAuditLog, moderation.InMemoryAuditLog),
    "creator_requests": (
        SqliteCreatorRequestRepository,
        moderation.InMemoryCreatorRequestRepository,
    ),
    "reports": (SqliteReportRepository, moderation.InMemoryReportRepository),
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
