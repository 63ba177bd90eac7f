"""Browse and search in the browser (issue 16, items 10 and 11): the URL holds the search, the
sort and the loaded pages, so Back, bookmarks and shared links work; cards show two lines of
title and the full title on hover and focus; a creator's name finds their videos."""

import re
from datetime import timedelta

from playwright.sync_api import expect

from tests.catalog_seed import T0, published, seed_user

DESKTOP = {"width": 1280, "height": 800}
LONG_TITLE = "An unusually long title about " + " ".join(f"topic{n}" for n in range(30))


def seed(svc, name: str, titles: list[str], first_id: int, at=None) -> None:
    """Published videos without images (no poster file exists: no 404 for later journeys)."""
    owner = seed_user(svc.port("users"), name)
    for n, title in enumerate(titles):
        video = published(first_id + n, owner, title=title, at=at)
        video.poster_key = video.thumbnail_key = None
        svc.port("videos").add(video)


def test_a_search_is_in_the_url_and_back_restores_its_pages_and_scroll(browser, base_url, svc):
    seed(svc, "zed", [f"Zebra crossing {n}" for n in range(30)], first_id=900)
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = context.new_page()
    cards = page.get_by_test_id("video-card")

    page.goto("/")
    page.get_by_label("Search videos").fill("zebra")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/\?q=zebra$"))
    expect(cards).to_have_count(24)
    page.get_by_role("button", name="Load more").click()
    expect(cards).to_have_count(30)
    expect(page).to_have_url(re.compile(r"/\?q=zebra&pages=2$"))

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    left_at = page.evaluate("window.scrollY")
    assert left_at > 800
    page.wait_for_function(  # the position of this history entry is recorded
        "y => Object.entries(sessionStorage).some(([k, v]) =>"
        " k.includes('pages=2') && Number(v) === y)",
        arg=left_at,
    )
    opened = cards.nth(28)
    title = opened.get_by_test_id("card-title").inner_text()
    opened.get_by_role("link").first.click()
    page.wait_for_url("**/watch/**")
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert page.evaluate("window.scrollY") == 0  # a new page starts at its top

    page.go_back()
    expect(page).to_have_url(re.compile(r"/\?q=zebra&pages=2$"))
    expect(cards).to_have_count(30)
    page.wait_for_function("y => Math.abs(window.scrollY - y) <= 2", arg=left_at)
    named = page.get_by_test_id("card-title").get_by_text(title, exact=True)
    opened_again = cards.filter(has=named)
    expect(opened_again).to_be_in_viewport()

    page.go_back()  # before the search
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_label("Search videos")).to_have_value("")

    shared = context.new_page()  # a bookmark or a shared link
    shared.goto("/?q=zebra")
    expect(shared.get_by_label("Search videos")).to_have_value("zebra")
    expect(shared.get_by_test_id("video-card")).to_have_count(24)
    context.close()


def test_cards_show_two_lines_of_title_and_the_full_title_on_hover_and_focus(
    browser, base_url, svc
):
    seed(svc, "longwinded", [LONG_TITLE], first_id=950)
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/?q=longwinded")  # the creator's name finds their videos
    card = page.get_by_test_id("video-card")
    expect(card).to_have_count(1)
    lines = card.get_by_test_id("card-title").evaluate(
        "e => Math.round(e.getBoundingClientRect().height"
        " / parseFloat(getComputedStyle(e).lineHeight))"
    )
    assert lines == 2
    card.get_by_role("link").first.hover()
    expect(page.get_by_role("tooltip")).to_have_text(LONG_TITLE)
    page.mouse.move(0, 0, steps=5)
    expect(page.get_by_role("tooltip")).to_have_count(0)
    card.get_by_role("link").first.focus()
    expect(page.get_by_role("tooltip")).to_have_text(LONG_TITLE)
    context.close()


def test_the_listing_sorts_oldest_first_from_a_menu_and_keeps_it_in_the_url(browser, base_url, svc):
    seed(svc, "oldtimer", ["The very first upload"], first_id=970, at=T0 - timedelta(days=365))
    context = browser.new_context(base_url=base_url, viewport=DESKTOP)
    page = context.new_page()
    page.goto("/")
    page.get_by_label("Sort videos").click()
    page.get_by_role("option", name="Oldest first").click()
    expect(page).to_have_url(re.compile(r"/\?sort=oldest$"))
    expect(page.get_by_test_id("video-card").first).to_contain_text("The very first upload")
    page.go_back()
    expect(page.get_by_test_id("video-card").first).not_to_contain_text("The very first upload")
    context.close()
