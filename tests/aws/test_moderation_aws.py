"""Creator approval and take-down in aws mode (Cognito, DynamoDB, SES on moto's server), every
call checked against the IAM policy of the role the app runs as."""

from fastapi.testclient import TestClient

from backend.adapters.notice_text import CREATOR_APPROVED_SUBJECT
from backend.bootstrap import build_api, build_services
from backend.domain.statuses import Role
from tests.aws.test_ses_notifier import sent
from tests.catalog_seed import published
from tests.unit.helpers import PASSWORD


def signed_in(api, name: str) -> dict:
    account = {"email": f"{name}@example.com", "password": PASSWORD}
    assert api.post("/api/users/signup", json={**account, "username": name}).status_code == 202
    confirm = {"email": account["email"], "code": "123456"}  # moto accepts any code
    assert api.post("/api/users/confirm", json=confirm).status_code == 200
    return {"Authorization": f"Bearer {api.post('/api/users/login', json=account).json()['token']}"}


def test_approval_and_take_down_in_aws_mode(aws_settings, aws_http, iam_recorder):
    settings = aws_settings.model_copy(
        update={"signup_policy": "approval", "mail_from": "no-reply@valvid.example"}
    )
    with iam_recorder.muted():  # the deploy verifies the sender
        aws_http.client("sesv2").create_email_identity(EmailIdentity="no-reply@valvid.example")
    svc = build_services(settings, clients=aws_http)
    api = TestClient(build_api(svc))
    vera, root = signed_in(api, "vera"), signed_in(api, "root")
    svc.admin.grant_by_email("root@example.com", Role.ADMIN)
    assert api.get("/api/admin/users", headers=vera).status_code == 404

    refused = api.post("/api/creators/videos", json={"title": "x"}, headers=vera)
    assert refused.status_code == 403 and refused.json()["error"] == "not_a_creator"
    assert (
        api.post("/api/users/me/creator-request", json={"note": "birds"}, headers=vera).status_code
        == 201
    )
    pending = api.get("/api/admin/requests", headers=root).json()
    assert [(p["username"], p["note"]) for p in pending] == [("vera", "birds")]
    vera_id = pending[0]["user_id"]
    assert api.post(f"/api/admin/requests/{vera_id}/approve", headers=root).status_code == 200
    assert api.post("/api/creators/videos", json={"title": "x"}, headers=vera).status_code == 201
    mailed = [(m.destinations["ToAddresses"], m.subject) for m in sent()]
    assert (["vera@example.com"], CREATOR_APPROVED_SUBJECT) in mailed

    video = published(1, svc.port("users").get(vera_id), title="Gulls at sea")
    svc.port("videos").add(video)
    assert [v["video_id"] for v in api.get("/api/viewers/videos").json()["items"]] == [
        video.video_id
    ]
    down = api.post(
        f"/api/admin/videos/{video.video_id}/take-down", json={"reason": "Stolen."}, headers=root
    )
    assert down.status_code == 200
    assert api.get("/api/viewers/videos").json()["items"] == []
    assert api.get(f"/api/viewers/videos/{video.video_id}").status_code == 404
    assert (
        api.get(f"/api/viewers/videos/{video.video_id}/playback", headers=root).status_code == 404
    )
    again = api.post(f"/api/creators/videos/{video.video_id}/publish", headers=vera)
    assert again.json()["error"] == "taken_down"
    found = api.get("/api/admin/videos", params={"q": "gulls"}, headers=root).json()
    assert [v["takedown_reason"] for v in found] == ["Stolen."]
    assert (
        api.post(
            f"/api/viewers/videos/{video.video_id}/reports", json={"reason": "spam"}, headers=root
        ).status_code
        == 404
    )  # hidden from reports too
    audit = [e["action"] for e in api.get("/api/admin/audit", headers=root).json()]
    assert audit == ["video.take_down", "request.approve", "user.role.admin"]
    assert [
        u["username"] for u in api.get("/api/admin/users", params={"q": "ver"}, headers=root).json()
    ] == ["vera"]
