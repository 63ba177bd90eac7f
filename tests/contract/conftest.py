"""Each repository contract runs against every implementation: the fakes must not drift either."""

import pytest

from backend.adapters.local.database import open_database
from backend.adapters.local.sqlite_login_attempt_log import SqliteLoginAttemptLog
from backend.adapters.local.sqlite_signing_key_store import SqliteSigningKeyStore
from backend.adapters.local.sqlite_upload_repository import SqliteUploadRepository
from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
from backend.adapters.local.sqlite_video_repository import SqliteVideoRepository
from tests.fakes import repositories as memory

IMPLEMENTATIONS = {
    "users": (SqliteUserRepository, memory.InMemoryUserRepository),
    "videos": (SqliteVideoRepository, memory.InMemoryVideoRepository),
    "uploads": (SqliteUploadRepository, memory.InMemoryUploadRepository),
    "signing_keys": (SqliteSigningKeyStore, memory.InMemorySigningKeyStore),
    "login_attempts": (SqliteLoginAttemptLog, memory.InMemoryLoginAttemptLog),
}


@pytest.fixture(params=["sqlite", "memory"])
def make(request, tmp_path):
    def build(port: str):
        sqlite, fake = IMPLEMENTATIONS[port]
        if request.param == "memory":
            return fake()
        return sqlite(open_database(f"sqlite:///{tmp_path / 'contract.db'}"))

    return build
