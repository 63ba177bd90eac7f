import httpx

from backend.domain.statuses import VideoStatus


def create(api, headers, **body):
    r = api.post("/api/creators/videos", json=body or {"title": "First"}, headers=headers)
    assert r.status_code == 201
    return r.json()


def test_create_get_list_update(api, alice):
    video = create(api, alice, title="First", tags=["Fun"])
    assert video["status"] == "DRAFT" and video["tags"] == ["fun"]
    vid = video["video_id"]
    assert api.get(f"/api/creators/videos/{vid}", headers=alice).json()["title"] == "First"
    r = api.patch(f"/api/creators/videos/{vid}", json={"description": "About"}, headers=alice)
    assert (
        r.status_code == 200 and r.json()["description"] == "About" and r.json()["title"] == "First"
    )
    r = api.patch(f"/api/creators/videos/{vid}", json={"title": ""}, headers=alice)
    assert r.status_code == 422 and r.json()["error"] == "invalid_title"
    listed = api.get("/api/creators/videos", headers=alice).json()
    assert [v["video_id"] for v in listed["items"]] == [vid] and listed["next_cursor"] is None


def test_list_pages_with_cursor(api, alice):
    ids = [create(api, alice, title=f"v{i}")["video_id"] for i in range(5)]
    page = api.get("/api/creators/videos?limit=2", headers=alice).json()
    rest = api.get(
        f"/api/creators/videos?limit=10&cursor={page['next_cursor']}", headers=alice
    ).json()
    assert [v["video_id"] for v in page["items"] + rest["items"]] == list(reversed(ids))
    r = api.get("/api/creators/videos?cursor=%%%", headers=alice)
    assert r.status_code == 400 and r.json()["error"] == "invalid_cursor"


def test_another_users_video_is_404_everywhere(api, alice, bob):
    vid = create(api, alice)["video_id"]
    calls = [
        ("GET", f"/api/creators/videos/{vid}", None),
        ("PATCH", f"/api/creators/videos/{vid}", {"title": "mine now"}),
        ("DELETE", f"/api/creators/videos/{vid}", None),
        ("POST", f"/api/creators/videos/{vid}/upload", None),
        ("POST", f"/api/creators/videos/{vid}/publish", None),
        ("POST", f"/api/creators/videos/{vid}/unpublish", None),
    ]
    for method, path, body in calls:
        r = api.request(method, path, json=body, headers=bob)
        assert r.status_code == 404 and r.json()["error"] == "not_found", (method, path)
    assert api.get("/api/creators/videos/vid_missing", headers=alice).status_code == 404
    assert api.get(f"/api/creators/videos/{vid}", headers=alice).json()["title"] == "First"


def test_publish_before_ready_is_409_then_works_when_ready(api, alice):
    vid = create(api, alice)["video_id"]
    r = api.post(f"/api/creators/videos/{vid}/publish", headers=alice)
    assert r.status_code == 409 and r.json()["error"] == "not_ready"
    repo = api.svc.port("videos")
    repo.update(vid, status=VideoStatus.READY)
    r = api.post(f"/api/creators/videos/{vid}/publish", headers=alice)
    assert r.status_code == 200 and r.json()["visibility"] == "PUBLIC"
    r = api.post(f"/api/creators/videos/{vid}/unpublish", headers=alice)
    assert r.status_code == 200 and r.json()["visibility"] == "PRIVATE"


def test_upload_ticket_has_the_presigned_post_shape(api, alice):
    vid = create(api, alice)["video_id"]
    r = api.post(
        f"/api/creators/videos/{vid}/upload",
        json={"content_type": "video/quicktime"},
        headers=alice,
    )
    assert r.status_code == 201
    ticket = r.json()
    assert ticket["url"] == "http://localhost:3000/api/storage/upload"
    assert set(ticket["fields"]) == {
        "key",
        "Content-Type",
        "success_action_status",
        "x-amz-algorithm",
        "x-amz-credential",
        "x-amz-date",
        "policy",
        "x-amz-signature",
    }
    assert ticket["fields"]["Content-Type"] == "video/quicktime"
    r = api.post(
        f"/api/creators/videos/{vid}/upload", json={"content_type": "image/png"}, headers=alice
    )
    assert r.status_code == 422 and r.json()["error"] == "not_a_video"


def test_upload_then_delete_removes_everything(api, alice):
    vid = create(api, alice)["video_id"]
    ticket = api.post(f"/api/creators/videos/{vid}/upload", headers=alice).json()
    r = api.post(
        httpx.URL(ticket["url"]).path,
        data=ticket["fields"],
        files={"file": ("clip.mp4", b"\0" * 4096, "video/mp4")},
    )
    assert r.status_code == 201
    assert api.get(f"/api/creators/videos/{vid}", headers=alice).json()["status"] == "UPLOADED"
    r = api.post(f"/api/creators/videos/{vid}/upload", headers=alice)
    assert r.status_code == 409 and r.json()["error"] == "processing"
    assert api.delete(f"/api/creators/videos/{vid}", headers=alice).status_code == 204
    assert api.get(f"/api/creators/videos/{vid}", headers=alice).status_code == 404
    root = api.svc.port("objects").root
    assert not [p for p in root.rglob("*") if p.is_file()]
