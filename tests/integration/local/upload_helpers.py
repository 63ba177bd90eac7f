"""Helpers for driving the local upload endpoint over real HTTP on loopback."""

import socket
from urllib.parse import urlsplit

import httpx

from backend.bootstrap import Services
from tests.multipart_form import form_stream


def ticket_for(platform, creator, **kw):
    svc, url = platform
    video = svc.videos.create(creator, title="Upload me")
    ticket = svc.uploads.request_ticket(creator, video.video_id, **kw)
    target = url + ticket.url.removeprefix(svc.settings.public_url.rstrip("/"))
    return video, ticket, target


def post(target, fields, size, **kw):
    content_type, body, length = form_stream(fields, size, **kw)
    headers = {"Content-Type": content_type, "Content-Length": str(length)}
    return httpx.post(target, content=body, headers=headers, timeout=120)


def stored_files(svc: Services) -> list[str]:
    """Every file below the store's root, the unfinished ones in .incoming included."""
    root = svc.port("objects").root
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def open_request(target: str, headers: dict[str, str], first_bytes: bytes) -> socket.socket:
    """A raw HTTP/1.1 POST whose head and first body bytes are sent; the rest is up to the test."""
    parts = urlsplit(target)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=60)
    lines = [f"POST {parts.path} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode() + first_bytes)
    return sock


def read_response(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


class CountingApp:
    """ASGI wrapper that counts the body bytes the app read and notes the status it answered."""

    def __init__(self, app) -> None:
        self.app = app
        self.body_bytes = 0
        self.statuses: list[int] = []

    async def __call__(self, scope, receive, send):
        async def counting_receive():
            message = await receive()
            self.body_bytes += len(message.get("body", b""))
            return message

        async def noting_send(message):
            if message["type"] == "http.response.start":
                self.statuses.append(message["status"])
            await send(message)

        await self.app(scope, counting_receive, noting_send)
