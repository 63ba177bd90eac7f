"""Request and answer bodies of the admin routes, creator requests and viewer reports."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from backend.domain.jobs import JobState
from backend.domain.moderation import AuditEntry, CreatorRequest, Report
from backend.services.admin import PendingRequest


class ReasonIn(BaseModel):
    reason: str = Field(default="", max_length=2000)


class RoleIn(ReasonIn):
    role: Literal["VIEWER", "CREATOR", "ADMIN"]


class InvitationIn(BaseModel):
    email: str = Field(max_length=320)


class ResolutionIn(BaseModel):
    resolution: str = Field(max_length=2000)


class CreatorRequestIn(BaseModel):
    note: str = Field(default="", max_length=2000)


class ReportIn(BaseModel):
    reason: str = Field(max_length=40)
    note: str = Field(default="", max_length=4000)


class CreatorRequestOut(BaseModel):
    user_id: str
    note: str
    requested_at: datetime
    status: str
    decided_at: datetime | None
    reason: str | None

    @classmethod
    def of(cls, r: CreatorRequest) -> "CreatorRequestOut":
        return cls(
            user_id=r.user_id,
            note=r.note,
            requested_at=r.requested_at,
            status=r.status.value,
            decided_at=r.decided_at,
            reason=r.reason,
        )


class PendingRequestOut(CreatorRequestOut):
    email: str
    username: str

    @classmethod
    def of_pending(cls, p: PendingRequest) -> "PendingRequestOut":
        base = CreatorRequestOut.of(p.request).model_dump()
        return cls(**base, email=p.user.email, username=p.user.username)


class ReportOut(BaseModel):
    report_id: str
    video_id: str
    reporter_id: str
    reason: str
    note: str
    created_at: datetime
    status: str
    resolution: str | None
    resolved_at: datetime | None

    @classmethod
    def of(cls, r: Report) -> "ReportOut":
        return cls(
            report_id=r.report_id,
            video_id=r.video_id,
            reporter_id=r.reporter_id,
            reason=r.reason,
            note=r.note,
            created_at=r.created_at,
            status=r.status.value,
            resolution=r.resolution,
            resolved_at=r.resolved_at,
        )


class AuditEntryOut(BaseModel):
    at: datetime
    actor_id: str
    actor: str
    action: str
    target: str
    reason: str

    @classmethod
    def of(cls, e: AuditEntry) -> "AuditEntryOut":
        return cls(
            at=e.at,
            actor_id=e.actor_id,
            actor=e.actor,
            action=e.action,
            target=e.target,
            reason=e.reason,
        )


class JobOut(BaseModel):
    job_id: str
    video_id: str
    status: str
    attempts: int
    created_at: datetime
    cause: str | None

    @classmethod
    def of(cls, s: JobState) -> "JobOut":
        return cls(
            job_id=s.job.job_id,
            video_id=s.job.video_id,
            status=s.status,
            attempts=s.job.attempts,
            created_at=s.created_at,
            cause=s.cause,
        )
