"""Page states without a browser: handlers called on a state instance over real services.

`ui` gives the services the UI itself uses (valvid_ui.services, built by build_services from the
environment) over a temp data dir with SQLite; `open_page(StateClass, "/watch/vid_1",
route=routes.WATCH)` makes a fresh state tree as Reflex would for that URL and returns the
instance of the page's state.
"""

from urllib.parse import parse_qsl, urlsplit

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from backend.domain.models import Principal
from tests.unit.helpers import PASSWORD
from valvid_ui import services as ui_services


@pytest.fixture
def ui(tmp_path, monkeypatch):
    monkeypatch.setenv("VALVID_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("VALVID_PUBLIC_URL", "http://localhost:3000")
    ui_services.services.cache_clear()
    yield ui_services.services()
    ui_services.services.cache_clear()


def _find(state: rx.State, cls: type) -> rx.State | None:
    if isinstance(state, cls):
        return state
    for sub in state.substates.values():
        found = _find(sub, cls)
        if found is not None:
            return found
    return None


def open_page(cls: type, url: str, *, route: str | None = None, token: str = "", ip: str = ""):
    """The page state `cls` of a fresh session at `url` (`route`: the pattern it matched)."""
    root = rx.State(_reflex_internal_init=True)
    state = _find(root, cls)
    assert state is not None, f"{cls.__name__} is not a state of the app"
    parts = urlsplit(url)
    route = route or parts.path
    params = dict(parse_qsl(parts.query))
    names = [p.strip("[]") for p in route.split("/") if p.startswith("[")]
    values = [p for p, r in zip(parts.path.split("/"), route.split("/"), strict=False)
              if r.startswith("[")]  # fmt: skip
    params.update(zip(names, values, strict=True))
    state.router = RouterData.from_router_data(
        {
            "pathname": route,
            "asPath": url,
            "query": params,
            "headers": {"origin": "http://localhost:3000"},
            "ip": ip,
        }
    )
    if token:
        state.token = token  # type: ignore[attr-defined]
    return state


def member(svc, name: str) -> tuple[Principal, str]:
    """A confirmed account, logged in: its principal and its token."""
    email = f"{name}@example.com"
    svc.auth.sign_up(email=email, username=name, password=PASSWORD)
    svc.auth.confirm(email=email, code=svc.port("identity").outbox(email)[0].code)
    token = svc.auth.log_in(email=email, password=PASSWORD, client="t").token.token
    return svc.tokens.principal(token), token


def events(result) -> list:
    """What a handler returned or yielded, as a list."""
    if result is None:
        return []
    if isinstance(result, list | tuple):
        return list(result)
    if hasattr(result, "__next__"):
        return [e for r in result for e in events(r)]
    return [result]


def _args(event) -> dict:
    return {k._js_expr: v for k, v in getattr(event, "args", ())}


def redirect_path(result) -> str | None:
    """Where an `rx.redirect(...)` among a handler's events sends the browser."""
    for e in events(result):
        handler = getattr(e, "handler", None)
        if handler is not None and handler.fn.__qualname__ == "_redirect":
            return _args(e)["path"]._var_value
    return None


def toasts(result) -> list[str]:
    """The JavaScript of every toast among a handler's events (contains kind and message)."""
    found = []
    for e in events(result):
        handler = getattr(e, "handler", None)
        if handler is not None and handler.fn.__qualname__ == "_call_function":
            code = str(_args(e)["function"]._js_expr)
            if "__toast" in code:
                found.append(code)
    return found
