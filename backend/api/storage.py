"""Local mode's stand-in for S3 POST Object: the browser uploads straight here with its ticket."""

from xml.sax.saxutils import escape

from fastapi import APIRouter, Request, Response
from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool

from backend.adapters.local.post_policy import PolicyRejected
from backend.adapters.local.post_receiver import PostReceiver
from backend.api.deps import services
from backend.bootstrap import UPLOAD_PATH
from backend.domain.errors import LimitExceeded

router = APIRouter(tags=["local storage"])
FORM_OVERHEAD = 1024 * 1024  # room for the form fields around the file
DRAIN_LIMIT = 16 * 1024 * 1024  # read this much more after a refusal so the client sees it


@router.post(UPLOAD_PATH, status_code=201)
async def receive_upload(request: Request) -> Response:
    svc = services(request)
    store = svc.port("objects")
    media_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if media_type != b"multipart/form-data" or not boundary:
        return s3_error(PolicyRejected("InvalidArgument", "Send a multipart/form-data POST.", 400))
    declared = int(request.headers.get("content-length") or 0)
    if declared > svc.settings.max_upload_bytes + FORM_OVERHEAD:
        return s3_error(too_large(), close=True)
    receiver = PostReceiver(
        boundary, store=store, accepts=svc.uploads.accepts, now=svc.port("clock").now()
    )
    stream = request.stream()
    try:
        async for chunk in stream:
            receiver.feed(chunk)
        received = receiver.finish()
    except PolicyRejected as rejection:
        receiver.discard()
        drained = 0
        async for chunk in stream:
            drained += len(chunk)
            if drained > DRAIN_LIMIT:
                return s3_error(rejection, close=True)
        return s3_error(rejection)
    except BaseException:
        receiver.discard()
        raise
    try:
        recorded = await run_in_threadpool(svc.uploads.object_received, received.key, received.size)
    except LimitExceeded as over:
        return s3_error(PolicyRejected("EntityTooLarge", over.message, 413))
    if recorded is None:
        store.path_for(received.key).unlink(missing_ok=True)
        return s3_error(
            PolicyRejected("AccessDenied", "This upload ticket was replaced meanwhile.")
        )
    body = (
        "<?xml version='1.0' encoding='UTF-8'?><PostResponse>"
        f"<Location>{escape(str(request.url))}/{escape(received.key)}</Location>"
        f"<Bucket>{escape(store.credentials.bucket)}</Bucket><Key>{escape(received.key)}</Key>"
        "</PostResponse>"
    )
    return Response(body, status_code=201, media_type="application/xml")


def too_large() -> PolicyRejected:
    return PolicyRejected("EntityTooLarge", "The file is larger than the upload limit.", 413)


def s3_error(rejection: PolicyRejected, *, close: bool = False) -> Response:
    body = (
        "<?xml version='1.0' encoding='UTF-8'?><Error>"
        f"<Code>{escape(rejection.code)}</Code><Message>{escape(rejection.message)}</Message></Error>"
    )
    headers = {"Connection": "close"} if close else None
    return Response(
        body, status_code=rejection.status, media_type="application/xml", headers=headers
    )
