"""Abuse of the account endpoints: concurrency, shared addresses, code guessing, enumeration."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from backend.domain.errors import DomainError, InvalidInput, Throttled, Unauthorized
from backend.domain.statuses import AccountStatus
from tests.fakes.ports import FakeIdentity
from tests.fakes.services import fake_services
from tests.unit.helpers import PASSWORD

WIDEN_RACE_S = 0.05  # keeps each check inside the identity long enough for others to pile up


class SlowCountingIdentity(FakeIdentity):
    """Counts password checks, and how many run at the same time."""

    def __init__(self) -> None:
        super().__init__()
        self.checks = 0
        self.running = 0
        self.most_at_once = 0
        self._lock = threading.Lock()

    def check_password(self, *, email: str, password: str) -> bool:
        with self._lock:
            self.checks += 1
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        threading.Event().wait(WIDEN_RACE_S)
        with self._lock:
            self.running -= 1
        return super().check_password(email=email, password=password)


@pytest.fixture
def slow(tmp_path):
    identity = SlowCountingIdentity()
    svc = fake_services(tmp_path, password_hash_concurrency=2)
    svc.auth._identity = identity  # the same fake, instrumented
    svc.ports["identity"] = identity
    return svc


def at_once(n: int, call) -> list[BaseException | None]:
    """Run call(i) in n threads released together; what each raised (None: returned)."""
    barrier = threading.Barrier(n)

    def run(i: int) -> BaseException | None:
        barrier.wait()
        try:
            call(i)
        except DomainError as e:
            return e
        return None

    with ThreadPoolExecutor(n) as pool:
        return list(pool.map(run, range(n)))


def confirmed(svc, name="bob"):
    email = f"{name}@example.com"
    svc.auth.sign_up(email=email, username=name, password=PASSWORD)
    svc.auth.confirm(email=email, code=svc.port("identity").last_code(email))
    return email


def test_concurrent_wrong_passwords_for_one_account_are_evaluated_at_most_five_times(slow):
    email = confirmed(slow)
    outcomes = at_once(
        30, lambda i: slow.auth.log_in(email=email, password="bad-pass1", client=f"ip{i}")
    )
    assert slow.auth._identity.checks <= 5
    assert sum(isinstance(o, Unauthorized) for o in outcomes) <= 5
    assert sum(isinstance(o, Throttled) for o in outcomes) >= 25


def test_password_checks_run_at_most_the_configured_number_at_once(slow):
    outcomes = at_once(
        30,
        lambda i: slow.auth.log_in(email=f"u{i}@example.com", password="bad-pass1", client=f"c{i}"),
    )
    assert all(isinstance(o, Unauthorized) for o in outcomes)
    assert slow.auth._identity.checks == 30
    assert slow.auth._identity.most_at_once <= 2


def test_concurrent_wrong_codes_are_checked_at_most_five_times(tmp_path):
    svc = fake_services(tmp_path)
    svc.auth.sign_up(email="eve@example.com", username="eve", password=PASSWORD)
    identity = svc.port("identity")
    tried = []
    original = identity.confirm

    def counting_confirm(*, email: str, code: str) -> None:
        tried.append(code)
        threading.Event().wait(WIDEN_RACE_S)
        original(email=email, code=code)

    identity.confirm = counting_confirm
    outcomes = at_once(40, lambda i: svc.auth.confirm(email="eve@example.com", code=f"{i:06d}"))
    assert len(tried) <= 5
    assert sum(isinstance(o, Throttled) for o in outcomes) >= 35


def test_resending_codes_is_throttled_and_does_not_restore_guesses(svc):
    svc.auth.sign_up(email="eve@example.com", username="eve", password=PASSWORD)
    guesses = 0
    with pytest.raises(Throttled):
        for _ in range(3):
            svc.auth.resend_code(email="eve@example.com", client="c")
            for _ in range(5):
                with pytest.raises(InvalidInput):
                    svc.auth.confirm(email="eve@example.com", code="000000")
                guesses += 1
    assert guesses <= 5


def test_resends_are_throttled_per_account_and_per_client(svc, clock):
    outcomes = []
    for _ in range(10):
        try:
            svc.auth.resend_code(email="eve@example.com", client="c1")
            outcomes.append("sent")
        except Throttled:
            outcomes.append("429")
    assert "429" in outcomes and outcomes.count("sent") <= 3
    for i in range(100):  # a client spreading resends over many accounts
        try:
            svc.auth.resend_code(email=f"u{i}@example.com", client="c2")
        except Throttled:
            break
    else:
        pytest.fail("one client could ask for 100 codes")
    clock.advance(hours=1)
    svc.auth.resend_code(email="eve@example.com", client="c1")


def answer(call) -> tuple[str, str] | str:
    try:
        return repr(call())
    except DomainError as e:
        return (type(e).__name__, e.code, e.message)


def test_confirm_answers_the_same_for_unknown_confirmed_and_waiting_accounts(svc):
    confirmed(svc, "ann")
    svc.auth.sign_up(email="pat@example.com", username="pat", password=PASSWORD)
    answers = {
        answer(lambda e=email: svc.auth.confirm(email=e, code="999999"))
        for email in ("ann@example.com", "pat@example.com", "ghost@example.com")
    }
    assert len(answers) == 1, answers
    assert next(iter(answers))[0] == "InvalidInput"


def test_sign_up_with_a_taken_email_looks_like_a_new_sign_up_and_tells_the_owner(svc):
    confirmed(svc, "ann")
    before = len(svc.port("identity").sent)
    new = answer(
        lambda: svc.auth.sign_up(email="new@example.com", username="newbie", password=PASSWORD)
    )
    taken = answer(
        lambda: svc.auth.sign_up(email="ANN@example.com", username="annie", password=PASSWORD)
    )
    assert (new, taken) == (repr("new@example.com"), repr("ann@example.com"))  # echoes only
    notices = svc.port("notifier").sent
    assert [n[0] for n in notices] == ["ann@example.com"]
    assert len(svc.port("identity").sent) == before + 1  # only the new account got a code
    assert svc.auth._users.get_by_email("ann@example.com").account_status is AccountStatus.ACTIVE


def test_a_taken_username_is_reported_whatever_the_email(svc):
    confirmed(svc, "ann")
    for email in ("ann@example.com", "fresh@example.com"):
        with pytest.raises(DomainError) as taken:
            svc.auth.sign_up(email=email, username="ANN", password=PASSWORD)
        assert taken.value.code == "username_taken"
