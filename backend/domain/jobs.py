from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Job:
    """A durable processing job for one received upload."""

    job_id: str
    video_id: str
    upload_id: str
    attempts: int


@dataclass(frozen=True, slots=True)
class JobRecord:
    """A managed transcoder's job as Valvid tracks it (aws mode)."""

    job: Job
    state: str  # QUEUED, SUBMITTED, DONE, FAILED, CANCELED
    transcoder_job_id: str | None = None


@dataclass(frozen=True, slots=True)
class JobState:
    """A local job as the operator sees it; cause is the last error, never shown to creators."""

    job: Job
    status: str  # QUEUED, RUNNING, DONE, FAILED, CANCELED
    created_at: datetime
    claimed_by: str | None = None
    cause: str | None = None
