"""Mistakes get clear answers: wrong password, a non-video file, a file over the limit."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.conftest import UPLOAD_LIMIT
from tests.e2e.journeys import new_video, sign_up_and_log_in


def test_wrong_password_shows_an_error(page: Page, platform):
    sign_up_and_log_in(page, platform, "forgetful")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out", exact=True).click()
    page.goto("/login")
    page.get_by_label("Email").fill("forgetful@example.com")
    page.get_by_label("Password").fill("not-my-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_have_text("Email or password is incorrect.")
    expect(page).to_have_url(re.compile(r"/login/?$"))


def test_text_file_renamed_mp4_fails_with_a_reason(page: Page, platform):
    sign_up_and_log_in(page, platform, "renamer")
    new_video(page, "Not really a video")
    page.locator("#file-input").set_input_files(
        {"name": "notes.mp4", "mimeType": "video/mp4", "buffer": b"meeting notes\n" * 500}
    )
    expect(page.get_by_test_id("status")).to_have_text("Failed", timeout=60_000)
    expect(page.get_by_role("alert")).to_contain_text("This file is not a video we can read.")
    expect(
        page.get_by_text("Choose a file", exact=True)
    ).to_be_visible()  # and a way to upload again


def test_oversize_upload_is_refused_with_a_clear_message(page: Page, platform):
    sign_up_and_log_in(page, platform, "bigfile")
    new_video(page, "Too big")
    page.locator("#file-input").set_input_files(
        {"name": "huge.mp4", "mimeType": "video/mp4", "buffer": b"\0" * (UPLOAD_LIMIT + 1024)}
    )
    expect(page.get_by_role("alert")).to_contain_text("the limit is 25.2 MB")
    expect(page.get_by_test_id("status")).to_have_text("Draft")
