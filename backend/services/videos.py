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
from backend.ports.user_repository import UserRepository
from backend.ports.video_repository import VideoChanges, VideoRepository
from backend.services import validation
from backend.services.roles import require_creator

log = logging.getLogger(__name__)
MAX_PAGE = 100


def owned_video(videos: VideoRepository, principal: Principal, video_id: str) -> Video:
    """The caller's video; anyone else's, like a missing one, is NotFound. Creators only."""
    require_creator(principal)
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
        users: UserRepository,
        objects: ObjectStore,
        jobs: JobQueue,
        clock: Clock,
    ) -> None:
        self._videos = videos
        self._users = users
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
        require_creator(principal)
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

    def queue_position(self, principal: Principal, video_id: str) -> int | None:
        """How many videos' jobs wait before this one's; None when it is not waiting in line."""
        video = owned_video(self._videos, principal, video_id)
        if video.status is not VideoStatus.UPLOADED:
            return None
        return self._jobs.position(video_id)

    def list_mine(
        self, principal: Principal, *, limit: int = 24, cursor: str | None = None
    ) -> Page[Video]:
        require_creator(principal)
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
        given = {
            name: (check, value)
            for name, check, value in (
                ("title", validation.check_title, title),
                ("description", validation.check_description, description),
                ("tags", validation.normalise_tags, tags),
            )
            if value is not None
        }
        changes: VideoChanges = validation.fields(**given)  # type: ignore[assignment]
        return self._change(video, changes)

    def publish(self, principal: Principal, video_id: str) -> Video:
        video = owned_video(self._videos, principal, video_id)
        if video.takedown_reason:
            raise Conflict(taken_down(video), code="taken_down")
        if not video.is_watchable:
            raise Conflict("Only a video that can be watched can be published.", code="not_ready")
        if video.visibility is Visibility.PUBLIC:
            return video
        public: VideoChanges = {"visibility": Visibility.PUBLIC, "published_at": self._clock.now()}
        try:
            return self._change(video, public, expected_status=video.status)
        except Conflict:
            now = owned_video(self._videos, principal, video_id)
            if now.takedown_reason:  # taken down meanwhile
                raise Conflict(taken_down(now), code="taken_down") from None
            # PLAYABLE became READY meanwhile (its last rungs landed): publish that
            if not now.is_watchable or now.status is video.status:
                raise
            return self._change(now, public.copy(), expected_status=now.status)

    def unpublish(self, principal: Principal, video_id: str) -> Video:
        video = owned_video(self._videos, principal, video_id)
        return self._change(video, {"visibility": Visibility.PRIVATE, "published_at": None})

    def delete(self, principal: Principal, video_id: str) -> None:
        video = owned_video(self._videos, principal, video_id)
        self._jobs.cancel_for_video(video.video_id)
        if self._videos.delete(video.video_id) and video.source_size:
            self._users.add_storage_bytes(video.owner_id, -video.source_size)
        self._uploads.delete_for_video(video.video_id)
        removed = sum(self._objects.delete_prefix(p) for p in keys.video_prefixes(video.video_id))
        log.info("video %s deleted with %d objects", video.video_id, removed)

    def _change(
        self, video: Video, changes: VideoChanges, *, expected_status: VideoStatus | None = None
    ) -> Video:
        """Write only what changed; Conflict if the video left expected_status or is gone."""
        changes["updated_at"] = self._clock.now()
        if not self._videos.update(video.video_id, expected_status=expected_status, **changes):
            raise Conflict("The video changed meanwhile; reload and try again.", code="changed")
        return applied(video, changes)


def taken_down(video: Video) -> str:
    return f"An admin took this video down: {video.takedown_reason} It cannot be published."


def applied(video: Video, changes: VideoChanges) -> Video:
    """The video as just written (the caller's copy, updated with the changes)."""
    for name, value in changes.items():
        setattr(video, name, value)
    return video
