from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Job:
    """A durable processing job for one received upload."""

    job_id: str
    video_id: str
    upload_id: str
    attempts: int
