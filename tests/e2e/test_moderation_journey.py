"""Roles in the browser, in both modes (the app runs VALVID_SIGNUP_POLICY=approval): a new
account asks for creator access, an admin approves it on /admin, and its upload works; a viewer
reports a video, an admin takes it down from the reports queue, and it is gone for viewers."""

from playwright.sync_api import Browser, Page, expect

from backend.domain.statuses import Role, VideoStatus
from tests.clips import make
from tests.e2e.conftest import wait_until
from tests.e2e.journeys import log_in, new_video, sign_up_and_log_in


def admin_page(browser: Browser, platform, base_url: str, name: str) -> Page:
    """A second browser, logged in as a new admin, on /admin."""
    platform.creator(name)
    platform.svc.admin.grant_by_email(f"{name}@example.com", Role.ADMIN)
    page = browser.new_context(base_url=base_url).new_page()
    log_in(page, f"{name}@example.com")
    page.goto("/admin")
    expect(page.get_by_role("heading", name="Admin")).to_be_visible()
    return page


def test_a_new_account_asks_an_admin_approves_and_its_upload_works(
    page: Page, browser: Browser, platform, base_url, tmp_path
):
    sign_up_and_log_in(page, platform, "applicant", creator=False)
    access = page.get_by_test_id("creator-access")
    expect(access).to_contain_text("Only creators can upload and publish videos")
    expect(page.get_by_role("button", name="New video")).to_have_count(0)
    page.get_by_label("What will you publish?").fill("Birds of the harbour")
    page.get_by_role("button", name="Ask for creator access").click()
    expect(access).to_contain_text("Your request is waiting for an admin.")

    admin = admin_page(browser, platform, base_url, "approver")
    request = admin.get_by_test_id("request-row").filter(has_text="applicant")
    expect(request).to_contain_text("Birds of the harbour")
    request.get_by_role("button", name="Approve").click()
    expect(admin.get_by_test_id("request-row")).to_have_count(0)
    admin.get_by_role("tab", name="Audit log").click()
    expect(admin.get_by_test_id("audit-row").first).to_contain_text("request.approve")

    new_video(page, "Birds at dawn")
    page.locator("#file-input").set_input_files(str(make("tiny", tmp_path / "birds.mp4")))
    expect(page.get_by_test_id("upload-progress")).to_contain_text("100%", timeout=60_000)
    expect(page.get_by_test_id("status")).not_to_contain_text("Waiting", timeout=60_000)


def test_a_report_leads_to_a_take_down_that_hides_the_video(
    page: Page, browser: Browser, platform, base_url, tmp_path
):
    svc = platform.svc
    owner = platform.creator("reported")
    video_id = platform.upload(owner, "Cheap watches here", "tiny", tmp_path)
    wait_until(lambda: svc.videos.get(owner, video_id).status is VideoStatus.READY)
    svc.videos.publish(owner, video_id)

    sign_up_and_log_in(page, platform, "whistler", creator=False)
    page.goto(f"/watch/{video_id}")
    expect(page.get_by_role("heading", name="Cheap watches here")).to_be_visible()
    page.get_by_role("button", name="Report").click()
    page.get_by_label("Reason").select_option("spam")
    page.get_by_label("Note").fill("Sells fake watches")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_text("the admins will look at this video")).to_be_visible()

    admin = admin_page(browser, platform, base_url, "moderator")
    admin.get_by_role("tab", name="Reports").click()
    report = admin.get_by_test_id("report-row").filter(has_text=video_id)
    expect(report).to_contain_text("Sells fake watches")
    report.get_by_label("Take down: reason").fill("Counterfeit goods.")
    report.get_by_role("button", name="Take down").click()
    expect(admin.get_by_text("Taken down.")).to_be_visible()
    report.get_by_label("Resolve: resolution").fill("Taken down.")
    report.get_by_role("button", name="Resolve").click()
    expect(admin.get_by_test_id("report-row").filter(has_text=video_id)).to_have_count(0)

    page.goto(f"/watch/{video_id}")
    expect(page.get_by_role("heading", name="Video not found")).to_be_visible()
    page.goto("/")
    expect(page.get_by_text("Cheap watches here")).to_have_count(0)
    assert svc.videos.get(owner, video_id).takedown_reason == "Counterfeit goods."
