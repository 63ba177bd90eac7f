from typing import Protocol

from backend.domain.models import Page, Video
from backend.domain.statuses import VideoStatus


class VideoRepository(Protocol):
    def add(self, video: Video) -> None: ...

    def get(self, video_id: str) -> Video | None: ...

    def save(self, video: Video, *, expected_status: VideoStatus | None = None) -> bool:
        """Replace a video's fields; when expected_status is given, only if it still holds.

        Returns False (and changes nothing) when the video is gone or its status moved on.
        """
        ...

    def delete(self, video_id: str) -> bool: ...

    def list_by_owner(self, owner_id: str, *, limit: int, cursor: str | None) -> Page[Video]:
        """The owner's videos, newest first; cursor is opaque and comes from a previous page."""
        ...
