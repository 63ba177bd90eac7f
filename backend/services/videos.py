"""A creator's own videos: drafts, metadata, publishing and deletion."""

import logging

from backend.domain import keys
from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.ids import new_id
from backend.domain.models import Page, Principal, Video
from backend.domain.statuses import VideoStatus, Visibility
from backend.ports.clock import Clock
from backend.ports.job_queue import JobQueue
from backend.ports.object_store import ObjectStore
from backend.ports.upload_repository import UploadRepository
from backend.ports.video_repository import VideoRepository
from backend.services import validation

log = logging.getLogger(__name__)
MAX_PAGE = 100


def owned_video(videos: VideoRepository, principal: Principal, video_id: str) -> Video:
    """The caller's video; anyone else's, like a missing one, is NotFound."""
    video = videos.get(video_id)
    if video is None or video.owner_id != principal.user_id:
        raise NotFound("Video not found.")
    return video


class VideoService:
    def __init__(
        self,
        *,
        videos: VideoRepository,
        uploads: UploadRepository,
        objects: ObjectStore,
        jobs: JobQueue,
        clock: Clock,
    ) -> None:
        self._videos = videos
        self._uploads = uploads
        self._objects = objects
        self._jobs = jobs
        self._clock = clock

    def create(
        self,
        principal: Principal,
        *,
        title: str = "Untitled video",
        description: str = "",
        tags: list[str] | None = None,
    ) -> Video:
        now = self._clock.now()
        video = Video(
            video_id=new_id("vid"),
            owner_id=principal.user_id,
            title=validation.check_title(title),
            description=validation.check_description(description),
            tags=validation.normalise_tags(tags or []),
            created_at=now,
            updated_at=now,
        )
        self._videos.add(video)
        return video

    def get(self, principal: Principal, video_id: str) -> Video:
        return owned_video(self._videos, principal, video_id)

    def list_mine(
        self, principal: Principal, *, limit: int = 24, cursor: str | None = None
    ) -> Page[Video]:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be 1-{MAX_PAGE}.")
        return self._videos.list_by_owner(principal.user_id, limit=limit, cursor=cursor)

    def update(
        self,
        principal: Principal,
        video_id: str,
        *,
        title: str | None = None,
        description: str | None = None,
        tags: list[str] | None = None,
    ) -> Video:
        video = owned_video(self._videos, principal, video_id)
        if title is not None:
            video.title = validation.check_title(title)
        if description is not None:
            video.description = validation.check_description(description)
        if tags is not None:
            video.tags = validation.normalise_tags(tags)
        return self._save(video)

    def publish(self, principal: Principal, video_id: str) -> Video:
        video = owned_video(self._videos, principal, video_id)
        if video.status is not VideoStatus.READY:
            raise Conflict(
                "Only a video that has finished processing can be published.", code="not_ready"
            )
        if video.visibility is Visibility.PUBLIC:
            return video
        video.visibility = Visibility.PUBLIC
        video.published_at = self._clock.now()
        return self._save(video, expected_status=VideoStatus.READY)

    def unpublish(self, principal: Principal, video_id: str) -> Video:
        video = owned_video(self._videos, principal, video_id)
        video.visibility = Visibility.PRIVATE
        video.published_at = None
        return self._save(video)

    def delete(self, principal: Principal, video_id: str) -> None:
        video = owned_video(self._videos, principal, video_id)
        self._jobs.cancel_for_video(video.video_id)
        self._videos.delete(video.video_id)
        self._uploads.delete_for_video(video.video_id)
        removed = sum(self._objects.delete_prefix(p) for p in keys.video_prefixes(video.video_id))
        log.info("video %s deleted with %d objects", video.video_id, removed)

    def _save(self, video: Video, *, expected_status: VideoStatus | None = None) -> Video:
        video.updated_at = self._clock.now()
        if not self._videos.save(video, expected_status=expected_status or video.status):
            raise Conflict("The video changed meanwhile; reload and try again.", code="changed")
        return video
