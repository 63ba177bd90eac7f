"""What admins act on and what they leave behind: creator requests, reports, the audit log."""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class RequestStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    DECLINED = "DECLINED"


class ReportStatus(StrEnum):
    OPEN = "OPEN"
    RESOLVED = "RESOLVED"


REPORT_REASONS = ("spam", "abuse", "sexual", "violence", "copyright", "other")


@dataclass(slots=True)
class CreatorRequest:
    """A viewer's request to publish; one per account (asking again replaces a declined one)."""

    user_id: str
    note: str
    requested_at: datetime
    status: RequestStatus = RequestStatus.PENDING
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None


@dataclass(slots=True)
class Report:
    report_id: str
    video_id: str
    reporter_id: str
    reason: str
    note: str
    created_at: datetime
    status: ReportStatus = ReportStatus.OPEN
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One admin action: who (id and name then), what (action on target), when and why."""

    entry_id: str
    at: datetime
    actor_id: str
    actor: str
    action: str
    target: str
    reason: str = ""
