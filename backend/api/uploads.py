"""Resumable uploads (S3 multipart): start, presign parts, list stored parts, complete, abort.
The parts go from the client straight to storage; these routes never see their bytes."""

from fastapi import APIRouter, Response

from backend.api.deps import PrincipalDep, ServicesDep
from backend.api.upload_schemas import (
    CompletedOut,
    CompleteRequest,
    MultipartOut,
    MultipartStart,
    PartOut,
    PartUrlsOut,
    PartUrlsRequest,
)
from backend.bootstrap import Services
from backend.domain.errors import NotFound
from backend.services.multipart_uploads import MultipartUploadService

router = APIRouter(prefix="/api/creators/videos/{video_id}/uploads", tags=["uploads"])


@router.post("", status_code=201)
def start_upload(
    video_id: str, body: MultipartStart, principal: PrincipalDep, svc: ServicesDep
) -> MultipartOut:
    """Start a multipart upload of the video's file (superseding any earlier upload)."""
    plan = _multipart(svc).start(
        principal, video_id, filename=body.filename, content_type=body.content_type, size=body.size
    )
    return MultipartOut(
        upload_id=plan.upload_id, key=plan.key, part_size=plan.part_size, part_count=plan.part_count
    )


@router.post("/{upload_id}/parts")
def part_urls(
    video_id: str, upload_id: str, body: PartUrlsRequest, principal: PrincipalDep, svc: ServicesDep
) -> PartUrlsOut:
    """Short-lived presigned URLs, one per part: PUT the part's bytes to its URL and keep
    the ETag response header."""
    urls = _multipart(svc).part_urls(principal, video_id, upload_id, body.part_numbers)
    return PartUrlsOut(urls=urls)


@router.get("/{upload_id}/parts")
def stored_parts(
    video_id: str, upload_id: str, principal: PrincipalDep, svc: ServicesDep
) -> list[PartOut]:
    """The parts storage already holds: resume by sending only the others."""
    return [PartOut.of(p) for p in _multipart(svc).parts(principal, video_id, upload_id)]


@router.post("/{upload_id}/complete")
def complete_upload(
    video_id: str, upload_id: str, body: CompleteRequest, principal: PrincipalDep, svc: ServicesDep
) -> CompletedOut:
    """Assemble the parts (ascending numbers with their ETags) into the file; processing
    starts. 400 with S3's code (InvalidPart, InvalidPartOrder, EntityTooSmall) if wrong."""
    parts = [p.stored() for p in body.parts]
    upload = _multipart(svc).complete(principal, video_id, upload_id, parts)
    return CompletedOut(upload_id=upload_id, key=upload.key, size=upload.size or 0)


@router.delete("/{upload_id}", status_code=204)
def abort_upload(
    video_id: str, upload_id: str, principal: PrincipalDep, svc: ServicesDep
) -> Response:
    """Cancel: storage drops every part."""
    _multipart(svc).abort(principal, video_id, upload_id)
    return Response(status_code=204)


def _multipart(svc: Services) -> MultipartUploadService:
    if svc.multipart is None:
        raise NotFound("Resumable uploads are not available here.")
    return svc.multipart
