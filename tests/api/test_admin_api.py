"""Roles, creator approval and moderation through the HTTP API (local mode, real SQLite)."""

from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.statuses import Role
from tests.api.conftest import register
from tests.catalog_seed import published

ADMIN_ROUTES = [
    ("get", "/api/admin/requests"),
    ("post", "/api/admin/requests/usr_x/approve"),
    ("post", "/api/admin/requests/usr_x/decline"),
    ("get", "/api/admin/users"),
    ("post", "/api/admin/users/usr_x/suspend"),
    ("post", "/api/admin/users/usr_x/reactivate"),
    ("post", "/api/admin/users/usr_x/role"),
    ("get", "/api/admin/videos"),
    ("post", "/api/admin/videos/vid_x/take-down"),
    ("post", "/api/admin/videos/vid_x/restore"),
    ("get", "/api/admin/reports"),
    ("post", "/api/admin/reports/rep_x/resolve"),
    ("get", "/api/admin/audit"),
    ("post", "/api/admin/invitations"),
    ("get", "/api/admin/jobs"),
    ("post", "/api/admin/jobs/job_x/retry"),
]


def client(tmp_path, **settings):
    svc = build_services(Settings(data_dir=tmp_path, **settings))
    api = TestClient(build_api(svc))
    api.svc = svc
    return api


@pytest.fixture
def approval_api(tmp_path):
    with client(tmp_path, signup_policy="approval", report_limit_per_hour=2) as api:
        yield api


def make_admin(api, name="root") -> dict:
    headers = register(api, name)
    api.svc.admin.grant_by_email(f"{name}@example.com", Role.ADMIN)
    return headers


def user_id(api, name: str) -> str:
    return api.svc.port("users").get_by_email(f"{name}@example.com").user_id


