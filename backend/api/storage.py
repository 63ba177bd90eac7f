"""Local mode's stand-in for S3 POST Object: the browser uploads straight here with its ticket."""

import asyncio
import logging
from collections.abc import AsyncIterator
from xml.sax.saxutils import escape

from fastapi import APIRouter, Request, Response
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from backend.adapters.local.post_policy import PolicyRejected
from backend.adapters.local.post_receiver import WRITE_BATCH, MalformedForm, PostReceiver
from backend.api.body_pace import BodyPace
from backend.api.deps import services
from backend.bootstrap import UPLOAD_PATH
from backend.domain.errors import LimitExceeded

log = logging.getLogger(__name__)
router = APIRouter(tags=["local storage"])
FORM_OVERHEAD = 1024 * 1024  # room for the form fields around the file
DRAIN_LIMIT = 16 * 1024 * 1024  # read this much more after a refusal so the client sees it


class BodyStalled(Exception):
    pass


@router.post(UPLOAD_PATH, status_code=201)
async def receive_upload(request: Request) -> Response:
    svc = services(request)
    store = svc.port("objects")
    media_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        return s3_error(PolicyRejected("InvalidArgument", "Send a multipart/form-data POST.", 400))
    most_bytes = svc.settings.max_upload_bytes + FORM_OVERHEAD
    if int(request.headers.get("content-length") or 0) > most_bytes:
        return s3_error(too_large(), close=True)
    settings = svc.settings
    pace = BodyPace(idle_s=settings.body_idle_timeout_s, min_bytes_per_s=settings.body_min_rate)
    body = body_chunks(request, pace)
    receiver: PostReceiver | None = None
    try:
        receiver = PostReceiver(
            boundary, store=store, accepts=svc.uploads.accepts, now=svc.port("clock").now()
        )
        read = 0
        async for chunk in body:
            read += len(chunk)
            if read > most_bytes:  # e.g. an endless epilogue after the file
                return s3_error(too_large(), close=True)
            receiver.feed(chunk)
            if receiver.pending_bytes >= WRITE_BATCH:
                await run_in_threadpool(receiver.flush)  # the disk write overlaps parsing
        received = await run_in_threadpool(receiver.finish)  # fsyncs: off the event loop
        try:
            recorded = await run_in_threadpool(
                svc.uploads.object_received, received.key, received.size
            )
        except LimitExceeded as over:
            return s3_error(PolicyRejected("EntityTooLarge", over.message, 413))
        except Exception:  # not recorded (e.g. the database is busy): the ticket can be used again
            store.path_for(received.key).unlink(missing_ok=True)  # this request's own object
            raise
        if recorded is None:
            store.path_for(received.key).unlink(missing_ok=True)  # this request's own object
            return s3_error(
                PolicyRejected("AccessDenied", "This upload ticket was replaced meanwhile.")
            )
    except MalformedForm as rejection:
        return s3_error(rejection, close=True)
    except PolicyRejected as rejection:
        if receiver is not None:
            receiver.close()
        return await drained(body, rejection)
    except BodyStalled:
        log.warning("upload stalled or far too slow; closed")
        return s3_error(stalled(), close=True)
    except ClientDisconnect:
        log.info("upload abandoned: the client disconnected mid-upload")
        return Response(status_code=400)
    finally:
        if receiver is not None:
            receiver.close()
    return created(request, store.credentials.bucket, received.key)


async def body_chunks(request: Request, pace: BodyPace) -> AsyncIterator[bytes]:
    """The request body as it arrives; BodyStalled when it stops or falls behind its pace."""
    while True:
        try:
            message = await asyncio.wait_for(request.receive(), pace.wait_s())
        except TimeoutError as e:
            raise BodyStalled from e
        if message["type"] == "http.disconnect":
            raise ClientDisconnect
        pace.received(len(message.get("body", b"")))
        yield message.get("body", b"")
        if not message.get("more_body", False):
            return


async def drained(body: AsyncIterator[bytes], rejection: PolicyRejected) -> Response:
    """The refusal, after reading a bounded rest of the body so the client gets to see it."""
    drained_bytes = 0
    try:
        async for chunk in body:
            drained_bytes += len(chunk)
            if drained_bytes > DRAIN_LIMIT:
                return s3_error(rejection, close=True)
    except (BodyStalled, ClientDisconnect):
        return s3_error(rejection, close=True)
    return s3_error(rejection)


def created(request: Request, bucket: str, key: str) -> Response:
    body = (
        "<?xml version='1.0' encoding='UTF-8'?><PostResponse>"
        f"<Location>{escape(str(request.url))}/{escape(key)}</Location>"
        f"<Bucket>{escape(bucket)}</Bucket><Key>{escape(key)}</Key>"
        "</PostResponse>"
    )
    return Response(body, status_code=201, media_type="application/xml")


def too_large() -> PolicyRejected:
    return PolicyRejected("EntityTooLarge", "The file is larger than the upload limit.", 413)


def stalled() -> PolicyRejected:
    return PolicyRejected(
        "RequestTimeout", "No data arrived for too long; the upload was closed.", 400
    )


def s3_error(rejection: PolicyRejected, *, close: bool = False) -> Response:
    body = (
        "<?xml version='1.0' encoding='UTF-8'?><Error>"
        f"<Code>{escape(rejection.code)}</Code><Message>{escape(rejection.message)}</Message></Error>"
    )
    headers = {"Connection": "close"} if close else None
    return Response(
        body, status_code=rejection.status, media_type="application/xml", headers=headers
    )
