import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from backend.adapters.local.database import open_database
from backend.adapters.local.local_identity import LocalIdentity
from backend.adapters.local.sqlite_job_queue import SqliteJobQueue
from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.errors import InvalidInput, Unauthorized
from tests.fakes.clock import FrozenClock


@pytest.fixture
def engine(tmp_path):
    return open_database(f"sqlite:///{tmp_path / 'v.db'}")


@pytest.fixture
def clock():
    return FrozenClock(datetime(2026, 5, 1, tzinfo=UTC))


@pytest.fixture
def identity(engine, clock):
    ident = LocalIdentity(engine, clock=clock)
    ident.register(user_id="usr_1", email="a@example.com", username="a", password="s3cret-pass")
    return ident


def test_passwords_are_argon2_hashed_and_checked(identity, engine):
    from sqlmodel import Session

    from backend.adapters.local.tables import CredentialRow

    with Session(engine) as session:
        stored = session.get(CredentialRow, "a@example.com").password_hash
    assert stored.startswith("$argon2id$") and "s3cret-pass" not in stored
    assert identity.check_password(email="a@example.com", password="s3cret-pass")
    assert not identity.check_password(email="a@example.com", password="s3cret-pasS")
    assert not identity.check_password(email="nobody@example.com", password="s3cret-pass")


def test_code_goes_to_the_outbox_and_confirms_once(identity):
    (message,) = identity.outbox("a@example.com")
    assert len(message.code) == 6 and message.code.isdigit()
    identity.confirm(email="a@example.com", code=message.code)
    with pytest.raises(InvalidInput):
        identity.confirm(email="a@example.com", code=message.code)


def test_code_expires_after_24_hours(identity, clock):
    code = identity.outbox("a@example.com")[0].code
    clock.advance(hours=24, seconds=1)
    with pytest.raises(InvalidInput, match="expired"):
        identity.confirm(email="a@example.com", code=code)


def test_five_wrong_codes_burn_the_code(identity):
    code = identity.outbox("a@example.com")[0].code
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        with pytest.raises(InvalidInput):
            identity.confirm(email="a@example.com", code=wrong)
    with pytest.raises(InvalidInput):
        identity.confirm(email="a@example.com", code=code)
    identity.resend_code(email="a@example.com")
    identity.confirm(email="a@example.com", code=identity.outbox("a@example.com")[0].code)


def test_concurrent_wrong_codes_use_up_the_attempts_of_the_code(identity):
    code = identity.outbox("a@example.com")[0].code
    wrong = [f"{i:06d}" for i in range(41) if f"{i:06d}" != code][:40]
    barrier = threading.Barrier(len(wrong))

    def guess(attempt: str) -> None:
        barrier.wait()
        with contextlib.suppress(InvalidInput):
            identity.confirm(email="a@example.com", code=attempt)

    with ThreadPoolExecutor(len(wrong)) as pool:
        list(pool.map(guess, wrong))
    with pytest.raises(InvalidInput):  # every attempt counted: the code is used up
        identity.confirm(email="a@example.com", code=code)


def test_job_queue_is_idempotent_per_upload_and_cancellable(engine, clock):
    jobs = SqliteJobQueue(engine, clock=clock)
    first = jobs.enqueue(video_id="vid_1", upload_id="upl_1")
    assert jobs.enqueue(video_id="vid_1", upload_id="upl_1") == first
    second = jobs.enqueue(video_id="vid_1", upload_id="upl_2")
    assert second != first
    assert jobs.cancel_for_video("vid_1") == 2
    assert jobs.status_of(first) == "CANCELED"
    assert jobs.cancel_for_video("vid_1") == 0


class CountingHasher(PasswordHasher):
    """argon2 that counts how many verifications run at the same time."""

    def __init__(self) -> None:
        super().__init__(time_cost=2, memory_cost=16 * 1024)
        self.running = self.most_at_once = self.verified = self.hashed = 0
        self._lock = threading.Lock()

    def hash(self, password, *, salt=None) -> str:  # type: ignore[no-untyped-def]
        self.hashed += 1
        return super().hash(password, salt=salt)

    def verify(self, hash, password) -> bool:  # type: ignore[no-untyped-def]
        with self._lock:
            self.running += 1
            self.verified += 1
            self.most_at_once = max(self.most_at_once, self.running)
        try:
            return super().verify(hash, password)
        finally:
            with self._lock:
                self.running -= 1


def test_argon2_runs_at_most_the_configured_number_of_hashes_at_once(tmp_path, engine, clock):
    hasher = CountingHasher()
    identity = LocalIdentity(engine, clock=clock, hasher=hasher)
    settings = Settings(data_dir=tmp_path, password_hash_concurrency=2)
    svc = build_services(settings, engine=engine, identity=identity, clock=clock)
    barrier = threading.Barrier(30)

    def log_in(i: int) -> None:
        barrier.wait()
        with contextlib.suppress(Unauthorized):
            svc.auth.log_in(email=f"u{i}@example.com", password="wrong-pass1", client=f"c{i}")

    with ThreadPoolExecutor(30) as pool:
        list(pool.map(log_in, range(30)))
    assert hasher.verified == 30
    assert hasher.most_at_once <= 2


def test_a_taken_email_costs_the_same_password_work_as_a_new_sign_up(tmp_path, engine, clock):
    """Else the time of the 202 tells whether an email has an account."""
    hasher = CountingHasher()
    identity = LocalIdentity(engine, clock=clock, hasher=hasher)
    svc = build_services(Settings(data_dir=tmp_path), engine=engine, identity=identity, clock=clock)
    before = hasher.hashed
    svc.auth.sign_up(email="ann@example.com", username="ann", password="correct horse 1")
    new_account = hasher.hashed - before
    svc.auth.sign_up(email="ann@example.com", username="ann2", password="correct horse 1")
    taken_email = hasher.hashed - before - new_account
    assert new_account == taken_email == 1
