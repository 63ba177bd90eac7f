"""The app's stand-in for CloudFront: media objects behind CloudFront-format signed URLs.

Local mode serves files (with Range requests); against an emulated S3 it serves the objects.
"""

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, Response

from backend.api.deps import ServicesDep
from backend.domain.errors import Forbidden, NotFound
from backend.services.playback import DENIED

router = APIRouter(tags=["local media"])
CONTENT_TYPES = {
    "m3u8": "application/vnd.apple.mpegurl",
    "m4s": "video/iso.segment",
    "mp4": "video/mp4",
    "jpg": "image/jpeg",
}


@router.get("/media/{key:path}")
def media(key: str, request: Request, svc: ServicesDep) -> Response:
    key = f"media/{key}"
    if not svc.playback.allows(key, dict(request.query_params)):
        raise Forbidden(DENIED)
    store = svc.port("objects")
    content_type = CONTENT_TYPES.get(key.rsplit(".", 1)[-1], "application/octet-stream")
    headers = {"Access-Control-Allow-Origin": "*", "Cache-Control": "private, max-age=3600"}
    if hasattr(store, "path_for"):  # files on this machine: let Starlette do Range requests
        try:
            path = store.path_for(key)
        except ValueError as e:
            raise NotFound("Not found.") from e
        if not path.is_file():
            raise NotFound("Not found.")
        return FileResponse(path, media_type=content_type, headers=headers)
    body = store.read_bytes(key)
    if body is None:
        raise NotFound("Not found.")
    return Response(body, media_type=content_type, headers=headers)
