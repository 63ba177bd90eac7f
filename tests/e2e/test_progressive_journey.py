"""Progressive processing in the browser: a creator's upload plays on the watch page while its
other qualities still encode, and once Ready the player gets every rung."""

from playwright.sync_api import Page, expect

from backend.domain.statuses import VideoStatus
from tests.clips import make
from tests.e2e.conftest import wait_until
from tests.e2e.journeys import new_video, sign_up_and_log_in

RUNGS = 5  # 1080p, 720p, 480p, 360p, 240p


def renditions(page: Page) -> int:
    page.wait_for_function("Number(document.getElementById('player')?.dataset.renditions) >= 1")
    return int(page.evaluate("document.getElementById('player').dataset.renditions"))


def test_the_watch_page_plays_before_ready_and_lists_every_rung_after(
    page: Page, data_dir, svc, tmp_path
):
    sign_up_and_log_in(page, data_dir, "early")
    video_id = new_video(page, "Early bird")
    clip = make("fit_to_stream_1080", tmp_path / "early.mp4")
    page.locator("#file-input").set_input_files(str(clip))
    status = page.get_by_test_id("status")
    expect(status).to_contain_text("Playable — more qualities on the way", timeout=120_000)
    page.get_by_role("button", name="Publish").click()  # a playable video may be published
    expect(page.get_by_text("Public", exact=True)).to_be_visible()

    page.goto(f"/watch/{video_id}")
    player = page.locator("#player")
    expect(player).to_be_visible()
    assert renditions(page) < RUNGS
    player.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.getElementById('player').currentTime > 0.5", timeout=60_000)
    video = svc.port("videos").get(video_id)
    assert video.status is VideoStatus.PLAYABLE  # it played before the studio showed Ready

    wait_until(lambda: svc.port("videos").get(video_id).status is VideoStatus.READY, timeout=600)
    page.goto("/studio")
    row = page.get_by_test_id("studio-row").filter(has_text="Early bird")
    expect(row).to_contain_text("Ready")
    page.goto(f"/watch/{video_id}")
    assert renditions(page) == RUNGS
