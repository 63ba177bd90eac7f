"""/api/admin/...: admins only; to anyone else (signed in or not) these routes do not exist."""

from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials

from backend.api.admin_schemas import (
    AuditEntryOut,
    InvitationIn,
    JobOut,
    PendingRequestOut,
    ReasonIn,
    ReportOut,
    ResolutionIn,
    RoleIn,
)
from backend.api.deps import ServicesDep, bearer
from backend.api.schemas import UserOut, VideoOut
from backend.domain.errors import Unauthorized
from backend.domain.models import Principal
from backend.domain.statuses import Role
from backend.services.roles import require_admin

router = APIRouter(prefix="/api/admin", tags=["admin"])


def admin_principal(
    svc: ServicesDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    try:
        principal = svc.tokens.principal(credentials.credentials) if credentials else None
    except Unauthorized:
        principal = None
    return require_admin(principal)


AdminDep = Annotated[Principal, Depends(admin_principal)]


@router.get("/requests")
def creator_requests(admin: AdminDep, svc: ServicesDep) -> list[PendingRequestOut]:
    """Pending creator requests, oldest first."""
    return [PendingRequestOut.of_pending(p) for p in svc.admin.pending_requests(admin)]


@router.post("/requests/{user_id}/approve")
def approve_request(
    user_id: str, admin: AdminDep, svc: ServicesDep, body: ReasonIn | None = None
) -> UserOut:
    reason = body.reason if body else ""
    return UserOut.of(svc.admin.decide_request(admin, user_id, approve=True, reason=reason))


@router.post("/requests/{user_id}/decline")
def decline_request(user_id: str, body: ReasonIn, admin: AdminDep, svc: ServicesDep) -> UserOut:
    return UserOut.of(svc.admin.decide_request(admin, user_id, approve=False, reason=body.reason))


@router.get("/users")
def users(admin: AdminDep, svc: ServicesDep, q: str = "", limit: int = 50) -> list[UserOut]:
    """Accounts whose email or username contains q, newest first."""
    return [UserOut.of(u) for u in svc.admin.find_users(admin, q, limit=limit)]


@router.post("/users/{user_id}/suspend")
def suspend(user_id: str, body: ReasonIn, admin: AdminDep, svc: ServicesDep) -> UserOut:
    """Suspend an account: every token it holds stops working at once."""
    user = svc.admin.set_suspended(admin, user_id, suspended=True, reason=body.reason)
    return UserOut.of(user)


@router.post("/users/{user_id}/reactivate")
def reactivate(
    user_id: str, admin: AdminDep, svc: ServicesDep, body: ReasonIn | None = None
) -> UserOut:
    reason = body.reason if body else ""
    return UserOut.of(svc.admin.set_suspended(admin, user_id, suspended=False, reason=reason))


@router.post("/users/{user_id}/role")
def set_role(user_id: str, body: RoleIn, admin: AdminDep, svc: ServicesDep) -> UserOut:
    return UserOut.of(svc.admin.set_role(admin, user_id, Role(body.role), reason=body.reason))


@router.get("/videos")
def videos(admin: AdminDep, svc: ServicesDep, q: str = "", limit: int = 50) -> list[VideoOut]:
    """Every video, private and failed ones too, whose id, title or owner id contains q."""
    return [VideoOut.of(v) for v in svc.moderation.find_videos(admin, q, limit=limit)]


@router.post("/videos/{video_id}/take-down")
def take_down(video_id: str, body: ReasonIn, admin: AdminDep, svc: ServicesDep) -> VideoOut:
    return VideoOut.of(svc.moderation.take_down(admin, video_id, reason=body.reason))


@router.post("/videos/{video_id}/restore")
def restore(
    video_id: str, admin: AdminDep, svc: ServicesDep, body: ReasonIn | None = None
) -> VideoOut:
    reason = body.reason if body else ""
    return VideoOut.of(svc.moderation.restore(admin, video_id, reason=reason))


@router.get("/reports")
def reports(admin: AdminDep, svc: ServicesDep, limit: int = 50) -> list[ReportOut]:
    """Open reports, oldest first."""
    return [ReportOut.of(r) for r in svc.moderation.open_reports(admin, limit=limit)]


@router.post("/reports/{report_id}/resolve")
def resolve_report(
    report_id: str, body: ResolutionIn, admin: AdminDep, svc: ServicesDep
) -> ReportOut:
    return ReportOut.of(svc.moderation.resolve_report(admin, report_id, resolution=body.resolution))


@router.get("/audit")
def audit(admin: AdminDep, svc: ServicesDep, limit: int = 100) -> list[AuditEntryOut]:
    """Every admin action, newest first: who, what, when and why."""
    return [AuditEntryOut.of(e) for e in svc.admin.audit_log(admin, limit=limit)]


@router.post("/invitations")
def invite(body: InvitationIn, admin: AdminDep, svc: ServicesDep) -> dict:
    """Let an email address publish: its account now, or the one it signs up with."""
    user = svc.admin.invite(admin, body.email)
    return {"email": body.email.strip().lower(), "account_exists": user is not None}


@router.get("/jobs")
def job_problems(admin: AdminDep, svc: ServicesDep) -> list[JobOut]:
    """Local processing jobs that failed or are being retried, with the operator-side cause."""
    return [JobOut.of(s) for s in svc.moderation.job_problems(admin)]


@router.post("/jobs/{job_id}/retry", status_code=204)
def retry_job(job_id: str, admin: AdminDep, svc: ServicesDep) -> Response:
    svc.moderation.retry_job(admin, job_id)
    return Response(status_code=204)
