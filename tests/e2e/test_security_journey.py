"""What people must not reach: other creators' editors, unpublished videos, unsigned media."""

from urllib.parse import urlsplit

from playwright.sync_api import Browser, Page, expect

from backend.domain.models import Principal
from tests.e2e.journeys import new_video, sign_up_and_log_in


def test_another_creator_cannot_open_my_editor(browser: Browser, base_url, platform):
    first = browser.new_context(base_url=base_url).new_page()
    sign_up_and_log_in(first, platform, "owner")
    video_id = new_video(first, "Mine only")

    second = browser.new_context(base_url=base_url).new_page()
    sign_up_and_log_in(second, platform, "intruder")
    second.goto(f"/studio/{video_id}")
    expect(second.get_by_role("heading", name="Video not found")).to_be_visible()
    expect(second.get_by_text("Mine only")).to_have_count(0)


def test_unpublished_video_is_neither_listed_nor_watchable(page: Page, svc, published_video):
    owner = svc.port("users").get(published_video.owner_id)
    principal = Principal(user_id=owner.user_id, username=owner.username)
    svc.videos.unpublish(principal, published_video.video_id)
    try:
        page.goto("/")
        cards = page.get_by_test_id("video-card")
        loaded = cards.or_(page.get_by_text("No videos yet")).first
        expect(loaded).to_be_visible()  # the listing has arrived, so a count of 0 means absent
        expect(cards.filter(has_text=published_video.title)).to_have_count(0)
        page.goto(f"/watch/{published_video.video_id}")
        expect(page.get_by_role("heading", name="Video not found")).to_be_visible()
    finally:
        svc.videos.publish(principal, published_video.video_id)


def test_media_url_without_signature_is_refused(page: Page, svc, published_video):
    grant = svc.playback.grant(None, published_video.video_id)
    master = page.request.get(grant.url)
    assert master.status == 200
    variant = next(line for line in master.text().splitlines() if line.startswith("http"))
    media = page.request.get(variant).text()
    segment = next(line for line in media.splitlines() if line.startswith("http"))
    assert page.request.get(segment).status == 200
    unsigned = urlsplit(segment)._replace(query="").geturl()
    assert page.request.get(unsigned).status == 403
    unsigned_master = urlsplit(grant.url)._replace(query="").geturl()
    assert page.request.get(unsigned_master).status == 403
