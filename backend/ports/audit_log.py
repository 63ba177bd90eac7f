from typing import Protocol

from backend.domain.moderation import AuditEntry


class AuditLog(Protocol):
    """Append-only: entries are never changed or removed."""

    def append(self, entry: AuditEntry) -> None: ...

    def recent(self, *, limit: int) -> list[AuditEntry]:
        """The newest entries first."""
        ...
