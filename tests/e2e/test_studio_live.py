"""The Studio list follows a video whose upload is under way (issue 16, item 4, studio part)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.journeys import log_in


def test_a_row_waiting_for_its_upload_updates_without_a_reload(page: Page, platform, svc, tmp_path):
    owner = platform.creator("patient")
    video = svc.videos.create(owner, title="Arriving soon")
    ticket = svc.uploads.request_ticket(owner, video.video_id, content_type="video/mp4")
    log_in(page, "patient@example.com")
    row = page.get_by_test_id("studio-row").filter(has_text="Arriving soon")
    expect(row).to_contain_text("Waiting for upload")

    platform.send(ticket, "landscape", tmp_path)  # another tab's upload lands in storage
    expect(row).to_contain_text(re.compile("Queued|Processing|Ready"), timeout=60_000)
    expect(row).to_contain_text("Ready", timeout=120_000)
