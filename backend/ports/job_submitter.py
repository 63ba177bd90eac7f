from typing import Protocol

from backend.domain.media import ProcessedMedia, SourceInfo


class JobSubmitter(Protocol):
    """A managed transcoder that runs the ladder on its own and reports back by events (aws)."""

    def submit(
        self,
        *,
        video_id: str,
        upload_id: str,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        max_duration_s: int,
    ) -> str:
        """Start the job, reading at most max_duration_s of the source; returns its job id."""
        ...

    def cancel(self, job_id: str) -> None: ...

    def status(self, job_id: str) -> str:
        """SUBMITTED, PROGRESSING, COMPLETE, CANCELED or ERROR."""
        ...

    def result(self, job_id: str) -> ProcessedMedia | None:
        """What a COMPLETE job produced (for a completion whose event was lost)."""
        ...
