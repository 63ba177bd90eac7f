"""Roles, take-downs and the admin records behave the same in every implementation."""

from datetime import timedelta

from backend.domain.moderation import (
    AuditEntry,
    CreatorRequest,
    Report,
    ReportStatus,
    RequestStatus,
)
from backend.domain.statuses import Role, VideoStatus, Visibility
from tests.contract.test_repositories import T0, user, video


def test_a_role_round_trips_and_changes_alone(make):
    users = make("users")
    viewer = user(1)
    viewer.role = Role.VIEWER
    users.add(viewer)
    assert users.get("usr_1").role is Role.VIEWER
    assert users.update("usr_1", role=Role.CREATOR)
    stored = users.get("usr_1")
    assert stored.role is Role.CREATOR and stored.account_status is viewer.account_status
    assert not users.update("usr_nobody", role=Role.ADMIN)


def test_users_are_searched_by_email_or_username_newest_first(make):
    users = make("users")
    for n, (email, name) in enumerate(
        [("ann@example.com", "Ann_Lee"), ("bob@mail.test", "bobby"), ("cy@example.com", "AnnaX")]
    ):
        u = user(n, email=email, username=name)
        u.signup_date = T0 + timedelta(minutes=n)
        users.add(u)
    assert [u.username for u in users.search("ANN", limit=10)] == ["AnnaX", "Ann_Lee"]
    assert [u.username for u in users.search("mail.test", limit=10)] == ["bobby"]
    assert [u.username for u in users.search("n_l", limit=10)] == ["Ann_Lee"]
    assert users.search("n_x", limit=10) == []  # "_" is no wildcard ("AnnaX" has "nax")
    assert len(users.search("", limit=2)) == 2


def test_a_taken_down_video_cannot_be_made_public_again(make):
    videos = make("videos")
    v = video(1)
    v.status = VideoStatus.READY
    videos.add(v)
    assert videos.update("vid_001", takedown_reason="Copyright claim")
    assert videos.get("vid_001").takedown_reason == "Copyright claim"
    publish = {"visibility": Visibility.PUBLIC, "published_at": T0}
    assert not videos.update("vid_001", expected_status=VideoStatus.READY, **publish)
    assert videos.get("vid_001").visibility is Visibility.PRIVATE
    assert videos.update("vid_001", takedown_reason=None)
    assert videos.update("vid_001", expected_status=VideoStatus.READY, **publish)
    assert videos.get("vid_001").is_public


def test_the_audit_log_lists_newest_first(make):
    log = make("audit")
    for n in range(3):
        log.append(
            AuditEntry(
                entry_id=f"aud_{n}",
                at=T0 + timedelta(seconds=n),
                actor_id="usr_1",
                actor="admin",
                action="video.take_down",
                target=f"vid_{n}",
                reason="why" if n else "",
            )
        )
    recent = log.recent(limit=2)
    assert [e.entry_id for e in recent] == ["aud_2", "aud_1"]
    assert recent[0].at == T0 + timedelta(seconds=2) and recent[0].reason == "why"
    assert log.recent(limit=5)[-1].reason == ""


def test_one_creator_request_per_account_until_declined(make):
    requests = make("creator_requests")
    first = CreatorRequest(user_id="usr_1", note="I film birds", requested_at=T0)
    assert requests.save(first)
    assert not requests.save(CreatorRequest(user_id="usr_1", note="again", requested_at=T0))
    assert requests.save(
        CreatorRequest(user_id="usr_2", note="", requested_at=T0 - timedelta(hours=1))
    )
    assert [r.user_id for r in requests.pending(limit=10)] == ["usr_2", "usr_1"]
    at = T0 + timedelta(hours=1)
    decline = {"status": RequestStatus.DECLINED, "by": "usr_9", "at": at, "reason": "No samples"}
    assert requests.decide("usr_1", **decline)
    assert not requests.decide("usr_1", **decline | {"status": RequestStatus.APPROVED})
    stored = requests.get("usr_1")
    assert stored.status is RequestStatus.DECLINED and stored.reason == "No samples"
    assert stored.decided_by == "usr_9" and stored.decided_at == at
    assert [r.user_id for r in requests.pending(limit=10)] == ["usr_2"]
    assert requests.save(CreatorRequest(user_id="usr_1", note="samples now", requested_at=at))
    assert requests.get("usr_1").status is RequestStatus.PENDING
    assert requests.decide("usr_1", **decline | {"status": RequestStatus.APPROVED})
    assert not requests.save(CreatorRequest(user_id="usr_1", note="more", requested_at=at))
    assert requests.get("nobody") is None


def test_reports_are_resolved_once(make):
    reports = make("reports")
    for n in range(2):
        reports.add(
            Report(
                report_id=f"rep_{n}",
                video_id="vid_001",
                reporter_id="usr_2",
                reason="spam",
                note="buy now" if n else "",
                created_at=T0 + timedelta(seconds=n),
            )
        )
    assert [r.report_id for r in reports.open(limit=10)] == ["rep_0", "rep_1"]
    assert reports.resolve("rep_0", resolution="taken down", by="usr_9", at=T0)
    assert not reports.resolve("rep_0", resolution="dismissed", by="usr_9", at=T0)
    done = reports.get("rep_0")
    assert done.status is ReportStatus.RESOLVED and done.resolution == "taken down"
    assert done.resolved_by == "usr_9" and done.resolved_at == T0
    assert [r.report_id for r in reports.open(limit=10)] == ["rep_1"]
    assert reports.get("rep_1").note == "buy now" and reports.get("nope") is None


def test_admins_find_every_video_by_id_title_or_owner(make):
    videos = make("videos")
    for n, (title, owner) in enumerate([("Birds at dawn", "usr_1"), ("100%_real", "usr_2")]):
        v = video(n, owner=owner, at=T0 + timedelta(minutes=n))
        v.title = title
        v.status = VideoStatus.FAILED if n else VideoStatus.DRAFT
        videos.add(v)
    assert [v.title for v in videos.search_all("", limit=10)] == ["100%_real", "Birds at dawn"]
    assert [v.video_id for v in videos.search_all("BIRDS", limit=10)] == ["vid_000"]
    assert [v.video_id for v in videos.search_all("usr_2", limit=10)] == ["vid_001"]
    assert [v.video_id for v in videos.search_all("vid_001", limit=10)] == ["vid_001"]
    assert [v.video_id for v in videos.search_all("0%_", limit=10)] == ["vid_001"]
    assert videos.search_all("s%a", limit=10) == []  # "%" is no wildcard
    assert len(videos.search_all("", limit=1)) == 1
