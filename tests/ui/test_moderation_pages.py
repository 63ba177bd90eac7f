"""The admin page, the studio for non-creators and the watch page's Report, without a browser."""

import pytest

from backend.domain.statuses import Role, Visibility
from tests.catalog_seed import published
from tests.ui.conftest import member, open_page, toasts
from tests.ui.conftest import ui as ui_fixture
from tests.unit.helpers import PASSWORD
from valvid_ui import routes
from valvid_ui import services as ui_services
from valvid_ui.pages.admin import AdminState
from valvid_ui.pages.studio import StudioState
from valvid_ui.pages.watch import WatchState


def admin_of(ui, name="root"):
    _, token = member(ui, name)
    ui.admin.grant_by_email(f"{name}@example.com", Role.ADMIN)
    state = open_page(AdminState, routes.ADMIN, token=token)
    state.load()
    return state


def seed_video(ui, owner: str):
    principal, _ = member(ui, owner)
    video = published(1, ui.port("users").get(principal.user_id), title="Harbour at dawn")
    ui.port("videos").add(video)
    return video


def test_the_admin_page_is_not_found_for_anyone_but_admins(ui):
    for token in ("", member(ui, "cara")[1]):
        state = open_page(AdminState, routes.ADMIN, token=token)
        state.load()
        assert state.loaded and not state.found and state.users == []
    assert admin_of(ui).found


def test_admins_take_a_video_down_and_restore_it(ui):
    video = seed_video(ui, "cara")
    state = admin_of(ui)
    (row,) = [v for v in state.videos if v.item_id == video.video_id]
    assert row.state == ""
    assert "Give a reason" in toasts(state.take_down(video.video_id))[0]
    state.set_note("reason", video.video_id, "Stolen.")
    assert "Taken down" in toasts(state.take_down(video.video_id))[0]
    (row,) = [v for v in state.videos if v.item_id == video.video_id]
    assert (row.state, row.extra) == ("TAKEN_DOWN", "Stolen.")
    assert ui.catalog.browse().items == []
    assert (
        state.audit[0].title.startswith("root · video.take_down")
        and state.audit[0].detail == "Stolen."
    )
    state.restore(video.video_id)
    assert ui.port("videos").get(video.video_id).takedown_reason is None


def test_admins_suspend_find_and_promote_users(ui):
    cara, cara_token = member(ui, "cara")
    state = admin_of(ui)
    state.search_users({"q": "car"})
    assert [u.title for u in state.users] == ["cara (cara@example.com)"]
    state.set_note("reason", cara.user_id, "Spam.")
    state.suspend(cara.user_id)
    assert state.users[0].state == "SUSPENDED"
    assert ui.port("users").get(cara.user_id).account_status.value == "SUSPENDED"
    state.reactivate(cara.user_id)
    state.make_admin(cara.user_id)
    assert ui.port("users").get(cara.user_id).role is Role.ADMIN


@pytest.fixture
def approval_ui(tmp_path, monkeypatch):
    monkeypatch.setenv("VALVID_SIGNUP_POLICY", "approval")
    ui_services.services.cache_clear()
    yield from ui_fixture.__wrapped__(tmp_path, monkeypatch)


def test_a_viewer_asks_in_the_studio_and_an_admin_approves_on_the_admin_page(approval_ui):
    ui = approval_ui
    vera, token = member(ui, "vera")
    assert ui.port("users").get(vera.user_id).role is Role.VIEWER
    studio = open_page(StudioState, routes.STUDIO, token=token)
    studio.load()
    assert "Only creators can upload" in studio.not_creator_message and studio.rows == []
    assert studio.accepts_requests and studio.request_status == ""
    assert "Request sent" in toasts(studio.ask_for_access({"note": "Birds."}))[0]
    assert studio.request_status == "PENDING"

    state = admin_of(ui)
    assert [(r.title, r.detail) for r in state.requests] == [("vera (vera@example.com)", "Birds.")]
    state.approve(vera.user_id)
    assert state.requests == []
    studio.load()
    assert studio.not_creator_message == ""


def test_a_signed_in_viewer_reports_from_the_watch_page(ui):
    video = seed_video(ui, "cara")
    anonymous = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH)
    anonymous.load()
    assert not anonymous.signed_in
    assert "Log in" in toasts(anonymous.send_report({"reason": "spam"}))[0]
    _, token = member(ui, "vera")
    state = open_page(WatchState, routes.watch(video.video_id), route=routes.WATCH, token=token)
    state.load()
    state.report_open = True
    assert "Thank you" in toasts(state.send_report({"reason": "spam", "note": "A shop."}))[0]
    assert not state.report_open
    (report,) = ui.port("reports").open(limit=5)
    assert (report.video_id, report.reason, report.note) == (video.video_id, "spam", "A shop.")
    ui.port("videos").update(video.video_id, visibility=Visibility.PRIVATE, published_at=None)
    assert "not found" in toasts(state.send_report({"reason": "spam"}))[0].lower()


