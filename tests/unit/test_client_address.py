"""The client address behind trusted proxies: the API and the Reflex pages must agree."""

import importlib
from types import SimpleNamespace

import pytest
import reflex.app
from reflex import constants
from reflex.app import EventNamespace

from backend.api.deps import forwarded_client

CASES = [
    (0, "198.51.100.4, 130.176.0.1"),
    (2, "198.51.100.4, 130.176.0.1"),
    (2, "6.6.6.6, 7.7.7.7, 198.51.100.4, 130.176.0.1"),  # forged entries on the left
    (2, "130.176.0.1"),  # reached the load balancer without the CDN
    (1, ""),
]


@pytest.mark.parametrize(("hops", "forwarded_for"), CASES)
def test_api_and_reflex_take_the_same_address(monkeypatch, hops, forwarded_for):
    monkeypatch.setattr(reflex.app, "get_config", lambda: SimpleNamespace(trusted_proxy_hops=hops))
    headers = [(b"x-forwarded-for", forwarded_for.encode())] if forwarded_for else []
    environ = {"asgi.scope": {"client": ("10.0.0.5", 5555), "headers": headers}}
    router_data = EventNamespace._build_static_router_data(None, "sid", environ)  # type: ignore[arg-type]
    reflex_ip = router_data[constants.RouteVar.CLIENT_IP]
    ours = forwarded_client("10.0.0.5", [forwarded_for] if forwarded_for else [], hops)
    assert ours == reflex_ip


def test_forged_entries_are_ignored_behind_two_proxies():
    forged = "6.6.6.6, 198.51.100.4, 130.176.0.1"
    assert forwarded_client("10.0.0.5", [forged], 2) == "198.51.100.4"
    assert forwarded_client("10.0.0.5", [forged], 0) == "10.0.0.5"


def test_the_reflex_config_takes_the_valvid_setting(monkeypatch):
    import rxconfig

    monkeypatch.setenv("VALVID_TRUSTED_PROXY_HOPS", "2")
    assert importlib.reload(rxconfig).config.trusted_proxy_hops == 2
    monkeypatch.delenv("VALVID_TRUSTED_PROXY_HOPS")
    assert importlib.reload(rxconfig).config.trusted_proxy_hops == 0
