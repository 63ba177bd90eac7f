"""Accounts in the browser (issue 16, items 12 and 13): forgot and change password, every
wrong field at once, credential fields a password manager understands, no log-in page for
someone already signed in."""

import re

from playwright.sync_api import Browser, Page, expect

from backend.domain.statuses import Role
from tests.e2e.conftest import outbox_code
from tests.e2e.journeys import log_in, open_ready, sign_up_and_log_in

NEW = "brand new pass 2"


def test_a_forgotten_password_is_reset_from_the_log_in_page(
    browser: Browser, base_url, page: Page, platform
):
    sign_up_and_log_in(page, platform, "resetter")
    other_device = browser.new_context(base_url=base_url).new_page()
    log_in(other_device, "resetter@example.com")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Log out", exact=True).click()

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_label("Email").fill("resetter@example.com")
    page.get_by_role("button", name="Email me a code").click()
    expect(page).to_have_url(re.compile(r"/reset/?\?email="))
    expect(page.get_by_label("Email")).to_have_value("resetter@example.com")
    page.get_by_label("Code").fill(outbox_code(platform, "resetter@example.com"))
    page.get_by_label("New password").fill(NEW)
    page.get_by_role("button", name="Set new password").click()
    expect(page).to_have_url(re.compile(r"/login/?\?email="))
    expect(page.get_by_label("Email")).to_have_value("resetter@example.com")  # pre-filled
    page.get_by_label("Password").fill(NEW)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/studio/?$"))

    other_device.goto("/studio")  # its session is from before the reset
    expect(other_device).to_have_url(re.compile(r"/login"))


def test_the_password_is_changed_on_the_account_page(page: Page, platform):
    sign_up_and_log_in(page, platform, "changer")
    page.get_by_role("button", name="Account menu").click()
    page.get_by_role("menuitem", name="Account").click()
    expect(page).to_have_url(re.compile(r"/account/?$"))
    page.get_by_label("Current password").fill("not it 123")
    page.get_by_label("New password").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Your current password is not right.")).to_be_visible()
    page.get_by_label("Current password").fill("correct horse 1")
    page.get_by_label("New password").fill(NEW)
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed.", exact=False)).to_be_visible()
    page.goto("/studio")  # this device keeps its (new) session
    expect(page.get_by_role("heading", name="Your studio")).to_be_visible()


def test_every_wrong_sign_up_field_shows_at_once(page: Page):
    page.goto("/signup")
    expect(page.get_by_text("At least 8 characters, with a letter and a number.")).to_be_visible()
    page.get_by_label("Email").fill("not-an-email")
    page.get_by_role("button", name="Create account").click()
    alerts = page.get_by_role("alert")
    expect(alerts).to_have_count(3)
    expect(alerts.nth(2)).to_have_text("Your password needs at least 8 characters, a letter "
                                       "and a number.")  # fmt: skip


def test_credential_fields_tell_the_browser_what_they_hold(page: Page):
    kinds = "() => [...document.querySelectorAll('input')].map(i => [i.name, i.autocomplete])"
    expected = {
        "/login": {"email": "email", "password": "current-password"},
        "/signup": {"email": "email", "username": "username", "password": "new-password"},
        "/reset": {"email": "email", "code": "one-time-code", "password": "new-password"},
    }
    for path, fields in expected.items():
        page.goto(path)
        expect(page.locator("input[name=email]")).to_be_visible()
        found = dict(page.evaluate(kinds))
        assert {name: found.get(name) for name in fields} == fields, path


def test_a_signed_in_visitor_of_log_in_goes_where_they_were_heading(page: Page, platform):
    sign_up_and_log_in(page, platform, "already")
    page.goto("/login?next=/account")
    expect(page).to_have_url(re.compile(r"/account/?$"))
    page.goto("/signup")
    expect(page).to_have_url(re.compile(r"/studio/?$"))


WATCH_DISABLED = """name => {
    const button = [...document.querySelectorAll('button')]
        .find(b => b.textContent.trim() === name);
    window.__disabledSeen = window.__disabledSeen || {};
    window.__disabledSeen[name] = false;
    new MutationObserver(() => { if (button.disabled) window.__disabledSeen[name] = true; })
        .observe(button, {attributes: true});
}"""


def disabled_while_it_ran(page: Page, name: str, act) -> bool:
    """Whether the button was disabled at some moment between its click and the answer
    (watched by a MutationObserver in the page, so no timing is involved)."""
    page.evaluate(WATCH_DISABLED, name)
    act()
    return page.evaluate(f"window.__disabledSeen[{name!r}]")


def test_action_buttons_are_disabled_while_their_request_runs(page: Page, platform):
    email = "steady@example.com"
    open_ready(page, "/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Username").fill("steady")
    page.get_by_label("Password").fill("correct horse 1")

    def create():
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(re.compile(r"/confirm/?\?email="))

    assert disabled_while_it_ran(page, "Create account", create)
    page.get_by_label("Code").fill(outbox_code(platform, email))

    def confirm():
        page.get_by_role("button", name="Confirm", exact=True).click()
        expect(page).to_have_url(re.compile(r"/login/?\?email="))

    assert disabled_while_it_ran(page, "Confirm", confirm)
    platform.svc.admin.grant_by_email(email, Role.CREATOR)  # the app runs the approval policy
    page.get_by_label("Password").fill("correct horse 1")

    def log_in_now():
        page.get_by_role("button", name="Log in").click()
        expect(page).to_have_url(re.compile(r"/studio/?$"))

    assert disabled_while_it_ran(page, "Log in", log_in_now)
    page.get_by_role("button", name="New video").click()
    page.wait_for_url("**/studio/vid_*")
    expect(page.get_by_label("Title")).to_have_value("Untitled video")
    page.get_by_label("Title").fill("Patience")

    def save():
        page.get_by_role("button", name="Save details").click()
        expect(page.get_by_text("Saved.")).to_be_visible()

    assert disabled_while_it_ran(page, "Save details", save)
