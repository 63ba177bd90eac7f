"""A client that goes away mid-request (a cancelled or broken-off upload, a closed tab) is one
info line in the log, not "unhandled error" tracebacks (issue 16, item 16). Served by the real
ASGI stack: the Reflex app with the API mounted into it, as `valvid run` serves it."""

import importlib
import logging
import secrets
import socket
import struct
import time

import pytest

from backend.entrypoints.js_runtime import reflex_env
from tests.integration.local.pipeline_helpers import creator as new_creator
from tests.integration.local.upload_helpers import open_request
from tests.live_server import serve
from valvid_ui import services as ui_services

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def app_stack(tmp_path_factory):
    """(services, url) of the whole Reflex app (pages, event socket and API) on loopback."""
    data = tmp_path_factory.mktemp("data")
    with pytest.MonkeyPatch.context() as env:
        for name, value in reflex_env().items():
            env.setenv(name, value)
        env.setenv("VALVID_DATA_DIR", str(data))
        ui_services.services.cache_clear()
        module = importlib.import_module("valvid_ui.valvid_ui")
        svc = module.app.api_transformer.state.services
        with serve(module.app()) as url:
            yield svc, url
    ui_services.services.cache_clear()


def wait_for(condition, what: str, limit_s: float = 20) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def server_lines(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("backend", "uvicorn", "starlette"))]


@pytest.mark.parametrize("how", ["cancelled", "reset"])
def test_an_upload_broken_off_midway_is_one_info_line(app_stack, caplog, how):
    """cancelled: the browser aborts the request (FIN); reset: the connection breaks (RST)."""
    svc, url = app_stack
    owner = new_creator(svc, f"leaver_{how}_{secrets.token_hex(3)}")  # a re-run in one checkout
    video = svc.videos.create(owner, title="Cancelled")
    ticket = svc.uploads.request_ticket(owner, video.video_id)
    target = url + ticket.url.removeprefix(svc.settings.public_url.rstrip("/"))
    boundary = "gone" + secrets.token_hex(8)
    head = (
        b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in ticket.fields.items()
        )
        + (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.mp4"\r\n'
            "Content-Type: video/mp4\r\n\r\n"
        ).encode()
    )
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(4 * MIB),
    }
    caplog.set_level(logging.INFO)
    sock = open_request(target, headers, head + b"\0" * MIB)
    incoming = svc.port("objects").root / ".incoming"
    wait_for(lambda: incoming.is_dir() and any(incoming.iterdir()), "the upload to start")
    if how == "reset":
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()
    wait_for(lambda: server_lines(caplog), "a log line")
    time.sleep(0.3)  # anything else the server logs about this request arrives by now
    lines = server_lines(caplog)
    assert [(r.levelno, "disconnect" in r.getMessage()) for r in lines] == [(logging.INFO, True)], [
        r.getMessage() for r in lines
    ]
    assert not [r for r in caplog.records if r.exc_info]
