"""In-memory moderation records with the behaviour of the real ones (the contract suite checks)."""

import copy
import threading
from datetime import datetime

from backend.domain.moderation import (
    AuditEntry,
    CreatorRequest,
    Report,
    ReportStatus,
    RequestStatus,
)


class InMemoryAuditLog:
    def __init__(self) -> None:
        self.entries: list[AuditEntry] = []

    def append(self, entry: AuditEntry) -> None:
        self.entries.append(entry)

    def recent(self, *, limit: int) -> list[AuditEntry]:
        return sorted(self.entries, key=lambda e: (e.at, e.entry_id), reverse=True)[:limit]


class InMemoryCreatorRequestRepository:
    def __init__(self) -> None:
        self.requests: dict[str, CreatorRequest] = {}
        self._lock = threading.Lock()

    def save(self, request: CreatorRequest) -> bool:
        with self._lock:
            old = self.requests.get(request.user_id)
            if old is not None and old.status is not RequestStatus.DECLINED:
                return False
            self.requests[request.user_id] = copy.deepcopy(request)
            return True

    def get(self, user_id: str) -> CreatorRequest | None:
        return copy.deepcopy(self.requests.get(user_id))

    def pending(self, *, limit: int) -> list[CreatorRequest]:
        found = [r for r in self.requests.values() if r.status is RequestStatus.PENDING]
        return copy.deepcopy(sorted(found, key=lambda r: r.requested_at)[:limit])

    def decide(
        self, user_id: str, *, status: RequestStatus, by: str, at: datetime, reason: str
    ) -> bool:
        with self._lock:
            request = self.requests.get(user_id)
            if request is None or request.status is not RequestStatus.PENDING:
                return False
            request.status, request.decided_by, request.decided_at = status, by, at
            request.reason = reason or None
            return True


class InMemoryReportRepository:
    def __init__(self) -> None:
        self.reports: dict[str, Report] = {}
        self._lock = threading.Lock()

    def add(self, report: Report) -> None:
        self.reports[report.report_id] = copy.deepcopy(report)

    def get(self, report_id: str) -> Report | None:
        return copy.deepcopy(self.reports.get(report_id))

    def open(self, *, limit: int) -> list[Report]:
        found = [r for r in self.reports.values() if r.status is ReportStatus.OPEN]
        return copy.deepcopy(sorted(found, key=lambda r: (r.created_at, r.report_id))[:limit])

    def resolve(self, report_id: str, *, resolution: str, by: str, at: datetime) -> bool:
        with self._lock:
            report = self.reports.get(report_id)
            if report is None or report.status is not ReportStatus.OPEN:
                return False
            report.status, report.resolution = ReportStatus.RESOLVED, resolution
            report.resolved_by, report.resolved_at = by, at
            return True
