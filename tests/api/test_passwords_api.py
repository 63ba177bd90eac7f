"""Forgot password, reset with the emailed code, change password (issue 16, item 12), and every
wrong field of a form reported at once (item 13), through the HTTP API in local mode."""

from tests.api.conftest import register
from tests.unit.helpers import PASSWORD

NEW = "brand new pass 2"


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def reset_code(api, email: str) -> str:
    message = api.svc.port("identity").outbox(email)[0]
    assert message.subject == "Your Valvid password reset code"
    return message.code


def log_in(api, email: str, password: str):
    return api.post("/api/users/login", json={"email": email, "password": password})


def test_a_forgotten_password_is_reset_with_the_emailed_code_and_old_sessions_end(api, alice):
    r = api.post("/api/users/forgot-password", json={"email": "Alice@Example.com"})
    assert r.status_code == 202 and "reset code" in r.json()["message"]
    code = reset_code(api, "alice@example.com")
    body = {"email": "alice@example.com", "code": code, "password": NEW}
    r = api.post("/api/users/reset-password", json=body)
    assert r.status_code == 200, r.text
    assert api.post("/api/users/refresh", headers=alice).status_code == 401  # revoked
    assert log_in(api, "alice@example.com", PASSWORD).status_code == 401
    assert log_in(api, "alice@example.com", NEW).status_code == 200
    again = api.post("/api/users/reset-password", json=body)
    assert again.status_code == 422 and again.json()["error"] == "bad_code"  # used up


def test_asking_for_a_reset_of_an_unknown_email_answers_the_same_and_sends_nothing(api, alice):
    known = api.post("/api/users/forgot-password", json={"email": "alice@example.com"})
    unknown = api.post("/api/users/forgot-password", json={"email": "nobody@example.com"})
    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    assert api.svc.port("identity").outbox("nobody@example.com") == []


def test_reset_requests_are_throttled_per_email_like_code_resends(api, alice):
    """Three mails to one address per 15 minutes, the sign-up's confirmation code included."""
    asked = [
        api.post("/api/users/forgot-password", json={"email": "alice@example.com"})
        for _ in range(3)
    ]
    assert [r.status_code for r in asked] == [202, 202, 429]
    assert int(asked[-1].headers["Retry-After"]) > 0
    assert asked[-1].json()["message"].startswith("Too many attempts. Try again in ")
    assert len(api.svc.port("identity").outbox("alice@example.com")) == 3


def test_wrong_reset_codes_are_throttled_like_confirmation_codes(api, alice):
    api.post("/api/users/forgot-password", json={"email": "alice@example.com"})
    code = reset_code(api, "alice@example.com")
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        r = api.post(
            "/api/users/reset-password",
            json={"email": "alice@example.com", "code": wrong, "password": NEW},
        )
        assert r.status_code == 422 and r.json()["error"] == "bad_code"
    r = api.post(
        "/api/users/reset-password",
        json={"email": "alice@example.com", "code": code, "password": NEW},
    )
    assert r.status_code == 429
    assert r.json()["message"] == "Too many attempts. Try again in 15 minutes."
    assert 0 < int(r.headers["Retry-After"]) <= 900


def test_a_weak_new_password_is_refused_without_spending_the_code(api, alice):
    api.post("/api/users/forgot-password", json={"email": "alice@example.com"})
    code = reset_code(api, "alice@example.com")
    weak = {"email": "alice@example.com", "code": code, "password": "short"}
    r = api.post("/api/users/reset-password", json=weak)
    assert r.status_code == 422 and r.json()["error"] == "weak_password"
    ok = {**weak, "password": NEW}
    assert api.post("/api/users/reset-password", json=ok).status_code == 200


def test_a_reset_lifts_the_log_in_lock_out(api, alice):
    for _ in range(5):
        log_in(api, "alice@example.com", "wrong pass 1")
    assert log_in(api, "alice@example.com", PASSWORD).status_code == 429
    api.post("/api/users/forgot-password", json={"email": "alice@example.com"})
    code = reset_code(api, "alice@example.com")
    body = {"email": "alice@example.com", "code": code, "password": NEW}
    assert api.post("/api/users/reset-password", json=body).status_code == 200
    assert log_in(api, "alice@example.com", NEW).status_code == 200


def test_changing_the_password_needs_the_current_one_and_ends_other_sessions(api, alice):
    other_device = log_in(api, "alice@example.com", PASSWORD).json()["token"]
    wrong = {"current_password": "not it 123", "new_password": NEW}
    r = api.post("/api/users/change-password", json=wrong, headers=alice)
    assert r.status_code == 422 and r.json()["error"] == "wrong_password"
    right = {"current_password": PASSWORD, "new_password": NEW}
    r = api.post("/api/users/change-password", json=right, headers=alice)
    assert r.status_code == 200, r.text
    fresh = r.json()["token"]
    assert api.get("/api/creators/videos", headers=bearer(fresh)).status_code == 200
    assert api.get("/api/creators/videos", headers=alice).status_code == 401
    assert api.get("/api/creators/videos", headers=bearer(other_device)).status_code == 401
    assert log_in(api, "alice@example.com", NEW).status_code == 200


def test_changing_the_password_checks_the_new_one_and_needs_a_session(api, alice):
    weak = {"current_password": PASSWORD, "new_password": "abcdefgh"}
    r = api.post("/api/users/change-password", json=weak, headers=alice)
    assert r.status_code == 422 and r.json()["fields"] == {
        "new_password": "Your password needs a number."
    }
    r = api.post("/api/users/change-password", json={**weak, "new_password": NEW})
    assert r.status_code == 401


def test_wrong_current_passwords_count_as_failed_log_ins(api, alice):
    wrong = {"current_password": "not it 123", "new_password": NEW}
    for _ in range(5):
        api.post("/api/users/change-password", json=wrong, headers=alice)
    right = {"current_password": PASSWORD, "new_password": NEW}
    r = api.post("/api/users/change-password", json=right, headers=alice)
    assert r.status_code == 429


def test_every_wrong_sign_up_field_is_reported_at_once(api):
    bad = {"email": "nope", "username": "a b", "password": "short"}
    r = api.post("/api/users/signup", json=bad)
    assert r.status_code == 422
    assert set(r.json()["fields"]) == {"email", "username", "password"}


def test_every_wrong_video_field_is_reported_at_once(api):
    headers = register(api, "carol")
    video = api.post("/api/creators/videos", json={}, headers=headers).json()
    patch = {"title": "", "description": "x" * 5001, "tags": ["y" * 31]}
    r = api.patch(f"/api/creators/videos/{video['video_id']}", json=patch, headers=headers)
    assert r.status_code == 422
    assert set(r.json()["fields"]) == {"title", "description", "tags"}
