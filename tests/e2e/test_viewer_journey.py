"""A viewer, not signed in, browses, searches and watches adaptive HLS."""

import re

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import console_errors, screenshot


def test_viewer_browses_searches_and_watches(browser: Browser, base_url, published_video):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    errors = console_errors(page)

    page.goto("/")
    card = page.get_by_test_id("video-card").filter(has_text=published_video.title)
    expect(card).to_be_visible()
    poster = card.locator("img")
    expect(poster).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=poster.element_handle()
    )
    expect(card).to_contain_text("seeder")
    expect(card).to_contain_text("0:03")
    screenshot(page, "browse")

    for query in ("suns", "submarine", "sunset"):  # each search is a page of its own (its URL)
        page.get_by_label("Search videos").fill(query)
        page.get_by_role("button", name="Search").click()
        expect(page).to_have_url(re.compile(rf"/\?q={query}$"))
        if query == "suns":
            expect(page.get_by_test_id("video-card")).to_have_count(1)
        if query == "submarine":
            expect(page.get_by_text("No videos match your search")).to_be_visible()
    page.get_by_test_id("video-card").filter(has_text=published_video.title).click()

    page.wait_for_url(f"**/watch/{published_video.video_id}")
    expect(page.get_by_role("heading", name=published_video.title)).to_be_visible()
    expect(page.get_by_text("Boats coming home.")).to_be_visible()
    player = page.locator("#player")
    expect(player).to_be_visible()
    page.wait_for_function("Number(document.getElementById('player')?.dataset.renditions) >= 2")
    player.evaluate("v => { v.muted = true; return v.play(); }")
    page.wait_for_function("document.getElementById('player').currentTime > 2", timeout=30_000)
    assert player.evaluate("v => v.dataset.engine") == "hls.js"
    screenshot(page, "watch")

    page.get_by_test_id("creator-link").click()  # the creator's channel
    page.wait_for_url("**/c/seeder")
    expect(page.get_by_role("heading", name="seeder")).to_be_visible()
    expect(page.get_by_text("Joined ")).to_be_visible()
    expect(page.get_by_test_id("video-card").filter(has_text=published_video.title)).to_be_visible()
    screenshot(page, "channel")
    assert errors == [], errors

    page.set_viewport_size({"width": 390, "height": 800})  # a phone: nothing spills sideways
    for path in ("/", f"/watch/{published_video.video_id}", "/c/seeder", "/login"):
        page.goto(path)
        expect(page.get_by_role("link", name="Valvid")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()
