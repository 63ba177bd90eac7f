from tests.unit.helpers import PASSWORD


def test_signup_confirm_login_refresh_flow(api):
    r = api.post(
        "/api/users/signup", json={"email": "A@x.io", "username": "ann", "password": PASSWORD}
    )
    assert r.status_code == 202 and "Check your email" in r.json()["message"]
    r = api.post("/api/users/login", json={"email": "a@x.io", "password": PASSWORD})
    assert r.status_code == 403 and r.json()["error"] == "unconfirmed"
    assert api.post("/api/users/resend-code", json={"email": "a@x.io"}).status_code == 202
    code = api.svc.port("identity").outbox("a@x.io")[0].code
    r = api.post("/api/users/confirm", json={"email": "a@x.io", "code": code})
    assert r.status_code == 200 and r.json()["account_status"] == "ACTIVE"
    r = api.post("/api/users/login", json={"email": "a@x.io", "password": PASSWORD})
    body = r.json()
    assert r.status_code == 200 and body["token_type"] == "Bearer" and body["expires_in"] == 7200
    assert body["user"]["last_login"]
    r = api.post("/api/users/refresh", headers={"Authorization": f"Bearer {body['token']}"})
    assert r.status_code == 200 and r.json()["token"]


def test_signup_errors_are_json_with_status(api):
    r = api.post(
        "/api/users/signup", json={"email": "a@x.io", "username": "ann", "password": "short"}
    )
    assert r.status_code == 422 and r.json() == {
        "error": "weak_password",
        "message": "Your password needs at least 8 characters and a number.",
        "fields": {"password": "Your password needs at least 8 characters and a number."},
    }
    r = api.post("/api/users/signup", json={"email": "a@x.io"})
    assert r.status_code == 422 and r.json()["error"] == "invalid_input"
    ok = {"email": "a@x.io", "username": "ann", "password": PASSWORD}
    assert api.post("/api/users/signup", json=ok).status_code == 202
    r = api.post("/api/users/signup", json={**ok, "username": "ann2"})
    assert r.status_code == 202  # a taken email is not revealed (test_account_abuse_api)


def test_wrong_code_is_rejected(api):
    api.post("/api/users/signup", json={"email": "a@x.io", "username": "ann", "password": PASSWORD})
    r = api.post("/api/users/confirm", json={"email": "a@x.io", "code": "12345"})
    assert r.status_code == 422 and r.json()["error"] == "bad_code"


def test_wrong_password_is_401_and_throttled_to_429(api, alice):
    bad = {"email": "alice@example.com", "password": "wrong-pass1"}
    for _ in range(5):
        r = api.post("/api/users/login", json=bad)
        assert r.status_code == 401 and r.json()["message"] == "Email or password is incorrect."
    r = api.post("/api/users/login", json={"email": "alice@example.com", "password": PASSWORD})
    assert r.status_code == 429 and r.json()["error"] == "too_many_requests"
    assert 0 < int(r.headers["Retry-After"]) <= 900
    assert r.json()["message"] == "Too many attempts. Try again in 15 minutes."


def test_unknown_account_looks_like_a_wrong_password(api):
    r = api.post("/api/users/login", json={"email": "ghost@example.com", "password": "whatever1"})
    assert r.status_code == 401 and r.json()["message"] == "Email or password is incorrect."


def test_bad_tokens_get_401(api, alice):
    for headers in ({}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}):
        r = api.get("/api/creators/videos", headers=headers)
        assert r.status_code == 401 and r.json()["error"] == "unauthorized"
        assert r.headers["WWW-Authenticate"] == "Bearer"


def test_log_out_everywhere_revokes_the_token(api, alice):
    assert api.post("/api/users/logout-all", headers=alice).status_code == 204
    assert api.get("/api/creators/videos", headers=alice).status_code == 401
    assert api.post("/api/users/refresh", headers=alice).status_code == 401


def test_health_and_openapi(api):
    assert api.get("/api/health").json() == {"status": "ok", "mode": "local", "version": "0.1.0"}
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/users/signup",
        "/api/users/confirm",
        "/api/users/login",
        "/api/users/refresh",
        "/api/users/logout-all",
        "/api/creators/videos",
        "/api/creators/videos/{video_id}",
        "/api/creators/videos/{video_id}/upload",
        "/api/creators/videos/{video_id}/publish",
        "/api/creators/videos/{video_id}/unpublish",
    ):
        assert path in paths
