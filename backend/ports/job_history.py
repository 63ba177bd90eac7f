from typing import Protocol

from backend.domain.jobs import JobState


class JobHistory(Protocol):
    """Local mode's job table as the operator reads it (aws mode's jobs are in MediaConvert)."""

    def recent(self, limit: int, status: str | None = None) -> list[JobState]:
        """Newest jobs first, optionally only those in status."""
        ...

    def requeue_failed(self, job_id: str) -> bool:
        """Queue a FAILED job again with fresh attempts; False when it is not FAILED."""
        ...
