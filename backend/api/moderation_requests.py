"""What signed-in users ask of the admins: creator access, and reports on videos."""

from fastapi import APIRouter, Response

from backend.api.admin_schemas import CreatorRequestIn, CreatorRequestOut, ReportIn, ReportOut
from backend.api.deps import PrincipalDep, ServicesDep

router = APIRouter(tags=["users"])


@router.post("/api/users/me/creator-request", status_code=201)
def request_creator_access(
    body: CreatorRequestIn, principal: PrincipalDep, svc: ServicesDep
) -> CreatorRequestOut:
    """Ask an admin for creator access (under VALVID_SIGNUP_POLICY=approval)."""
    return CreatorRequestOut.of(svc.creator_access.request(principal, note=body.note))


@router.get("/api/users/me/creator-request", responses={204: {"description": "never asked"}})
def creator_request_status(principal: PrincipalDep, svc: ServicesDep) -> CreatorRequestOut | None:
    request = svc.creator_access.status(principal)
    if request is None:
        return Response(status_code=204)  # type: ignore[return-value]
    return CreatorRequestOut.of(request)


@router.post("/api/viewers/videos/{video_id}/reports", status_code=201, tags=["viewers"])
def report_video(
    video_id: str, body: ReportIn, principal: PrincipalDep, svc: ServicesDep
) -> ReportOut:
    """Report a video to the admins (signed in; a few reports per hour)."""
    report = svc.reports.report(principal, video_id, reason=body.reason, note=body.note)
    return ReportOut.of(report)
