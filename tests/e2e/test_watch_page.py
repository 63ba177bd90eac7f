"""The watch page (issue 16, items 6-9): a start rung that fits, portrait shape, a readable
description, a title and link-preview tags."""

import re

import pytest
from playwright.sync_api import Page, expect

LONG = "Where the lighthouse stands: https://example.com/lighthouse?from=valvid.\n" + (
    "The keeper climbs the stairs every evening. " * 40
)
RUNG = re.compile(r"/(\d+p)/seg_")


@pytest.fixture(scope="module")
def portrait_video(platform, tmp_path_factory):
    svc, owner = platform.svc, platform.creator("keeper")
    folder = tmp_path_factory.mktemp("portrait")
    video_id = platform.ready_video(owner, "Tall lighthouse", "portrait", folder)
    svc.videos.update(owner, video_id, description=LONG, tags=["lighthouse", "sea"])
    return svc.videos.publish(owner, video_id)


def first_rung(page: Page, video_id: str) -> str:
    rungs: list[str] = []
    page.on("request", lambda r: rungs.append(m.group(1)) if (m := RUNG.search(r.url)) else None)
    page.goto(f"/watch/{video_id}")
    page.wait_for_function("document.getElementById('player')?.dataset.engine", timeout=30_000)
    for _ in range(300):  # pumping Playwright's events while the first segment is asked for
        if rungs:
            return rungs[0]
        page.wait_for_timeout(100)
    raise AssertionError("no segment was requested")


def test_a_small_player_starts_at_a_small_rung_and_says_which(page: Page, published_video):
    page.set_viewport_size({"width": 390, "height": 844})
    assert first_rung(page, published_video.video_id) == "240p"  # of 720p, 480p, 360p, 240p
    expect(page.get_by_test_id("quality")).to_have_text("240p")


def test_a_slow_line_starts_below_the_top_rung(page: Page, published_video):
    page.add_init_script(
        "Object.defineProperty(navigator, 'connection', {value: {downlink: 1.5}})"
    )  # the browser measures 1.5 Mb/s
    page.set_viewport_size({"width": 1366, "height": 800})
    assert first_rung(page, published_video.video_id) in ("240p", "360p")
    expect(page.get_by_test_id("quality")).to_have_text(re.compile(r"^(240|360|480|720)p$"))


def test_a_portrait_video_plays_portrait_and_its_thumbnail_is_whole(page: Page, portrait_video):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/watch/{portrait_video.video_id}")
    box = page.locator("#player").bounding_box()
    assert box and box["height"] > box["width"] > 300, box
    assert box["height"] <= 0.75 * 844 + 1
    page.goto("/?q=lighthouse")
    thumbnail = page.get_by_test_id("video-card").filter(has_text="Tall lighthouse").locator("img")
    expect(thumbnail).to_have_css("object-fit", "contain")


def test_the_description_folds_links_safely_and_tags_search(page: Page, portrait_video):
    page.goto(f"/watch/{portrait_video.video_id}")
    text = page.get_by_test_id("description")
    link = text.get_by_role("link", name="https://example.com/lighthouse?from=valvid")
    expect(link).to_have_attribute("rel", "nofollow noopener")
    expect(link).to_have_attribute("href", "https://example.com/lighthouse?from=valvid")
    folded = text.evaluate("e => e.clientHeight")
    page.get_by_role("button", name="Show more").click()
    expect(page.get_by_role("button", name="Show less")).to_be_visible()
    assert text.evaluate("e => e.clientHeight") > 2 * folded
    page.get_by_role("link", name="#lighthouse", exact=True).click()
    expect(page).to_have_url(re.compile(r"/\?q=lighthouse$"))
    expect(page.get_by_test_id("video-card").filter(has_text="Tall lighthouse")).to_be_visible()


def test_the_page_is_titled_by_the_video_with_link_preview_tags(page: Page, portrait_video):
    page.goto(f"/watch/{portrait_video.video_id}")
    expect(page).to_have_title("Tall lighthouse · Valvid")
    og = page.locator("meta[property='og:title']")
    expect(og).to_have_attribute("content", "Tall lighthouse")
    for name in ("og:description", "og:image", "og:video"):
        expect(page.locator(f"meta[property='{name}']").first).to_have_attribute(
            "content", re.compile(".+")
        )
    expect(page.locator("meta[name='twitter:card']")).to_have_attribute("content", re.compile(".+"))
    # A crawler that runs no JavaScript gets them in the HTML the server sends
    served = page.request.get(f"/watch/{portrait_video.video_id}").text()
    assert "<title>Tall lighthouse · Valvid</title>" in served
    assert '<meta property="og:title" content="Tall lighthouse"/>' in served
    assert served.count('property="og:image"') == 1  # the page's own empty one replaced
    assert "og:title" not in page.request.get("/watch/vid_private_or_missing").text()
    page.goto("/watch/vid_private_or_missing")
    expect(page.get_by_text("Video not found")).to_be_visible()
    expect(page).to_have_title("Watch · Valvid")
    expect(page.locator("meta[property='og:title']")).to_have_count(0)
    expect(page.locator("meta[property='og:image']")).to_have_attribute("content", "")
