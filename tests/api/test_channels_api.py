from backend.domain.statuses import AccountStatus
from tests.api.conftest import register
from tests.catalog_seed import published


def publish(api, username: str, n: int, title: str) -> None:
    owner = api.svc.port("users").get_by_username(username)
    api.svc.port("videos").add(published(n, owner, title=title))


def test_a_channel_shows_its_creator_and_their_published_videos(api):
    register(api, "Noor")
    register(api, "omar")
    for n in range(3):
        publish(api, "Noor", n, f"Noor {n}")
    publish(api, "omar", 9, "Omar's")
    api.svc.videos.create(api.svc.tokens.principal(_token(api, "noor")), title="Draft")

    r = api.get("/api/viewers/creators/noor/videos", params={"limit": 2})
    assert r.status_code == 200
    body = r.json()
    assert body["creator"]["username"] == "Noor" and body["creator"]["joined"]
    assert [v["title"] for v in body["items"]] == ["Noor 2", "Noor 1"]
    rest = api.get(
        "/api/viewers/creators/NOOR/videos", params={"cursor": body["next_cursor"]}
    ).json()
    assert [v["title"] for v in rest["items"]] == ["Noor 0"] and rest["next_cursor"] is None


def test_unknown_and_suspended_creators_are_404(api):
    register(api, "pat")
    assert api.get("/api/viewers/creators/nobody/videos").status_code == 404
    api.svc.auth.set_status(email="pat@example.com", status=AccountStatus.SUSPENDED)
    r = api.get("/api/viewers/creators/pat/videos")
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_a_forged_channel_cursor_is_400(api):
    register(api, "quinn")
    r = api.get("/api/viewers/creators/quinn/videos", params={"cursor": "%%%"})
    assert r.status_code == 400 and r.json()["error"] == "invalid_cursor"


def _token(api, name: str) -> str:
    body = {"email": f"{name}@example.com", "password": "correct horse 1"}
    return api.post("/api/users/login", json=body).json()["token"]
