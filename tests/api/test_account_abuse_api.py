"""The account endpoints under abuse: proxies, code guessing and account enumeration."""

import pytest
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from tests.api.conftest import register
from tests.unit.helpers import PASSWORD

EDGE = "130.176.0.1"  # the CloudFront edge the ALB saw; the ALB itself is the socket peer


def client_for(tmp_path, hops: int):
    settings = Settings(data_dir=tmp_path, trusted_proxy_hops=hops, login_client_max_failures=3)
    return TestClient(build_api(build_services(settings)))


@pytest.fixture
def proxied(tmp_path):
    with client_for(tmp_path, hops=2) as client:
        client.svc = client.app.state.services
        yield client


@pytest.fixture
def direct(tmp_path):
    with client_for(tmp_path, hops=0) as client:
        yield client


def log_in(api, email, password, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return api.post(
        "/api/users/login", json={"email": email, "password": password}, headers=headers
    )


def test_behind_the_proxies_one_client_is_throttled_not_everyone(proxied):
    register(proxied, "alice")
    for i in range(3):  # the attacker forges the leftmost entry each time
        r = log_in(proxied, f"x{i}@example.com", "wrong-pass1", f"10.9.9.{i}, 203.0.113.7, {EDGE}")
        assert r.status_code == 401
    r = log_in(proxied, "y@example.com", "wrong-pass1", f"10.9.9.99, 203.0.113.7, {EDGE}")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) <= 5 * 60
    assert (
        log_in(proxied, "alice@example.com", PASSWORD, f"198.51.100.4, {EDGE}").status_code == 200
    )


def test_without_trusted_proxies_forwarded_for_is_ignored(direct):
    for i in range(3):
        assert log_in(direct, f"x{i}@example.com", "wrong-pass1", f"10.0.0.{i}").status_code == 401
    assert log_in(direct, "y@example.com", "wrong-pass1", "10.0.0.99").status_code == 429


def test_a_request_that_skipped_a_proxy_is_keyed_on_the_peer(proxied):
    for i in range(3):  # one entry only: not written by the outermost trusted proxy
        assert log_in(proxied, f"x{i}@example.com", "wrong-pass1", f"10.0.0.{i}").status_code == 401
    assert log_in(proxied, "y@example.com", "wrong-pass1", "10.0.0.99").status_code == 429


def test_sign_up_answers_the_same_for_a_taken_email_and_mails_its_owner(api):
    register(api, "alice")
    new = api.post(
        "/api/users/signup",
        json={"email": "new@example.com", "username": "newbie", "password": PASSWORD},
    )
    taken = api.post(
        "/api/users/signup",
        json={"email": "alice@example.com", "username": "alice2", "password": PASSWORD},
    )
    assert (new.status_code, new.json()) == (taken.status_code, taken.json())
    assert new.status_code == 202
    newest = api.svc.port("identity").outbox("alice@example.com")[0]
    assert newest.code == "" and "already" in newest.subject.lower()


def test_a_taken_username_is_still_reported(api):
    register(api, "alice")
    r = api.post(
        "/api/users/signup",
        json={"email": "other@example.com", "username": "Alice", "password": PASSWORD},
    )
    assert r.status_code == 409 and r.json()["error"] == "username_taken"


def test_confirm_answers_the_same_whatever_the_account(api):
    register(api, "alice")
    api.post(
        "/api/users/signup",
        json={"email": "pat@example.com", "username": "pat", "password": PASSWORD},
    )
    answers = {
        (r.status_code, r.text)
        for r in (
            api.post("/api/users/confirm", json={"email": email, "code": "999999"})
            for email in ("alice@example.com", "pat@example.com", "ghost@example.com")
        )
    }
    assert len(answers) == 1 and next(iter(answers))[0] == 422


def test_resend_code_is_throttled(api):
    statuses = [
        api.post("/api/users/resend-code", json={"email": "pat@example.com"}).status_code
        for _ in range(10)
    ]
    assert statuses[0] == 202 and statuses[-1] == 429


def test_one_client_cannot_sign_up_without_limit_and_taken_emails_count_alike(api):
    register(api, "owner")
    answers = []
    for n in range(25):
        email = "owner@example.com" if n % 2 else f"new{n}@example.com"
        body = {"email": email, "username": f"name{n}", "password": PASSWORD}
        answers.append(api.post("/api/users/signup", json=body).status_code)
    assert set(answers[:19]) == {202}  # the owner's own sign-up counted too
    assert set(answers[19:]) == {429}
