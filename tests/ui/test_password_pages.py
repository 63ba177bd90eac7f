"""Forgot password, reset with the emailed code, change password on /account (issue 16,
item 12), as page states over the real local services."""

import re

import pytest

from backend.domain.errors import Unauthorized
from tests.ui.conftest import events, member, open_page, redirect_path, toasts
from tests.unit.helpers import PASSWORD
from valvid_ui import routes
from valvid_ui.pages import account, reset
from valvid_ui.pages.account import AccountState
from valvid_ui.pages.forgot import ForgotState
from valvid_ui.pages.reset import ResetState
from valvid_ui.state.session import SessionState

NEW = "brand new pass 2"


def test_forgot_password_sends_a_code_and_leads_to_the_reset_page(ui):
    member(ui, "cal")
    state = open_page(ForgotState, routes.FORGOT, ip="10.2.0.1")
    result = events(state.send_code({"email": " Cal@Example.com "}))
    assert redirect_path(result) == f"{routes.RESET}?email=cal%40example.com"
    assert ui.port("identity").outbox("cal@example.com")[0].subject.endswith("reset code")


def test_a_reset_shows_every_wrong_field_then_sends_you_to_log_in(ui):
    _, old_token = member(ui, "dot")
    events(open_page(ForgotState, routes.FORGOT).send_code({"email": "dot@example.com"}))
    state = open_page(ResetState, "/reset?email=dot%40example.com", route=routes.RESET)
    state.load()
    assert state.email == "dot@example.com"
    events(state.set_password({"email": "nope", "code": "1", "password": "short"}))
    assert state.email_error and state.password_error.startswith("Your password needs")
    events(state.set_password({"email": "dot@example.com", "code": "000000", "password": NEW}))
    assert state.code_error.startswith("The reset code is wrong")
    code = ui.port("identity").outbox("dot@example.com")[0].code
    result = events(state.set_password({"email": "dot@example.com", "code": code, "password": NEW}))
    assert redirect_path(result) == f"{routes.LOGIN}?email=dot%40example.com"
    assert any("Password changed" in t for t in toasts(result))
    old = open_page(SessionState, routes.BROWSE, token=old_token)
    old.load_session()
    assert old.username == ""  # the session from before the reset has ended


def test_changing_the_password_on_the_account_page_keeps_this_session_only(ui):
    _, token = member(ui, "eve")
    other_device = ui.auth.log_in(email="eve@example.com", password=PASSWORD, client="t")
    state = open_page(AccountState, routes.ACCOUNT, token=token, ip="10.2.0.3")
    events(state.change_password({"current_password": "not it 123", "new_password": "short"}))
    assert state.new_error == "Your password needs at least 8 characters and a number."
    events(state.change_password({"current_password": "not it 123", "new_password": NEW}))
    assert state.current_error == "Your current password is not right."
    result = events(state.change_password({"current_password": PASSWORD, "new_password": NEW}))
    assert any("Password changed" in t for t in toasts(result))
    assert state.token != token and ui.tokens.verify(state.token).username == "eve"
    for gone in (token, other_device.token.token):
        with pytest.raises(Unauthorized):
            ui.tokens.verify(gone)


def test_the_account_page_needs_a_session(ui):
    state = open_page(SessionState, routes.ACCOUNT)
    assert redirect_path(state.require_login()) == f"{routes.LOGIN}?next=/account"


def test_password_fields_say_what_they_hold():
    rendered = {"reset": str(reset.reset()), "account": str(account.account())}
    for page, name, kind in (
        ("reset", "code", "one-time-code"),
        ("reset", "password", "new-password"),
        ("account", "current_password", "current-password"),
        ("account", "new_password", "new-password"),
    ):
        assert re.search(rf'autoComplete:"{kind}",.{{0,160}}?,id:"{name}"', rendered[page]), name
