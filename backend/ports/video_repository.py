from datetime import datetime
from typing import Protocol, TypedDict, Unpack

from backend.domain.models import Page, Rendition, Video
from backend.domain.statuses import WATCHABLE_STATUSES, VideoStatus, Visibility


class VideoChanges(TypedDict, total=False):
    """The fields a use case may change; ids, owner and creation time never change."""

    title: str
    description: str
    tags: list[str]
    status: VideoStatus
    visibility: Visibility
    published_at: datetime | None
    updated_at: datetime
    failure_reason: str | None
    progress: int
    duration_s: float | None
    width: int | None
    height: int | None
    renditions: list[Rendition]
    poster_key: str | None
    thumbnail_key: str | None
    manifest_key: str | None
    source_key: str | None
    source_size: int | None
    current_upload_id: str | None
    job_id: str | None
    planned_renditions: list[str]
    takedown_reason: str | None


def check_publishing(changes: VideoChanges, expected_status: VideoStatus | None) -> None:
    """ValueError (a programming error) for an update that makes a video PUBLIC without
    published_at and a certain watchable status: the public listing could not be kept exact."""
    if changes.get("visibility") is not Visibility.PUBLIC:
        return
    if changes.get("status", expected_status) not in WATCHABLE_STATUSES:
        raise ValueError(
            "publishing needs a PLAYABLE or READY status (changed or expected) in one update"
        )
    if not changes.get("published_at"):
        raise ValueError("publishing needs published_at in the same update")


class VideoRepository(Protocol):
    def add(self, video: Video) -> None: ...

    def get(self, video_id: str) -> Video | None: ...

    def update(
        self,
        video_id: str,
        *,
        expected_status: VideoStatus | None = None,
        expected_upload_id: str | None = None,
        expected_visibility: Visibility | None = None,
        **changes: Unpack[VideoChanges],
    ) -> bool:
        """Write only the given fields, only if the video exists and, when given, still has
        expected_status, expected_upload_id as its current upload and expected_visibility.

        Returns False, changing nothing, when the video is gone or a condition no longer holds.
        Making a video PUBLIC needs published_at and a watchable status (changed or expected) in the
        same update, so the public listing stays exact without reading the record first.
        """
        ...

    def delete(self, video_id: str) -> bool: ...

    def search_all(self, text: str, *, limit: int) -> list[Video]:
        """Every video (any status or visibility) whose id, title or owner id contains text
        (ignoring case; "" matches all), newest first, at most limit: an admin's look-up."""
        ...

    def list_by_owner(self, owner_id: str, *, limit: int, cursor: str | None) -> Page[Video]:
        """The owner's videos, newest first; cursor is opaque and comes from a previous page."""
        ...
