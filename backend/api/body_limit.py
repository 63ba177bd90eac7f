"""Bounds every API request body but an upload's: in size (counted as it streams, not only as
declared), in idle time between chunks and in average rate (BodyPace), so no request holds the
server with a huge, stalled or dripping body."""

import asyncio

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from backend.api.body_pace import BodyPace
from backend.api.errors import error_response

UNBOUNDED_PREFIXES = ("/api/storage/",)  # the upload endpoint bounds its own bodies
CLOSE = {"Connection": "close"}


class BodyLimit:
    def __init__(
        self, app: ASGIApp, *, max_bytes: int, idle_timeout_s: float, min_bytes_per_s: float
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.idle_timeout_s = idle_timeout_s
        self.min_bytes_per_s = min_bytes_per_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNBOUNDED_PREFIXES):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_bytes:
            response = error_response(413, "too_large", self._too_large(), CLOSE)
            await response(scope, receive, send)
            return
        await self.app(scope, self._bounded(receive), send)

    def _bounded(self, receive: Receive) -> Receive:
        received = 0
        complete = False
        pace = BodyPace(idle_s=self.idle_timeout_s, min_bytes_per_s=self.min_bytes_per_s)

        async def bounded_receive() -> Message:
            nonlocal received, complete
            if complete:  # past the body only a disconnect can come, whenever it does
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), pace.wait_s())
            except TimeoutError as e:
                raise HTTPException(408, "The request body stopped arriving.", CLOSE) from e
            received += len(message.get("body", b""))
            pace.received(len(message.get("body", b"")))
            if received > self.max_bytes:
                raise HTTPException(413, self._too_large(), CLOSE)
            complete = message["type"] != "http.request" or not message.get("more_body", False)
            return message

        return bounded_receive

    def _too_large(self) -> str:
        return f"The request body is larger than {self.max_bytes} bytes."
