from tests.ui.conftest import events, member, open_page, redirect_path, toasts
from tests.unit.helpers import PASSWORD
from valvid_ui import routes
from valvid_ui.state.session import SessionState


def test_a_valid_token_shows_who_is_signed_in(ui):
    _, token = member(ui, "otto")
    state = open_page(SessionState, routes.BROWSE, token=token)
    state.load_session()
    assert state.username == "otto" and state.token == token


def test_a_token_that_no_longer_works_is_forgotten(ui):
    _, token = member(ui, "pia")
    state = open_page(SessionState, routes.BROWSE, token=token[:-4] + "AAAA")
    state.load_session()
    assert state.username == "" and state.token == ""


def test_protected_pages_send_you_to_log_in_with_the_way_back(ui):
    state = open_page(SessionState, routes.editor("vid_1"), route=routes.EDITOR)
    assert redirect_path(state.require_login()) == f"{routes.LOGIN}?next=/studio/vid_1"


def test_log_out_everywhere_ends_every_session(ui):
    _, token = member(ui, "quin")
    other_device = ui.auth.log_in(email="quin@example.com", password=PASSWORD, client="t")
    state = open_page(SessionState, routes.BROWSE, token=token)
    result = events(state.log_out_everywhere())
    assert any("Signed out on every device." in t for t in toasts(result))
    assert redirect_path(result) == routes.BROWSE and state.token == ""
    for old in (token, other_device.token.token):
        later = open_page(SessionState, routes.BROWSE, token=old)
        later.load_session()
        assert later.username == ""
