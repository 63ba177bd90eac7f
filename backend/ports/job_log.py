from datetime import datetime
from typing import Protocol

from backend.domain.jobs import JobRecord


class JobLog(Protocol):
    """What happened to each managed transcoder job (aws mode), for idempotency and sweeping."""

    def mark(self, upload_id: str, state: str, *, transcoder_job_id: str | None = None) -> bool:
        """Move an open job to state; False when it was already closed (a late event)."""
        ...

    def touch(self, upload_id: str) -> None: ...

    def note_sweep(self, upload_id: str) -> int:
        """Count one more sweeper attempt at the job; returns the attempts so far."""
        ...

    def queued(self, upload_id: str) -> str | None:
        """The job id of the upload's job while it is still QUEUED (never submitted)."""
        ...

    def quiet_since(self, before: datetime) -> list[JobRecord]:
        """Open jobs with no news since before."""
        ...
