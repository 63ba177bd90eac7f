"""Link-preview tags in the HTML of a public video's watch page, as the server sends it.

Chat apps, social sites and CMSs read a link's HTML without running its JavaScript, so the tags
the page adds in the browser never reach them; this middleware puts the video's title (also in
<title>), description, poster and video into the page's <head> on the way out. Private, hidden
or unknown videos get nothing."""

import html
import logging
import re
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.bootstrap import Services
from backend.domain.errors import DomainError

log = logging.getLogger(__name__)
WATCH = re.compile(r"/watch/(vid_[A-Za-z0-9_-]+)/?")
SITE = "Valvid"
DESCRIPTION_CHARS = 300
PREVIEW_META = re.compile(r'<meta (?:property|name)="(?:og:[^"]*|twitter:[^"]*|description)"[^>]*>')
SENT_BY_PATH = ("http.response.pathsend", "http.response.zerocopysend")  # ASGI extensions


class LinkPreviews:
    def __init__(self, app: ASGIApp, *, services: Services) -> None:
        self.app = app
        self._svc = services

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        match = WATCH.fullmatch(scope.get("path", "")) if scope["type"] == "http" else None
        if match is None or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        tags = await run_in_threadpool(self._tags, match.group(1))
        if tags is None:
            await self.app(scope, receive, send)
            return
        # the page as plain text in body messages (not compressed, not sent by path), to write
        # the tags into
        headers = [(k, v) for k, v in scope.get("headers", []) if k != b"accept-encoding"]
        extensions = {k: v for k, v in (scope.get("extensions") or {}).items()
                      if k not in SENT_BY_PATH}  # fmt: skip
        plain = {**scope, "headers": headers, "extensions": extensions}
        await self.app(plain, receive, _WithTags(send, *tags))

    def _tags(self, video_id: str) -> tuple[str, str] | None:
        """(the page title, the <meta> tags) of a public video; None for any other."""
        try:
            public = self._svc.catalog.get(video_id)
            stream = self._svc.playback.grant(None, video_id).url
        except DomainError:
            return None
        except Exception:  # the page itself must never fail for want of its preview
            log.exception("no link preview for %s", video_id)
            return None
        video, app_url = public.entry.video, self._svc.settings.public_url.rstrip("/")
        description = " ".join(video.description.split())[:DESCRIPTION_CHARS]
        properties = {
            "og:type": "video.other", "og:site_name": SITE, "og:title": video.title,
            "og:description": description, "og:url": f"{app_url}/watch/{video_id}",
            "og:image": public.poster_url or "", "og:video": stream,
            "og:video:type": "application/x-mpegURL",
        }  # fmt: skip
        names = {"description": description, "twitter:card": "summary_large_image",
                 "twitter:title": video.title, "twitter:description": description,
                 "twitter:image": public.poster_url or ""}  # fmt: skip
        metas = [_meta("property", k, v) for k, v in properties.items() if v]
        metas += [_meta("name", k, v) for k, v in names.items() if v]
        return f"{video.title} · {SITE}", "".join(metas)


def _meta(kind: str, key: str, value: str) -> str:
    return f'<meta {kind}="{key}" content="{html.escape(value, quote=True)}"/>'


class _WithTags:
    """A `send` that holds an HTML answer's body, then sends it with the tags in its head."""

    def __init__(self, send: Send, title: str, metas: str) -> None:
        self._send = send
        self._title, self._metas = title, metas
        self._start: dict[str, Any] | None = None
        self._body = bytearray()

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            named = dict(message.get("headers", []))
            plain = b"content-encoding" not in named
            if not (plain and named.get(b"content-type", b"").startswith(b"text/html")):
                await self._send(message)
                return
            self._start = dict(message)
            return
        if self._start is None:  # not HTML: passed through
            await self._send(message)
            return
        if message["type"] != "http.response.body":  # sent another way: as it comes
            await self._send(self._start)
            self._start = None
            await self._send(message)
            return
        self._body += message.get("body", b"")
        if message.get("more_body"):
            return
        page = self._with_tags(self._body.decode("utf-8", "replace")).encode()
        headers = [(k, v) for k, v in self._start.get("headers", []) if k != b"content-length"]
        headers.append((b"content-length", str(len(page)).encode()))
        await self._send({**self._start, "headers": headers})
        await self._send({"type": "http.response.body", "body": page})

    def _with_tags(self, page: str) -> str:
        title = f"<title>{html.escape(self._title)}</title>"
        page, titled = re.subn(r"<title>.*?</title>", title, page, count=1, flags=re.S)
        page = PREVIEW_META.sub("", page)  # the page's own (empty) ones: one of each for crawlers
        head = self._metas if titled else title + self._metas
        return page.replace("</head>", head + "</head>", 1)
