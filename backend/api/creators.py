from fastapi import APIRouter, Response

from backend.api.deps import PrincipalDep, ServicesDep
from backend.api.schemas import (
    TicketOut,
    TicketRequest,
    VideoCreate,
    VideoOut,
    VideoPage,
    VideoPatch,
)

router = APIRouter(prefix="/api/creators/videos", tags=["creators"])


@router.get("")
def list_my_videos(
    principal: PrincipalDep, svc: ServicesDep, cursor: str | None = None, limit: int = 24
) -> VideoPage:
    page = svc.videos.list_mine(principal, limit=limit, cursor=cursor)
    return VideoPage(items=[VideoOut.of(v) for v in page.items], next_cursor=page.next_cursor)


@router.post("", status_code=201)
def create_video(body: VideoCreate, principal: PrincipalDep, svc: ServicesDep) -> VideoOut:
    video = svc.videos.create(
        principal, title=body.title, description=body.description, tags=body.tags
    )
    return VideoOut.of(video)


@router.get("/{video_id}")
def get_video(video_id: str, principal: PrincipalDep, svc: ServicesDep) -> VideoOut:
    return VideoOut.of(svc.videos.get(principal, video_id))


@router.patch("/{video_id}")
def update_video(
    video_id: str, body: VideoPatch, principal: PrincipalDep, svc: ServicesDep
) -> VideoOut:
    video = svc.videos.update(
        principal, video_id, title=body.title, description=body.description, tags=body.tags
    )
    return VideoOut.of(video)


@router.delete("/{video_id}", status_code=204)
def delete_video(video_id: str, principal: PrincipalDep, svc: ServicesDep) -> Response:
    svc.videos.delete(principal, video_id)
    return Response(status_code=204)


@router.post("/{video_id}/upload", status_code=201)
def request_upload(
    video_id: str, principal: PrincipalDep, svc: ServicesDep, body: TicketRequest | None = None
) -> TicketOut:
    """A presigned-POST ticket: POST the file with these fields straight to `url`."""
    content_type = body.content_type if body else "video/mp4"
    ticket = svc.uploads.request_ticket(principal, video_id, content_type=content_type)
    return TicketOut(
        url=ticket.url,
        fields=ticket.fields,
        upload_id=ticket.upload_id,
        expires_at=ticket.expires_at,
        max_bytes=ticket.max_bytes,
    )


@router.post("/{video_id}/publish")
def publish(video_id: str, principal: PrincipalDep, svc: ServicesDep) -> VideoOut:
    return VideoOut.of(svc.videos.publish(principal, video_id))


@router.post("/{video_id}/unpublish")
def unpublish(video_id: str, principal: PrincipalDep, svc: ServicesDep) -> VideoOut:
    return VideoOut.of(svc.videos.unpublish(principal, video_id))
