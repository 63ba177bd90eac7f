from urllib.parse import quote

from tests.ui.conftest import events, member, open_page, redirect_path, toasts
from tests.unit.helpers import PASSWORD
from valvid_ui import routes
from valvid_ui.pages.confirm import ConfirmState
from valvid_ui.pages.login import LoginState
from valvid_ui.pages.signup import SignupState


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
    state.sign_up({"email": "wes@example.com", "username": "wes", "password": "short"})
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
    state.resend()
    assert state.notice and state.error == ""
    code = ui.port("identity").outbox("yan@example.com")[0].code
    result = events(state.confirm({"email": "yan@example.com", "code": code}))
    assert redirect_path(result) == routes.LOGIN
    assert any("Email confirmed" in t for t in toasts(result))