def seed_published(api, owner: str, n: int = 1):
    video = published(n, api.svc.port("users").get_by_email(f"{owner}@example.com"), title="Gulls")
    api.svc.port("videos").add(video)
    store = api.svc.port("objects")
    path = store.path_for(video.manifest_key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\n720p/index.m3u8\n")
    return video


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_admin_routes_do_not_exist_for_anyone_but_admins(api, alice, method, path):
    body = {"reason": "x", "role": "ADMIN", "resolution": "x", "email": "new@example.com"}
    for headers in ({}, alice, {"Authorization": "Bearer not-a-token"}):
        answer = getattr(api, method)(
            path, headers=headers, **({"json": body} if method == "post" else {})
        )
        assert answer.status_code == 404 and answer.json()["error"] == "not_found", headers
    root = make_admin(api)
    answer = getattr(api, method)(
        path, headers=root, **({"json": body} if method == "post" else {})
    )
    assert answer.status_code in (200, 404)  # 404 here only for the made-up ids
    if method == "get":
        assert answer.status_code == 200


def test_admin_and_report_routes_are_in_the_openapi_document(api):
    paths = api.get("/api/openapi.json").json()["paths"]
    for path in ("/api/admin/users", "/api/admin/videos", "/api/admin/reports", "/api/admin/audit"):
        assert "get" in paths[path]
    assert "post" in paths["/api/viewers/videos/{video_id}/reports"]


def test_under_approval_a_viewer_asks_an_admin_and_can_upload_once_approved(approval_api):
    api = approval_api
    vera = register(api, "vera")
    assert api.get("/api/creators/videos", headers=vera).status_code == 403
    refused = api.post("/api/creators/videos", json={"title": "Mine"}, headers=vera)
    assert refused.status_code == 403 and refused.json()["error"] == "not_a_creator"
    assert "studio page" in refused.json()["message"]
    assert api.get("/api/users/me/creator-request", headers=vera).status_code == 204
    asked = api.post("/api/users/me/creator-request", json={"note": "I film birds"}, headers=vera)
    assert asked.status_code == 201 and asked.json()["status"] == "PENDING"
    again = api.post("/api/users/me/creator-request", json={"note": "x"}, headers=vera)
    assert again.status_code == 409 and again.json()["error"] == "request_pending"

    root = make_admin(api)
    pending = api.get("/api/admin/requests", headers=root).json()
    assert [(p["username"], p["note"]) for p in pending] == [("vera", "I film birds")]
    approved = api.post(f"/api/admin/requests/{user_id(api, 'vera')}/approve", headers=root)
    assert approved.status_code == 200 and approved.json()["role"] == "CREATOR"
    assert api.get("/api/admin/requests", headers=root).json() == []

    created = api.post("/api/creators/videos", json={"title": "Mine"}, headers=vera)  # same token
    assert created.status_code == 201
    ticket = api.post(f"/api/creators/videos/{created.json()['video_id']}/upload", headers=vera)
    assert ticket.status_code == 201
    mail = api.svc.port("identity").outbox("vera@example.com")
    assert "publish videos" in mail[0].subject
    audit = api.get("/api/admin/audit", headers=root).json()
    assert audit[0]["action"] == "request.approve" and audit[0]["actor"] == "root"
    assert user_id(api, "vera") in audit[0]["target"]


def test_a_declined_request_needs_a_reason_which_the_applicant_reads(approval_api):
    api = approval_api
    vera, root = register(api, "vera"), make_admin(api)
    api.post("/api/users/me/creator-request", json={"note": "please"}, headers=vera)
    url = f"/api/admin/requests/{user_id(api, 'vera')}/decline"
    assert api.post(url, json={"reason": " "}, headers=root).status_code == 422
    assert (
        api.post(url, json={"reason": "Show us a sample first."}, headers=root).status_code == 200
    )
    assert api.post(url, json={"reason": "twice"}, headers=root).status_code == 409
    status = api.get("/api/users/me/creator-request", headers=vera).json()
    assert status["status"] == "DECLINED" and status["reason"] == "Show us a sample first."
    mail = api.svc.port("identity").outbox("vera@example.com")[0]
    assert "declined" in mail.subject and "Show us a sample first." in mail.code
    assert api.post("/api/creators/videos", json={"title": "x"}, headers=vera).status_code == 403
    assert api.post("/api/users/me/creator-request", json={}, headers=vera).status_code == 201


def test_requests_are_only_taken_under_the_approval_policy(tmp_path, api, alice):
    open_answer = api.post("/api/users/me/creator-request", json={}, headers=alice)
    assert open_answer.status_code == 409 and open_answer.json()["error"] == "already_creator"
    with client(tmp_path / "invite", signup_policy="invite") as invite_api:
        ivy = register(invite_api, "ivy")
        created = invite_api.post("/api/creators/videos", json={"title": "x"}, headers=ivy)
        assert created.json()["error"] == "not_a_creator"
        closed = invite_api.post("/api/users/me/creator-request", json={}, headers=ivy)
        assert closed.status_code == 409 and closed.json()["error"] == "requests_closed"
        invite_api.svc.admin.grant_by_email("ivy@example.com", Role.CREATOR)
        again = invite_api.post("/api/creators/videos", json={"title": "x"}, headers=ivy)
        assert again.status_code == 201


def test_a_taken_down_video_is_hidden_everywhere_until_restored(api, alice, bob):
    video = seed_published(api, "alice")
    vid = video.video_id
    root = make_admin(api)
    assert [v["video_id"] for v in api.get("/api/viewers/videos").json()["items"]] == [vid]
    before = api.get(f"/api/viewers/videos/{vid}/playback", headers=bob).json()["url"]
    parts = urlsplit(before)
    assert api.get(f"{parts.path}?{parts.query}").status_code == 200

    down = api.post(
        f"/api/admin/videos/{vid}/take-down", json={"reason": "Stolen footage."}, headers=root
    )
    assert down.status_code == 200 and down.json()["visibility"] == "PRIVATE"
    assert api.get("/api/viewers/videos").json()["items"] == []
    assert api.get("/api/viewers/videos", params={"q": "gulls"}).json()["items"] == []
    assert api.get(f"/api/viewers/videos/{vid}").status_code == 404
    assert api.get(f"/api/viewers/videos/{vid}/playback", headers=bob).status_code == 404
    own = api.get(f"/api/viewers/videos/{vid}/playback", headers=alice)
    assert own.status_code == 403 and own.json()["error"] == "taken_down"
    assert api.get(f"{parts.path}?{parts.query}").status_code == 403  # a URL handed out before
    mine = api.get(f"/api/creators/videos/{vid}", headers=alice).json()
    assert mine["takedown_reason"] == "Stolen footage."
    republish = api.post(f"/api/creators/videos/{vid}/publish", headers=alice)
    assert republish.status_code == 409 and republish.json()["error"] == "taken_down"
    assert "Stolen footage." in republish.json()["message"]
    listed = api.get("/api/admin/videos", params={"q": "gulls"}, headers=root).json()
    assert [(v["video_id"], v["takedown_reason"]) for v in listed] == [(vid, "Stolen footage.")]

    assert (
        api.post(
            f"/api/admin/videos/{vid}/restore", json={"reason": "Licence shown."}, headers=root
        ).status_code
        == 200
    )
    assert api.post(f"/api/creators/videos/{vid}/publish", headers=alice).status_code == 200
    assert [v["video_id"] for v in api.get("/api/viewers/videos").json()["items"]] == [vid]
    actions = [(e["action"], e["reason"]) for e in api.get("/api/admin/audit", headers=root).json()]
    assert actions[:2] == [
        ("video.restore", "Licence shown."),
        ("video.take_down", "Stolen footage."),
    ]


def test_take_down_needs_a_reason(api):
    root = make_admin(api)
    register(api, "alice")
    vid = seed_published(api, "alice").video_id
    answer = api.post(f"/api/admin/videos/{vid}/take-down", json={"reason": ""}, headers=root)
    assert answer.status_code == 422
    assert len(api.get("/api/viewers/videos").json()["items"]) == 1


def test_suspension_revokes_tokens_at_once_and_reactivation_needs_a_new_login(api, alice):
    root = make_admin(api)
    alice_id = user_id(api, "alice")
    assert api.get("/api/creators/videos", headers=alice).status_code == 200
    url = f"/api/admin/users/{alice_id}/suspend"
    assert api.post(url, json={"reason": ""}, headers=root).status_code == 422
    assert (
        api.post(url, json={"reason": "Spam uploads."}, headers=root).json()["account_status"]
        == "SUSPENDED"
    )
    assert api.get("/api/creators/videos", headers=alice).status_code == 401
    assert api.post(f"/api/admin/users/{alice_id}/reactivate", headers=root).status_code == 200
    assert api.get("/api/creators/videos", headers=alice).status_code == 401
    fresh = register_login(api, "alice")
    assert api.get("/api/creators/videos", headers=fresh).status_code == 200
    own = api.post(
        f"/api/admin/users/{user_id(api, 'root')}/suspend", json={"reason": "x"}, headers=root
    )
    assert own.status_code == 409 and own.json()["error"] == "own_account"
    found = api.get("/api/admin/users", params={"q": "ALI"}, headers=root).json()
    assert [u["username"] for u in found] == ["alice"]


def test_a_new_admin_and_a_demoted_creator_take_effect_on_their_next_request(api, alice, bob):
    root = make_admin(api)
    assert api.get("/api/admin/users", headers=alice).status_code == 404
    made = api.post(
        f"/api/admin/users/{user_id(api, 'alice')}/role", json={"role": "ADMIN"}, headers=root
    )
    assert made.json()["role"] == "ADMIN"
    assert api.get("/api/admin/users", headers=alice).status_code == 200
    api.post(f"/api/admin/users/{user_id(api, 'bob')}/role", json={"role": "VIEWER"}, headers=alice)
    assert api.get("/api/creators/videos", headers=bob).json()["error"] == "not_a_creator"
    actors = [(e["actor"], e["action"]) for e in api.get("/api/admin/audit", headers=root).json()]
    assert actors[:2] == [("alice", "user.role.viewer"), ("root", "user.role.admin")]


def test_signed_in_viewers_report_a_few_times_an_hour_and_admins_resolve(approval_api):
    api = approval_api
    vera, root = register(api, "vera"), make_admin(api)
    api.svc.admin.grant_by_email("root@example.com", Role.ADMIN)
    register(api, "cara")
    api.svc.admin.grant_by_email("cara@example.com", Role.CREATOR)
    vid = seed_published(api, "cara").video_id
    url = f"/api/viewers/videos/{vid}/reports"
    assert api.post(url, json={"reason": "spam"}).status_code == 401
    assert api.post(url, json={"reason": "dislike"}, headers=vera).status_code == 422
    assert (
        api.post(
            "/api/viewers/videos/vid_nope/reports", json={"reason": "spam"}, headers=vera
        ).status_code
        == 404
    )
    first = api.post(url, json={"reason": "spam", "note": "Links to a shop"}, headers=vera)
    assert first.status_code == 201
    assert api.post(url, json={"reason": "abuse"}, headers=vera).status_code == 201
    third = api.post(url, json={"reason": "other"}, headers=vera)
    assert third.status_code == 429 and "Retry-After" in third.headers
    queue = api.get("/api/admin/reports", headers=root).json()
    assert [(r["reason"], r["note"]) for r in queue] == [("spam", "Links to a shop"), ("abuse", "")]
    rid = queue[0]["report_id"]
    resolve = f"/api/admin/reports/{rid}/resolve"
    assert api.post(resolve, json={"resolution": ""}, headers=root).status_code == 422
    done = api.post(resolve, json={"resolution": "Not spam: kept."}, headers=root)
    assert done.json()["status"] == "RESOLVED" and done.json()["resolution"] == "Not spam: kept."
    assert api.post(resolve, json={"resolution": "again"}, headers=root).status_code == 409
    assert len(api.get("/api/admin/reports", headers=root).json()) == 1
    entry = api.get("/api/admin/audit", headers=root).json()[0]
    assert (entry["action"], entry["reason"]) == ("report.resolve", "Not spam: kept.")
    assert rid in entry["target"]


def test_the_audit_log_has_no_route_that_changes_it(api):
    root = make_admin(api)
    for method in ("put", "patch", "delete"):
        assert getattr(api, method)("/api/admin/audit", headers=root).status_code == 405


def register_login(api, name: str) -> dict:
    from tests.unit.helpers import PASSWORD

    answer = api.post(
        "/api/users/login", json={"email": f"{name}@example.com", "password": PASSWORD}
    )
    return {"Authorization": f"Bearer {answer.json()['token']}"}


def test_under_invite_an_invited_address_signs_up_as_a_creator(tmp_path):
    with client(tmp_path, signup_policy="invite") as api:
        root, ivy = make_admin(api), register(api, "ivy")
        invited = api.post(
            "/api/admin/invitations", json={"email": "Nia@Example.com"}, headers=root
        )
        assert invited.json() == {"email": "nia@example.com", "account_exists": False}
        assert "publish" in api.svc.port("identity").outbox("nia@example.com")[0].subject
        nia = register(api, "nia")
        assert api.post("/api/creators/videos", json={"title": "x"}, headers=nia).status_code == 201
        assert api.post("/api/creators/videos", json={"title": "x"}, headers=ivy).status_code == 403
        again = api.post("/api/admin/invitations", json={"email": "ivy@example.com"}, headers=root)
        assert again.json()["account_exists"] is True
        assert api.post("/api/creators/videos", json={"title": "x"}, headers=ivy).status_code == 201
        bad = api.post("/api/admin/invitations", json={"email": "not-an-email"}, headers=root)
        assert bad.status_code == 422
        audit = [
            (e["action"], e["target"]) for e in api.get("/api/admin/audit", headers=root).json()
        ]
        assert audit[1] == ("user.invite", "nia@example.com") and audit[0][0] == "user.invite"
