from typing import Protocol


class JobQueue(Protocol):
    """Durable processing jobs: one per received upload."""

    def enqueue(self, *, video_id: str, upload_id: str) -> str:
        """Queue processing of an upload; a second call for the same upload returns the same job."""
        ...

    def cancel_for_video(self, video_id: str) -> int:
        """Cancel the video's unfinished jobs; returns how many."""
        ...

    def position(self, video_id: str) -> int | None:
        """How many queued jobs will be taken before the video's queued one; None when the video
        has none waiting (not received, already started, finished or cancelled)."""
        ...
