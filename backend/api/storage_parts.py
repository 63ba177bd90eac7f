"""Local mode's stand-in for S3 UploadPart: the client PUTs one part's raw bytes to its
presigned URL; the answer carries the part's ETag, as S3's does."""

from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

from backend.adapters.local.filesystem_multipart_store import FilesystemMultipartStore
from backend.adapters.local.part_file import PartFile
from backend.adapters.local.post_policy import PolicyRejected
from backend.api.body_pace import BodyPace
from backend.api.deps import services
from backend.api.storage import BodyStalled, body_chunks, s3_error, stalled
from backend.bootstrap import S3_PATH
from backend.config import Settings
from backend.domain.errors import NotFound

router = APIRouter(tags=["local storage"])
WRITE_BATCH = 1024 * 1024  # bytes handed to a worker thread per write (hashing, disk)


@router.put(S3_PATH + "/{bucket}/{key:path}")
async def upload_part(bucket: str, key: str, request: Request) -> Response:
    svc = services(request)
    store: FilesystemMultipartStore = svc.port("multipart")
    headers = {k.lower(): v for k, v in request.headers.items()}
    declared = headers.get("content-length", "")
    try:
        multipart_id, number = store.verify_part_url(
            bucket=bucket, key=key, raw_query=request.url.query, headers=headers
        )
        if not declared.isdigit():
            raise PolicyRejected("MissingContentLength", "Send the part's Content-Length.", 411)
        part = await run_in_threadpool(
            store.open_part, key=key, multipart_id=multipart_id, part_number=number
        )
    except PolicyRejected as rejection:
        return s3_error(rejection, close=True)
    except NotFound as gone:
        return s3_error(PolicyRejected("NoSuchUpload", gone.message, 404), close=True)
    try:
        if int(declared) > part.max_bytes:
            raise part.too_large()
        etag = await _received(part, request, svc.settings, int(declared))
    except PolicyRejected as rejection:
        return s3_error(rejection, close=True)
    except NotFound as gone:
        return s3_error(PolicyRejected("NoSuchUpload", gone.message, 404), close=True)
    except BodyStalled:
        return s3_error(stalled(), close=True)
    except ClientDisconnect:
        return Response(status_code=400)
    finally:
        part.close()
    return Response(status_code=200, headers={"ETag": f'"{etag}"'})


async def _received(part: PartFile, request: Request, settings: Settings, declared: int) -> str:
    """The part's bytes written in batches off the event loop; its ETag once committed."""
    pace = BodyPace(idle_s=settings.body_idle_timeout_s, min_bytes_per_s=settings.body_min_rate)
    batch: list[bytes] = []
    held = 0
    async for chunk in body_chunks(request, pace):
        batch.append(chunk)
        held += len(chunk)
        if held >= WRITE_BATCH:
            await run_in_threadpool(part.write, b"".join(batch))
            batch, held = [], 0
    if batch:
        await run_in_threadpool(part.write, b"".join(batch))
    if part.size != declared:
        raise PolicyRejected(
            "IncompleteBody", "The body does not have the declared Content-Length.", 400
        )
    return await run_in_threadpool(part.commit)
