"""The Studio list follows a video whose upload is under way (issue 16, item 4, studio part)."""

import re

from playwright.sync_api import Page, expect

from tests.clips import make
from tests.e2e.journeys import log_in
from tests.integration.local.pipeline_helpers import creator


def test_a_row_waiting_for_its_upload_updates_without_a_reload(page: Page, svc):
    owner = creator(svc, "patient")
    video = svc.videos.create(owner, title="Arriving soon")
    ticket = svc.uploads.request_ticket(owner, video.video_id, content_type="video/mp4")
    log_in(page, "patient@example.com")
    row = page.get_by_test_id("studio-row").filter(has_text="Arriving soon")
    expect(row).to_contain_text("Waiting for upload")

    path = svc.port("objects").path_for(ticket.fields["key"])  # the browser's upload lands
    path.parent.mkdir(parents=True, exist_ok=True)
    make("landscape", path)
    assert svc.uploads.object_received(ticket.fields["key"], path.stat().st_size)
    expect(row).to_contain_text(re.compile("Queued|Processing|Ready"), timeout=60_000)
    expect(row).to_contain_text("Ready", timeout=120_000)
