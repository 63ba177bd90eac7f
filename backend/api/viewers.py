from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import RedirectResponse
from fastapi.security import HTTPAuthorizationCredentials

from backend.api.deps import ServicesDep, bearer
from backend.api.schemas import CatalogPage, PlaybackOut, PublicVideoOut
from backend.domain.models import Principal

router = APIRouter(prefix="/api/viewers/videos", tags=["viewers"])


def optional_principal(
    svc: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal | None:
    """The caller when a valid token is sent; anonymous otherwise (a bad token is still 401)."""
    return svc.tokens.principal(credentials.credentials) if credentials else None


@router.get("")
def browse(
    svc: ServicesDep, q: str = "", cursor: str | None = None, limit: int = 24, sort: str = "newest"
) -> CatalogPage:
    """Published videos, newest (or sort=oldest) first; with q, the best matches of its words."""
    page = svc.catalog.browse(query=q, cursor=cursor, limit=limit, sort=sort)
    return CatalogPage(
        items=[PublicVideoOut.of(v) for v in page.items], next_cursor=page.next_cursor
    )


@router.get("/{video_id}")
def get_video(video_id: str, svc: ServicesDep) -> PublicVideoOut:
    return PublicVideoOut.of(svc.catalog.get(video_id))


@router.get("/{video_id}/{kind}.jpg", response_class=RedirectResponse, status_code=307)
def artwork(video_id: str, kind: str, svc: ServicesDep) -> RedirectResponse:
    """A published video's poster or thumbnail, by redirect to a short-lived signed URL."""
    url = svc.catalog.artwork_url(video_id, kind)
    return RedirectResponse(url, status_code=307, headers={"Cache-Control": "public, max-age=240"})


@router.get("/{video_id}/playback")
def playback(
    video_id: str,
    svc: ServicesDep,
    principal: Annotated[Principal | None, Depends(optional_principal)],
) -> PlaybackOut:
    """A signed master playlist URL: published videos for anyone, READY ones for their owner."""
    grant = svc.playback.grant(principal, video_id)
    return PlaybackOut(url=grant.url, poster_url=grant.poster_url, expires_at=grant.expires_at)
