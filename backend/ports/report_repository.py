from datetime import datetime
from typing import Protocol

from backend.domain.moderation import Report


class ReportRepository(Protocol):
    def add(self, report: Report) -> None: ...

    def get(self, report_id: str) -> Report | None: ...

    def open(self, *, limit: int) -> list[Report]:
        """OPEN reports, oldest first."""
        ...

    def resolve(self, report_id: str, *, resolution: str, by: str, at: datetime) -> bool:
        """Record the decision only if the report is still OPEN (False otherwise)."""
        ...
