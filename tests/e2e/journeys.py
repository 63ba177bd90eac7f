"""Steps a person takes in the browser, shared by the journeys."""

import re

from playwright.sync_api import Page, expect

from backend.domain.statuses import Role
from tests.e2e.conftest import outbox_code
from tests.unit.helpers import PASSWORD


def open_ready(page: Page, path: str) -> None:
    """Opens a page and waits until its app has started (the server's page is static HTML
    until then: a person typing that early can lose the first keystrokes, a test all of them)."""
    page.goto(path)
    page.wait_for_load_state("networkidle")


def sign_up_and_log_in(page: Page, platform, name: str, *, creator: bool = True) -> None:
    """Sign up in the browser; the app runs VALVID_SIGNUP_POLICY=approval, so a creator is
    approved through the services (as an admin would) before it logs in."""
    email = f"{name}@example.com"
    open_ready(page, "/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Username").fill(name)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(re.compile(r"/confirm/?\?email="))
    page.get_by_label("Code").fill(outbox_code(platform, email))
    page.get_by_role("button", name="Confirm", exact=True).click()
    expect(page).to_have_url(re.compile(r"/login/?\?email="))  # the email is filled in
    if creator:
        platform.svc.admin.grant_by_email(email, Role.CREATOR)
    log_in(page, email)


def log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    open_ready(page, "/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/studio/?$"))


def new_video(page: Page, title: str) -> str:
    page.goto("/studio")
    page.get_by_role("button", name="New video").click()
    page.wait_for_url("**/studio/vid_*")
    page.get_by_label("Title").fill(title)  # the form comes with the video: nothing typed is lost
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    return page.url.rsplit("/", 1)[-1]


def playing_time(page: Page, element_id: str) -> float:
    return page.evaluate(f"document.getElementById('{element_id}').currentTime")
