"""Sessions as a person meets them: reloads, protected pages, renewal, logging out everywhere."""

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.journeys import log_in, sign_up_and_log_in
from tests.unit.helpers import PASSWORD

TOKEN = "() => localStorage.getItem('valvid_token')"


def test_session_survives_reload_and_protected_pages_come_back(page: Page, platform):
    sign_up_and_log_in(page, platform, "returner")
    page.reload()
    expect(page.get_by_role("button", name="Account menu")).to_contain_text("returner")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out", exact=True).click()
    expect(page.get_by_role("link", name="Log in")).to_be_visible()

    page.goto("/studio")
    expect(page).to_have_url(re.compile(r"/login/?\?next=(/|%2F)studio"))
    page.get_by_label("Email").fill("returner@example.com")
    page.get_by_label("Password").fill("correct horse 1")
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/studio/?$"))
    expect(page.get_by_role("heading", name="Your studio")).to_be_visible()


def test_token_is_renewed_while_the_tab_is_open(browser: Browser, base_url, platform):
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.clock.install()
    sign_up_and_log_in(page, platform, "lingerer")
    first = page.evaluate(TOKEN)
    page.clock.run_for(61_000)  # the header checks every minute; lifetime here is 15 minutes
    page.wait_for_function(f"({TOKEN})() !== {first!r}", timeout=15_000)
    page.reload()
    expect(page.get_by_role("button", name="Account menu")).to_contain_text("lingerer")
    context.close()


def test_log_out_everywhere_ends_other_sessions(browser: Browser, base_url, platform):
    laptop = browser.new_context(base_url=base_url).new_page()
    sign_up_and_log_in(laptop, platform, "traveller")
    phone = browser.new_context(base_url=base_url).new_page()
    log_in(phone, "traveller@example.com")
    laptop.get_by_role("button", name="Account menu").click()
    laptop.get_by_role("menuitem", name="Log out everywhere").click()
    expect(laptop.get_by_role("link", name="Log in")).to_be_visible()
    phone.goto("/studio")
    expect(phone).to_have_url(re.compile(r"/login"))


def test_signing_up_again_with_a_taken_email_looks_the_same_and_tells_the_owner(
    page: Page, platform
):
    sign_up_and_log_in(page, platform, "twice")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out", exact=True).click()  # signed in: no sign-up
    page.goto("/signup")
    page.get_by_label("Email").fill("twice@example.com")
    page.get_by_label("Username").fill("twice-again")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/confirm/?\?email="))  # as for a new account
    assert "already exists" in platform.newest_mail("twice@example.com")
