"""A video's processing states. Every transition is conditional on the video still awaiting this
upload in the expected state, so duplicate, late or stale events change nothing."""

import logging

from backend.domain.media import MediaLimits, MediaRejected, ProcessedMedia, SourceInfo
from backend.domain.models import Video
from backend.domain.statuses import VideoStatus
from backend.ports.clock import Clock
from backend.ports.video_repository import VideoChanges, VideoRepository
from backend.services.videos import applied

log = logging.getLogger(__name__)
__all__ = ["MediaLimits", "ProcessingService", "check_limits"]
ACTIVE = (VideoStatus.UPLOADED, VideoStatus.PROCESSING, VideoStatus.PLAYABLE)
# A queued job proves its upload landed, even if the video was not marked UPLOADED yet.
STARTABLE = (VideoStatus.AWAITING_UPLOAD, VideoStatus.UPLOADED, VideoStatus.PROCESSING)
ENCODING = (VideoStatus.PROCESSING, VideoStatus.PLAYABLE)


def check_limits(source: SourceInfo, limits: MediaLimits) -> None:
    """MediaRejected, with a reason a creator understands, unless the source is within limits."""
    if source.duration_s > limits.max_duration_s:
        raise MediaRejected(limits.too_long)
    long, short = max(source.width, source.height), min(source.width, source.height)
    if long > max(limits.max_width, limits.max_height) or short > min(
        limits.max_width, limits.max_height
    ):
        raise MediaRejected(limits.too_large)


class ProcessingService:
    def __init__(self, *, videos: VideoRepository, clock: Clock) -> None:
        self._videos = videos
        self._clock = clock

    def begin(self, video_id: str, upload_id: str, job_id: str) -> Video | None:
        """PROCESSING, or, for a job retried after its first rungs were made, still PLAYABLE
        (viewers keep watching what exists) with the earlier failure cleared."""
        retried: VideoChanges = {"job_id": job_id, "failure_reason": None}
        if resumed := self._move(video_id, upload_id, (VideoStatus.PLAYABLE,), retried, "resume"):
            return resumed
        started: VideoChanges = {
            "status": VideoStatus.PROCESSING,
            "progress": 0,
            "job_id": job_id,
            "failure_reason": None,
        }
        return self._move(video_id, upload_id, STARTABLE, started, "begin processing")

    def has_live_outputs(self, video_id: str, upload_id: str) -> bool:
        """Whether this upload's outputs are watched now (PLAYABLE or READY from it)."""
        video = self._videos.get(video_id)
        return (
            video is not None
            and video.current_upload_id == upload_id
            and video.status in (VideoStatus.PLAYABLE, VideoStatus.READY)
        )

    def finished(self, video_id: str, upload_id: str) -> bool:
        """Whether this upload already made the video READY (its outputs are the live ones)."""
        video = self._videos.get(video_id)
        return (
            video is not None
            and video.current_upload_id == upload_id
            and video.status is VideoStatus.READY
        )

    def live_manifest(self, video_id: str) -> str | None:
        """The master playlist viewers are given now (another upload's, until this one is done)."""
        video = self._videos.get(video_id)
        return video.manifest_key if video is not None else None

    def progress(self, video_id: str, upload_id: str, percent: int) -> None:
        """One read, one conditional write: called for every percent of every job."""
        current = self._videos.get(video_id)
        if (
            current is None
            or current.current_upload_id != upload_id
            or current.status not in ENCODING
            or current.progress >= min(99, percent)
        ):
            return
        self._videos.update(
            video_id,
            expected_status=current.status,
            expected_upload_id=upload_id,
            progress=min(99, max(0, int(percent))),
            updated_at=self._clock.now(),
        )

    def playable(self, video_id: str, upload_id: str, media: ProcessedMedia) -> Video | None:
        """Some rungs exist (media lists them): viewers may watch while the rest encode."""
        changes = _outputs(media)
        changes["status"] = VideoStatus.PLAYABLE
        return self._move(video_id, upload_id, ENCODING, changes, "playable")

    def complete(self, video_id: str, upload_id: str, media: ProcessedMedia) -> Video | None:
        ready = _outputs(media)
        ready |= {"status": VideoStatus.READY, "progress": 100, "failure_reason": None}
        return self._move(video_id, upload_id, ACTIVE, ready, "complete")

    def fail(self, video_id: str, upload_id: str, reason: str) -> Video | None:
        """FAILED; a PLAYABLE video stays watchable with what it has, and the reason says why
        the missing rungs are missing (Video.missing_renditions names them)."""
        noted: VideoChanges = {"failure_reason": reason}
        if kept := self._move(video_id, upload_id, (VideoStatus.PLAYABLE,), noted, "fail rest"):
            return kept
        failed: VideoChanges = {"status": VideoStatus.FAILED, "failure_reason": reason}
        return self._move(video_id, upload_id, ACTIVE, failed, "fail")

    def _move(
        self,
        video_id: str,
        upload_id: str,
        allowed: tuple[VideoStatus, ...],
        changes: VideoChanges,
        what: str,
    ) -> Video | None:
        """Apply changes if the video still awaits this upload in one of the allowed states."""
        video = self._videos.get(video_id)
        if video is None or video.current_upload_id != upload_id or video.status not in allowed:
            log.info("ignored %s for video %s upload %s: not current", what, video_id, upload_id)
            return None
        changes["updated_at"] = self._clock.now()
        if not self._videos.update(
            video_id, expected_status=video.status, expected_upload_id=upload_id, **changes
        ):
            log.info("ignored %s for video %s: it changed meanwhile", what, video_id)
            return None
        return applied(video, changes)


def _outputs(media: ProcessedMedia) -> VideoChanges:
    changes: VideoChanges = {
        "duration_s": media.duration_s,
        "width": media.width,
        "height": media.height,
        "renditions": list(media.renditions),
        "manifest_key": media.manifest_key,
        "poster_key": media.poster_key or None,
        "thumbnail_key": media.thumbnail_key or media.poster_key or None,
    }
    if media.planned:
        changes["planned_renditions"] = list(media.planned)
    return changes
