"""A login in flight must not undo what an operator or "log out everywhere" did meanwhile.

The interleaving is made deterministic: the login reads the user, the other writer acts, then
the login writes. Runs on the in-memory fake, real SQLite and DynamoDB on moto."""

from collections.abc import Callable

import pytest

from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.dynamodb_user_repository import DynamoDbUserRepository
from backend.adapters.local.database import open_database
from backend.adapters.local.sqlite_user_repository import SqliteUserRepository
from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.errors import Forbidden, Unauthorized
from backend.domain.statuses import AccountStatus
from tests.fakes.clock import FrozenClock
from tests.fakes.ports import FakeIdentity, FakeJobQueue, FakeObjectStore
from tests.fakes.repositories import (
    InMemoryLoginAttemptLog,
    InMemorySigningKeyStore,
    InMemoryUploadRepository,
    InMemoryUserRepository,
    InMemoryVideoRepository,
)
from tests.unit.helpers import PASSWORD, active_user

EMAIL = "alice@example.com"


class RaceAfterRead:
    """Delegates to a user repository; after the next read by email, another writer acts."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.then: Callable[[], object] | None = None

    def __getattr__(self, name: str):
        return getattr(self._inner, name)

    def get_by_email(self, email: str):
        return self._after(self._inner.get_by_email(email))

    def get(self, user_id: str):
        return self._after(self._inner.get(user_id))

    def _after(self, user):
        other, self.then = self.then, None
        if other is not None:
            other()
        return user


@pytest.fixture(params=["memory", "sqlite", "dynamodb"])
def svc(request, tmp_path):
    if request.param == "memory":
        inner = InMemoryUserRepository()
    elif request.param == "dynamodb":
        inner = DynamoDbUserRepository(request.getfixturevalue("aws"), table_name("test", "users"))
    else:
        inner = SqliteUserRepository(open_database(f"sqlite:///{tmp_path / 'users.db'}"))
    return build_services(
        Settings(data_dir=tmp_path),
        clock=FrozenClock(),
        users=RaceAfterRead(inner),
        videos=InMemoryVideoRepository(),
        uploads=InMemoryUploadRepository(),
        signing_keys=InMemorySigningKeyStore(),
        login_attempts=InMemoryLoginAttemptLog(),
        identity=FakeIdentity(),
        objects=FakeObjectStore(),
        jobs=FakeJobQueue(),
    )


def log_in(svc):
    return svc.auth.log_in(email=EMAIL, password=PASSWORD, client="10.0.0.1")


def test_suspension_during_a_login_stays_and_the_login_is_refused(svc):
    alice = active_user(svc, "alice")
    users = svc.port("users")
    users.then = lambda: svc.auth.set_status(email=EMAIL, status=AccountStatus.SUSPENDED)
    try:
        log_in(svc)
        refused = False
    except Forbidden:
        refused = True
    assert users.get(alice.user_id).account_status is AccountStatus.SUSPENDED
    assert refused


def test_log_out_everywhere_during_a_login_still_revokes_old_tokens(svc):
    active_user(svc, "alice")
    old = log_in(svc).token.token
    svc.port("clock").advance(seconds=5)
    users = svc.port("users")
    users.then = lambda: svc.auth.log_out_everywhere(old)
    fresh = log_in(svc)
    assert users.get(fresh.user.user_id).tokens_valid_after == svc.port("clock").now()
    with pytest.raises(Unauthorized):
        svc.tokens.verify(old)
    assert svc.tokens.verify(fresh.token.token).user_id == fresh.user.user_id


def test_log_out_everywhere_during_a_refresh_revokes_the_refreshed_token_too(svc):
    """A thief refreshing a stolen token while its owner logs out everywhere keeps nothing."""
    active_user(svc, "alice")
    stolen = log_in(svc).token.token
    clock = svc.port("clock")

    def owner_logs_out_everywhere() -> None:
        clock.advance(seconds=1)
        svc.auth.log_out_everywhere(stolen)
        clock.advance(seconds=1)

    svc.port("users").then = owner_logs_out_everywhere  # after refresh has read the user
    refreshed = svc.auth.refresh(stolen).token.token
    for token in (stolen, refreshed):
        with pytest.raises(Unauthorized):
            svc.tokens.verify(token)
