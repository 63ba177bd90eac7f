"""A creator signs up, uploads from the browser, watches it process live, previews and publishes."""

import re

from playwright.sync_api import Page, expect

from tests.clips import make
from tests.e2e.conftest import screenshot
from tests.e2e.journeys import new_video, playing_time, sign_up_and_log_in


def test_creator_uploads_processes_previews_and_publishes(page: Page, platform, tmp_path):
    sign_up_and_log_in(page, platform, "creator")
    video_id = new_video(page, "Harbour timelapse")
    page.get_by_label("Description").fill("Boats coming and going all day.")
    page.get_by_label("Tags (comma-separated)").fill("Sea, Boats")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_label("Tags (comma-separated)")).to_have_value("sea, boats")

    clip = make("landscape", tmp_path / "harbour.mp4")
    page.locator("#file-input").set_input_files(str(clip))
    expect(page.get_by_test_id("upload-progress")).to_contain_text("100%", timeout=60_000)
    status = page.get_by_test_id("status")
    expect(status).to_contain_text(re.compile("Queued|Processing"), timeout=30_000)
    expect(status).to_have_text("Ready", timeout=120_000)  # no reload: it updates live

    preview = page.locator("#preview")
    expect(preview).to_be_visible()
    preview.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.getElementById('preview').currentTime > 0.5", timeout=30_000)
    assert playing_time(page, "preview") > 0.5
    screenshot(page, "editor")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Public", exact=True)).to_be_visible()
    page.goto("/studio")
    row = page.get_by_test_id("studio-row").filter(has_text="Harbour timelapse")
    expect(row).to_contain_text("Ready")
    expect(row).to_contain_text("Public")
    screenshot(page, "studio")
    assert video_id.startswith("vid_")
