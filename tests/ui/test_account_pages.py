import re
from urllib.parse import quote

import pytest

from tests.ui.conftest import events, member, open_page, redirect_path, toasts
from tests.unit.helpers import PASSWORD
from valvid_ui import routes
from valvid_ui.pages import confirm, login, signup
from valvid_ui.pages.confirm import ConfirmState
from valvid_ui.pages.login import LoginState
from valvid_ui.pages.signup import SignupState
from valvid_ui.state.session import SessionState


def test_logging_in_goes_back_where_you_were_and_keeps_the_session(ui):
    member(ui, "tara")
    state = open_page(LoginState, "/login?next=/studio/vid_1", route=routes.LOGIN, ip="10.1.1.1")
    target = redirect_path(state.log_in({"email": "tara@example.com", "password": PASSWORD}))
    assert target == "/studio/vid_1" and state.username == "tara" and state.token


def test_a_next_that_leaves_the_site_is_not_followed(ui):
    member(ui, "uma")
    for outside in (
        "//evil.example/x",
        "https://evil.example",
        "/\\evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
    ):
        url = f"/login?next={quote(outside)}"
        state = open_page(LoginState, url, route=routes.LOGIN, ip="10.1.1.2")
        target = redirect_path(state.log_in({"email": "uma@example.com", "password": PASSWORD}))
        assert target == routes.STUDIO, outside


def test_a_wrong_password_is_an_inline_error_and_no_session(ui):
    member(ui, "vic")
    state = open_page(LoginState, routes.LOGIN, ip="10.1.1.3")
    wrong = {"email": "vic@example.com", "password": "nope12345"}
    assert redirect_path(state.log_in(wrong)) is None
    assert state.error == "Email or password is incorrect." and state.token == ""


def test_sign_up_shows_field_errors_then_goes_to_confirm(ui):
    state = open_page(SignupState, routes.SIGNUP, ip="10.1.1.4")
    events(state.sign_up({"email": "wes@example.com", "username": "wes", "password": "short"}))
    assert state.password_error and not state.email_error
    form = {"email": "wes@example.com", "username": "wes", "password": PASSWORD}
    assert redirect_path(state.sign_up(form)) == f"{routes.CONFIRM}?email=wes%40example.com"
    assert state.password_error == ""


def test_a_taken_email_looks_like_a_new_sign_up_but_a_taken_username_is_said(ui):
    member(ui, "xena")
    state = open_page(SignupState, routes.SIGNUP, ip="10.1.1.5")
    form = {"email": "xena@example.com", "username": "xena2", "password": PASSWORD}
    assert redirect_path(state.sign_up(form)) == f"{routes.CONFIRM}?email=xena%40example.com"
    form = {"email": "other@example.com", "username": "XENA", "password": PASSWORD}
    assert redirect_path(state.sign_up(form)) is None and state.username_error


def test_confirming_with_the_code_from_the_email(ui):
    ui.auth.sign_up(email="yan@example.com", username="yan", password=PASSWORD)
    state = open_page(ConfirmState, "/confirm?email=yan%40example.com", route=routes.CONFIRM)
    state.load()
    assert state.email == "yan@example.com"
    assert redirect_path(events(state.confirm({"code": "000000"}))) is None and state.error
    events(state.resend())
    assert state.notice and state.error == ""
    code = ui.port("identity").outbox("yan@example.com")[0].code
    result = events(state.confirm({"email": "yan@example.com", "code": code}))
    assert redirect_path(result) == f"{routes.LOGIN}?email=yan%40example.com"
    assert any("Email confirmed" in t for t in toasts(result))
    login_page = open_page(LoginState, redirect_path(result), route=routes.LOGIN)
    login_page.load()
    assert login_page.email == "yan@example.com"  # pre-filled


def test_every_wrong_sign_up_field_is_shown_at_once(ui):
    state = open_page(SignupState, routes.SIGNUP, ip="10.1.1.6")
    events(state.sign_up({"email": "nope", "username": "a b", "password": "short"}))
    assert state.email_error == "Enter a valid email address."
    assert state.username_error.startswith("Usernames are 3-30 characters")
    assert state.password_error == "Your password needs at least 8 characters and a number."


def test_both_empty_log_in_fields_are_shown_at_once(ui):
    state = open_page(LoginState, routes.LOGIN, ip="10.1.1.7")
    events(state.log_in({"email": "", "password": ""}))
    assert state.email_error == "Enter your email address."
    assert state.password_error == "Enter your password."


def test_a_lock_out_says_how_long_it_lasts(ui):
    member(ui, "zed")
    state = open_page(LoginState, routes.LOGIN, ip="10.1.1.8")
    for _ in range(5):
        events(state.log_in({"email": "zed@example.com", "password": "wrong pass 1"}))
    events(state.log_in({"email": "zed@example.com", "password": PASSWORD}))
    assert state.error == "Too many attempts. Try again in 15 minutes."


def test_signed_in_visitors_of_log_in_and_sign_up_go_where_they_were_heading(ui):
    _, token = member(ui, "amy")
    for url, route, target in (
        ("/login?next=/studio/vid_7", routes.LOGIN, "/studio/vid_7"),
        ("/signup", routes.SIGNUP, routes.STUDIO),
        ("/login?next=//evil.example", routes.LOGIN, routes.STUDIO),
    ):
        state = open_page(SessionState, url, route=route, token=token)
        assert redirect_path(state.skip_if_signed_in()) == target
    anonymous = open_page(SessionState, "/login?next=/studio", route=routes.LOGIN)
    assert redirect_path(anonymous.skip_if_signed_in()) is None


def test_action_buttons_are_disabled_while_their_request_runs(ui):
    member(ui, "bea")
    state = open_page(LoginState, routes.LOGIN, ip="10.1.1.9")
    run = state.log_in({"email": "bea@example.com", "password": PASSWORD})
    next(run)  # the first update the browser gets, before the log-in is checked
    assert state.busy
    events(run)
    assert not state.busy and state.answers == 1 and state.token
    for page_fn, state_name in (
        (login.login, "login_state"),
        (signup.signup, "signup_state"),
        (confirm.confirm, "confirm_state"),
    ):
        component = page_fn()
        rendered = str(component)
        assert re.search(rf"disabled:\w+{state_name}\.busy_rx_state_", rendered), state_name
        submit = " ".join(component._get_all_hooks())  # the form's submit handler
        assert "querySelectorAll('form [type=submit]')" in submit  # disabled at the click
        assert re.search(rf"key:\w+{state_name}\.answers_rx_state_", rendered)  # made anew


@pytest.mark.parametrize(
    ("page_fn", "fields"),
    [
        ("login", {"email": "email", "password": "current-password"}),
        ("signup", {"email": "email", "username": "username", "password": "new-password"}),
        ("confirm", {"email": "email", "code": "one-time-code"}),
    ],
)
def test_credential_fields_say_what_they_hold(page_fn, fields):
    rendered = str(getattr(globals()[page_fn], page_fn)())
    for name, kind in fields.items():
        # props render sorted: the input's autoComplete comes shortly before its id
        assert re.search(rf'autoComplete:"{kind}",.{{0,160}}?,id:"{name}"', rendered), name


def test_the_password_rule_is_shown_in_plain_words_before_typing():
    assert "At least 8 characters, with a letter and a number." in str(signup.signup())
