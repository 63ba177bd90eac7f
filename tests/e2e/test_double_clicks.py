"""A double click is one action (issue 16, item 3): no duplicate drafts."""

from playwright.sync_api import Page, expect

from tests.e2e.journeys import sign_up_and_log_in


def test_double_clicking_new_video_makes_one_draft(page: Page, platform):
    sign_up_and_log_in(page, platform, "clicker")
    page.goto("/studio")
    expect(page.get_by_text("No videos yet.", exact=False)).to_be_visible()
    page.get_by_role("button", name="New video").dblclick()
    page.wait_for_url("**/studio/vid_*")
    expect(page.get_by_label("Title")).to_have_value("Untitled video")
    page.goto("/studio")
    expect(page.get_by_test_id("studio-row").first).to_be_visible()
    page.wait_for_timeout(1000)  # a second draft, if any, would be listed by now
    expect(page.get_by_test_id("studio-row")).to_have_count(1)
