import pytest

from backend.domain.errors import (
    Conflict,
    Forbidden,
    InvalidFields,
    InvalidInput,
    Throttled,
    Unauthorized,
)
from backend.domain.statuses import AccountStatus
from tests.unit.helpers import PASSWORD


def sign_up(svc, email="bob@example.com", username="bob", password=PASSWORD):
    return svc.auth.sign_up(email=email, username=username, password=password)


def test_new_account_waits_for_confirmation_and_gets_a_code(svc):
    assert sign_up(svc, email="  Bob@Example.COM ") == "bob@example.com"
    user = svc.auth._users.get_by_email("bob@example.com")
    assert user.account_status is AccountStatus.PENDING_CONFIRMATION
    assert svc.port("identity").last_code("bob@example.com")


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short1", "Your password needs at least 8 characters."),
        ("12345678", "Your password needs a letter."),
        ("abcdefgh", "Your password needs a number."),
        ("abc", "Your password needs at least 8 characters and a number."),
        ("", "Your password needs at least 8 characters, a letter and a number."),
    ],
)
def test_weak_password_says_what_is_missing_in_plain_words(svc, password, message):
    with pytest.raises(InvalidInput) as raised:
        sign_up(svc, password=password)
    assert raised.value.message == message and raised.value.code == "weak_password"


def test_every_wrong_sign_up_field_is_reported_at_once(svc):
    with pytest.raises(InvalidFields) as raised:
        sign_up(svc, email="not-an-email", username="a b", password="short")
    assert set(raised.value.fields) == {"email", "username", "password"}
    assert raised.value.fields["password"].startswith("Your password needs")


def test_email_and_username_are_unique_ignoring_case(svc):
    sign_up(svc)
    sign_up(svc, email="BOB@example.com", username="other")  # the owner is told instead
    assert svc.auth._users.get_by_email("bob@example.com").username == "bob"
    with pytest.raises(Conflict):
        sign_up(svc, email="new@example.com", username="BOB")


def test_invalid_email_and_username_are_refused(svc):
    with pytest.raises(InvalidInput):
        sign_up(svc, email="not-an-email")
    with pytest.raises(InvalidInput):
        sign_up(svc, username="a b")


def test_login_needs_confirmation_then_works_and_records_last_login(svc, clock):
    sign_up(svc)
    with pytest.raises(Forbidden, match="Confirm"):
        svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c")
    with pytest.raises(InvalidInput):
        svc.auth.confirm(email="bob@example.com", code="000000")
    code = svc.port("identity").last_code("bob@example.com")
    svc.auth.confirm(email="bob@example.com", code=code)
    session = svc.auth.log_in(email="BOB@example.com", password=PASSWORD, client="c")
    assert session.user.last_login == clock.now()
    assert svc.tokens.principal(session.token.token).username == "bob"


def test_resend_replaces_the_code(svc):
    sign_up(svc)
    first = svc.port("identity").last_code("bob@example.com")
    svc.auth.resend_code(email="bob@example.com")
    second = svc.port("identity").last_code("bob@example.com")
    with pytest.raises(InvalidInput):
        svc.auth.confirm(email="bob@example.com", code=first)
    assert (
        svc.auth.confirm(email="bob@example.com", code=second).account_status
        is AccountStatus.ACTIVE
    )


def test_wrong_password_and_unknown_account_get_the_same_answer(svc):
    sign_up(svc)
    with pytest.raises(Unauthorized) as wrong:
        svc.auth.log_in(email="bob@example.com", password="wrong-pass1", client="c")
    with pytest.raises(Unauthorized) as unknown:
        svc.auth.log_in(email="nobody@example.com", password="wrong-pass1", client="c")
    assert wrong.value.message == unknown.value.message


def confirmed(svc):
    sign_up(svc)
    svc.auth.confirm(
        email="bob@example.com", code=svc.port("identity").last_code("bob@example.com")
    )


def test_five_failures_lock_the_account_for_fifteen_minutes(svc, clock):
    confirmed(svc)
    for i in range(5):
        with pytest.raises(Unauthorized):
            svc.auth.log_in(email="bob@example.com", password="bad-pass1", client=f"ip{i}")
    with pytest.raises(Throttled) as locked:
        svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="fresh-ip")
    assert 0 < locked.value.retry_after_s <= 15 * 60
    clock.advance(minutes=15, seconds=1)
    assert svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="fresh-ip")


def test_an_address_is_locked_after_many_failures_and_only_briefly(svc, clock):
    confirmed(svc)
    for i in range(50):
        with pytest.raises(Unauthorized):
            svc.auth.log_in(email=f"guess{i}@example.com", password="bad-pass1", client="attacker")
    with pytest.raises(Throttled) as locked:
        svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="attacker")
    assert 0 < locked.value.retry_after_s <= 5 * 60
    assert svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="other")
    clock.advance(minutes=5, seconds=1)
    assert svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="attacker")


def test_successful_logins_from_a_shared_address_do_not_count_against_it(svc):
    confirmed(svc)
    for _ in range(60):
        assert svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="office")


def test_failures_spread_over_more_than_the_window_do_not_lock(svc, clock):
    confirmed(svc)
    for _ in range(6):
        with pytest.raises(Unauthorized):
            svc.auth.log_in(email="bob@example.com", password="bad-pass1", client="c")
        clock.advance(minutes=4)
    assert svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c")


def test_suspended_account_cannot_log_in_and_its_tokens_stop_working(svc):
    confirmed(svc)
    token = svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c").token.token
    svc.auth.set_status(email="bob@example.com", status=AccountStatus.SUSPENDED)
    with pytest.raises(Unauthorized):
        svc.tokens.verify(token)
    with pytest.raises(Forbidden, match="suspended"):
        svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c")
    svc.auth.set_status(email="bob@example.com", status=AccountStatus.ACTIVE)
    assert svc.tokens.verify(token).username == "bob"


def test_refresh_gives_a_new_token_while_the_old_one_is_valid(svc, clock):
    confirmed(svc)
    old = svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c").token.token
    clock.advance(hours=1, minutes=59)
    new = svc.auth.refresh(old).token.token
    clock.advance(minutes=2)
    with pytest.raises(Unauthorized):
        svc.auth.refresh(old)
    assert svc.tokens.verify(new).username == "bob"


def test_log_out_everywhere_revokes_every_earlier_token(svc, clock):
    confirmed(svc)
    a = svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c").token.token
    b = svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c").token.token
    clock.advance(seconds=1)
    svc.auth.log_out_everywhere(a)
    for token in (a, b):
        with pytest.raises(Unauthorized):
            svc.tokens.verify(token)
    clock.advance(seconds=1)
    fresh = svc.auth.log_in(email="bob@example.com", password=PASSWORD, client="c").token.token
    assert svc.tokens.verify(fresh)
