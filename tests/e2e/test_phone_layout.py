"""A phone (390×844, touch) in the browser (issue 16, item 14): the header is one compact row
with a menu button, the drag-and-drop hint is gone on touch screens, long titles clamp; the
README's phone screenshots are taken here."""

import re

from playwright.sync_api import Browser, expect

from tests.catalog_seed import published, seed_user
from tests.e2e.conftest import screenshot
from tests.e2e.journeys import new_video, sign_up_and_log_in

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
LONG_TITLE = "A phone has little room for a title like this one, " * 4


def lines(locator) -> int:
    return locator.evaluate(
        "e => Math.round(e.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(e).lineHeight))"
    )


def test_the_phone_header_is_one_row_with_a_menu(browser: Browser, base_url, published_video):
    context = browser.new_context(base_url=base_url, **PHONE)
    page = context.new_page()
    page.goto("/")
    card = page.get_by_test_id("video-card").filter(has_text=published_video.title)
    expect(card).to_be_visible()
    page.wait_for_function(  # the poster is shown in the screenshot
        "img => img.complete && img.naturalWidth > 0", arg=card.locator("img").element_handle()
    )
    header = page.locator("header")
    box = header.bounding_box()
    assert box is not None and box["height"] <= 64, box
    expect(page.get_by_role("link", name="Valvid")).to_be_visible()
    expect(page.get_by_role("link", name="Studio", exact=True)).to_be_hidden()
    menu = page.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "phone-browse")

    menu.click()
    expect(page.get_by_role("menuitem", name="Log in")).to_be_visible()
    page.get_by_role("menuitem", name="Studio").click()
    expect(page).to_have_url(re.compile(r"/(studio|login)"))

    page.goto(f"/watch/{published_video.video_id}")
    expect(page.get_by_role("heading", name=published_video.title)).to_be_visible()
    expect(page.locator("#player")).to_be_visible()
    assert header.bounding_box()["height"] <= 64
    screenshot(page, "phone-watch")
    context.close()


def test_long_titles_clamp_on_a_phone(browser: Browser, base_url, svc):
    video = published(980, seed_user(svc.port("users"), "wordy"), title=LONG_TITLE.strip())
    video.poster_key = video.thumbnail_key = None  # no image file: no 404 for later journeys
    svc.port("videos").add(video)
    context = browser.new_context(base_url=base_url, **PHONE)
    page = context.new_page()
    page.goto("/watch/vid_000980")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("A phone has little room")
    assert lines(heading) <= 3
    page.goto("/?q=wordy")
    expect(page.get_by_test_id("video-card")).to_have_count(1)
    assert lines(page.get_by_test_id("card-title")) == 2
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    context.close()


def test_drag_and_drop_is_not_offered_on_a_touch_screen(browser: Browser, base_url, data_dir):
    context = browser.new_context(base_url=base_url, **PHONE)
    page = context.new_page()
    sign_up_and_log_in(page, data_dir, "thumbs")
    new_video(page, "From my phone")
    expect(page.get_by_text("Choose a file", exact=True)).to_be_visible()
    expect(page.get_by_text("Drag a video here", exact=False)).to_be_hidden()
    context.close()
