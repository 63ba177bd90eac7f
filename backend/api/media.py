"""Local mode's stand-in for CloudFront: media objects behind CloudFront-format signed URLs."""

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse

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
def media(key: str, request: Request, svc: ServicesDep) -> FileResponse:
    key = f"media/{key}"
    if not svc.playback.allows(key, dict(request.query_params)):
        raise Forbidden(DENIED)
    store = svc.port("objects")
    try:
        path = store.path_for(key)
    except ValueError as e:
        raise NotFound("Not found.") from e
    if not path.is_file():
        raise NotFound("Not found.")
    content_type = CONTENT_TYPES.get(path.suffix.lstrip("."), "application/octet-stream")
    headers = {"Access-Control-Allow-Origin": "*", "Cache-Control": "private, max-age=3600"}
    return FileResponse(path, media_type=content_type, headers=headers)
