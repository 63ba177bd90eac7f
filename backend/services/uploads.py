"""Direct-to-storage uploads: tickets for the browser, and what happens when an object lands."""

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import NoReturn

from backend.domain import keys
from backend.domain.errors import Conflict, InvalidInput, LimitExceeded
from backend.domain.ids import new_id
from backend.domain.models import Principal, Upload, UploadTicket, Video
from backend.domain.statuses import TICKETABLE_STATUSES, UploadStatus, VideoStatus, Visibility
from backend.ports.clock import Clock
from backend.ports.job_queue import JobQueue
from backend.ports.multipart_store import MultipartStore
from backend.ports.object_store import ObjectStore
from backend.ports.upload_repository import UploadRepository
from backend.ports.user_repository import UserRepository
from backend.ports.video_repository import VideoRepository
from backend.services.videos import owned_video

log = logging.getLogger(__name__)
POST_MAX_BYTES = 5 * 1024**3  # S3 POST Object's limit; larger files are uploaded in parts


def human_bytes(n: int) -> str:
    """1536 -> "1.5 KB", in powers of 1024 as storage quotas usually are."""
    size, unit = float(n), "bytes"
    for bigger in ("KB", "MB", "GB", "TB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{n} bytes" if unit == "bytes" else f"{size:.3g} {unit}"


class UploadService:
    def __init__(
        self,
        *,
        videos: VideoRepository,
        uploads: UploadRepository,
        users: UserRepository,
        objects: ObjectStore,
        jobs: JobQueue,
        clock: Clock,
        max_bytes: int,
        ticket_ttl_s: int,
        storage_quota_bytes: int = 0,
        multipart: MultipartStore | None = None,
    ) -> None:
        self._videos = videos
        self._multipart = multipart
        self._users = users
        self._quota = storage_quota_bytes or None  # None: no quota
        self._uploads = uploads
        self._objects = objects
        self._jobs = jobs
        self._clock = clock
        self.max_bytes = max_bytes
        self._ttl = timedelta(seconds=ticket_ttl_s)

    def request_ticket(
        self, principal: Principal, video_id: str, *, content_type: str = "video/mp4"
    ) -> UploadTicket:
        upload = self.open_upload(
            principal, video_id, content_type=content_type, ttl=self._ttl, most=POST_MAX_BYTES
        )
        return self._objects.presign_upload(
            key=upload.key,
            upload_id=upload.upload_id,
            content_type=content_type,
            max_bytes=upload.max_bytes,
            expires_at=upload.expires_at,
        )

    def open_upload(
        self,
        principal: Principal,
        video_id: str,
        *,
        content_type: str,
        ttl: timedelta,
        size: int | None = None,
        most: int | None = None,
        start_multipart: Callable[[str], str] | None = None,
    ) -> Upload:
        """A new upload becomes the video's awaited one (superseding the one before): of
        exactly size bytes when given, else of up to the limit; start_multipart(key) returns
        storage's id of the multipart upload it starts for the object; most caps the limit."""
        video = owned_video(self._videos, principal, video_id)
        if not content_type.startswith("video/") or len(content_type) > 100:
            raise InvalidInput("Only video files can be uploaded.", code="not_a_video")
        if video.visibility is Visibility.PUBLIC:
            raise Conflict("Unpublish the video before replacing its file.", code="published")
        settled = video.status is VideoStatus.PLAYABLE and not video.is_processing
        if video.status not in TICKETABLE_STATUSES and not settled:
            raise Conflict("The current file is still being processed.", code="processing")
        room = min(self.max_bytes, most or self.max_bytes, self._room(video))
        if size is not None and size > room:
            raise LimitExceeded(
                f"The file is larger than the {human_bytes(room)} you may upload.",
                code="too_large",
            )
        now, upload_id = self._clock.now(), new_id("upl")
        key = keys.upload_key(video.video_id, upload_id, content_type)
        upload = Upload(
            upload_id=upload_id,
            video_id=video.video_id,
            owner_id=principal.user_id,
            key=key,
            expires_at=now + ttl,
            max_bytes=size or room,
            created_at=now,
            multipart_id=start_multipart(key) if start_multipart else None,
        )
        self._uploads.add(upload)
        previous = video.current_upload_id
        if not self._videos.update(
            video.video_id,
            expected_status=video.status,
            expected_upload_id=previous,
            expected_visibility=Visibility.PRIVATE,
            current_upload_id=upload.upload_id,
            status=VideoStatus.AWAITING_UPLOAD,
            failure_reason=None,
            progress=0,
            updated_at=now,
        ):
            self.close_upload(upload, UploadStatus.SUPERSEDED)
            raise Conflict("The video changed meanwhile; try again.", code="changed")
        if previous:
            earlier = self._uploads.get(previous)
            if earlier is not None:
                self.close_upload(earlier, UploadStatus.SUPERSEDED)
        return upload

    def close_upload(self, upload: Upload, status: UploadStatus) -> bool:
        """A pending upload ends unreceived (superseded or aborted); a multipart one's parts
        are dropped from storage. False when it was not pending."""
        if not self._uploads.set_status(upload.upload_id, status, expected=UploadStatus.PENDING):
            return False
        if upload.multipart_id and self._multipart is not None:
            self._multipart.abort(key=upload.key, multipart_id=upload.multipart_id)
        return True

    def accepts(self, key: str) -> bool:
        """Whether an object at key would be its video's awaited file (asked before any byte)."""
        return self._awaited(key) is not None

    def object_received(self, key: str, size: int) -> str | None:
        """Record a landed object and queue its processing; returns the job id, or None if the
        object is not a video's awaited upload (superseded, unknown or duplicate event).
        LimitExceeded (the object deleted, the video FAILED with the reason) when it would take
        its owner over the storage quota. The source it replaces is deleted."""
        upload = self._awaited(key)
        if upload is None:
            log.warning("ignored object %s: not an awaited upload", key)
            return None
        stored = self._objects.size_of(key)  # the event's word is checked against storage
        if stored is None:
            log.warning("ignored object %s: it is not in storage", key)
            return None
        size = stored
        if size > upload.max_bytes:
            self._objects.delete_prefix(key)
            log.warning("refused object %s: %d bytes over the limit", key, size)
            return None
        if not self._uploads.set_status(
            upload.upload_id, UploadStatus.RECEIVED, expected=UploadStatus.PENDING, size=size
        ):
            log.warning("ignored duplicate event for %s", key)
            return None
        video = self._videos.get(upload.video_id)
        if video is None or video.current_upload_id != upload.upload_id:
            return None
        grown = size - (video.source_size or 0)  # the source it replaces is deleted below
        if not self._users.add_storage_bytes(upload.owner_id, grown, limit=self._quota):
            self._refuse_over_quota(upload)
        # Queue first: a job for a current upload is never lost, even if we stop right here.
        job_id = self._jobs.enqueue(video_id=upload.video_id, upload_id=upload.upload_id)
        if not self._videos.update(
            video.video_id,
            expected_status=VideoStatus.AWAITING_UPLOAD,
            expected_upload_id=upload.upload_id,
            status=VideoStatus.UPLOADED,
            source_key=key,
            source_size=size,
            job_id=job_id,
            updated_at=self._clock.now(),
        ):
            self._users.add_storage_bytes(upload.owner_id, -grown)
            log.warning("video %s moved on before its upload landed", video.video_id)
            return job_id
        if video.source_key and video.source_key != key:
            self._objects.delete_prefix(video.source_key)
            log.info("video %s: replaced source %s deleted", video.video_id, video.source_key)
        return job_id

    def _room(self, video: Video) -> int:
        """Bytes the video's next source may take under the owner's quota (its current source
        is replaced, so it counts as free); LimitExceeded when there is none."""
        if self._quota is None:
            return self.max_bytes
        owner = self._users.get(video.owner_id)
        used = (owner.storage_bytes if owner else 0) - (video.source_size or 0)
        if used >= self._quota:
            raise LimitExceeded(
                f"Your storage quota of {human_bytes(self._quota)} is used up; "
                "delete videos to make room.",
                code="storage_quota",
            )
        return self._quota - used

    def _refuse_over_quota(self, upload: Upload) -> NoReturn:
        """Delete the file, tell the creator on the video, and raise LimitExceeded."""
        self._objects.delete_prefix(upload.key)
        reason = (
            f"The file would take you over your storage quota of {human_bytes(self._quota or 0)};"
            " delete videos to make room, then upload again."
        )
        self._videos.update(
            upload.video_id,
            expected_status=VideoStatus.AWAITING_UPLOAD,
            expected_upload_id=upload.upload_id,
            status=VideoStatus.FAILED,
            failure_reason=reason,
            updated_at=self._clock.now(),
        )
        log.warning("refused object %s: over the storage quota", upload.key)
        raise LimitExceeded(reason, code="storage_quota")

    def _awaited(self, key: str) -> Upload | None:
        parsed = keys.parse_upload_key(key)
        if parsed is None:
            return None
        video_id, upload_id = parsed
        upload = self._uploads.get(upload_id)
        video = self._videos.get(video_id)
        if upload is None or video is None or upload.video_id != video_id or upload.key != key:
            return None
        if upload.status is not UploadStatus.PENDING or video.current_upload_id != upload_id:
            return None
        if video.status is not VideoStatus.AWAITING_UPLOAD:
            return None
        return upload
