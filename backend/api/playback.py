"""Signed HLS playlists, rewritten so every URI the player follows is signed as well."""

from fastapi import APIRouter, Request, Response

from backend.api.deps import ServicesDep
from backend.services.playback import PLAYLIST_PATH

router = APIRouter(tags=["playback"])
MPEGURL = "application/vnd.apple.mpegurl"


@router.get(PLAYLIST_PATH + "/{video_id}/{path:path}")
def playlist(video_id: str, path: str, request: Request, svc: ServicesDep) -> Response:
    body = svc.playback.playlist(video_id, path, dict(request.query_params))
    # a master playlist gains rungs while a video is PLAYABLE: revalidate it every time
    cache = "no-cache" if "#EXT-X-STREAM-INF" in body else "private, max-age=60"
    headers = {"Cache-Control": cache, "Access-Control-Allow-Origin": "*"}
    return Response(body, media_type=MPEGURL, headers=headers)