def test_the_creator_reads_the_take_down_reason_in_the_studio(ui):
    video = seed_video(ui, "cara")
    state = admin_of(ui)
    state.set_note("reason", video.video_id, "Counterfeit goods.")
    state.take_down(video.video_id)
    token = ui.auth.log_in(email="cara@example.com", password=PASSWORD, client="t").token.token
    studio = open_page(StudioState, routes.STUDIO, token=token)
    studio.load()
    (row,) = studio.rows
    assert "Counterfeit goods." in row.problem and "cannot be published" in row.problem
    assert row.visibility == "Private"


def test_admins_resolve_reports_with_the_decision_typed_in_their_row(ui):
    video = seed_video(ui, "cara")
    reporter, _ = member(ui, "vera")
    report = ui.reports.report(reporter, video.video_id, reason="spam", note="")
    state = admin_of(ui)
    assert [r.item_id for r in state.reports] == [report.report_id]
    state.set_note("resolution", report.report_id, "Not spam.")
    assert "Resolved" in toasts(state.resolve(report.report_id))[0]
    assert (
        state.reports == [] and ui.port("reports").get(report.report_id).resolution == "Not spam."
    )


def test_admins_invite_an_address_from_the_users_tab(ui):
    state = admin_of(ui)
    assert "Invited nia@example.com" in toasts(state.invite({"email": "nia@example.com"}))[0]
    assert ui.admin.is_invited("nia@example.com")
    assert "valid email" in toasts(state.invite({"email": "nope"}))[0]


def test_the_processing_tab_lists_failed_and_retrying_jobs_with_their_cause(ui):
    from datetime import UTC, datetime, timedelta

    jobs = ui.port("jobs")
    failed = jobs.enqueue(video_id="vid_a", upload_id="upl_a")
    assert jobs.claim("w1").job_id == failed
    jobs.finish(failed, "w1", "FAILED", error="ffmpeg exited 1: No space left on device")
    retrying = jobs.enqueue(video_id="vid_b", upload_id="upl_b")
    jobs.claim("w2")
    jobs.release_stale(datetime.now(UTC) + timedelta(hours=1), max_attempts=3)
    jobs.enqueue(video_id="vid_c", upload_id="upl_c")  # waiting its first turn: no problem
    state = admin_of(ui)
    listed = {p.item_id: (p.state, p.detail) for p in state.problems}
    assert listed == {
        failed: ("FAILED", "ffmpeg exited 1: No space left on device"),
        retrying: ("RETRYING", "worker stopped responding"),
    }


def test_retrying_a_failed_job_queues_its_upload_again_unless_the_video_moved_on(ui):
    from backend.domain.statuses import VideoStatus

    owner, _ = member(ui, "cara")
    videos, jobs = ui.port("videos"), ui.port("jobs")
    failed_jobs = {}
    for title in ("Broken", "Replaced"):
        video = ui.videos.create(owner, title=title)
        job_id = jobs.enqueue(video_id=video.video_id, upload_id=f"upl_{title}")
        videos.update(video.video_id, status=VideoStatus.FAILED, current_upload_id=f"upl_{title}",
                      failure_reason="The file could not be processed.")  # fmt: skip
        jobs.claim("w1")
        jobs.finish(job_id, "w1", "FAILED", error="ffmpeg killed (out of memory)")
        failed_jobs[title] = (video.video_id, job_id)
    videos.update(failed_jobs["Replaced"][0], current_upload_id="upl_newer")
    state = admin_of(ui)

    assert "Queued again" in toasts(state.retry(failed_jobs["Broken"][1]))[0]
    again = videos.get(failed_jobs["Broken"][0])
    assert again.status is VideoStatus.UPLOADED and again.failure_reason is None
    assert jobs.status_of(failed_jobs["Broken"][1]) == "QUEUED"
    assert state.audit[0].title.startswith("root · job.retry")
    assert "ffmpeg killed" in state.audit[0].detail

    assert "newer file" in toasts(state.retry(failed_jobs["Replaced"][1]))[0]
    assert jobs.status_of(failed_jobs["Replaced"][1]) == "FAILED"
    assert "No failed job" in toasts(state.retry(failed_jobs["Broken"][1]))[0]
