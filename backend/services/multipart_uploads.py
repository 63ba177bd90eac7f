"""Resumable uploads: a video's file sent as S3 multipart parts, straight to storage."""

import logging
from dataclasses import replace
from datetime import timedelta

from backend.domain.errors import (
    Conflict,
    InvalidInput,
    LimitExceeded,
    NotFound,
    StorageRejected,
)
from backend.domain.models import MultipartPlan, Principal, StoredPart, Upload
from backend.domain.statuses import UploadStatus
from backend.ports.clock import Clock
from backend.ports.multipart_store import MultipartStore
from backend.ports.object_store import ObjectStore
from backend.ports.upload_repository import UploadRepository
from backend.ports.video_repository import VideoRepository
from backend.services.uploads import UploadService
from backend.services.videos import owned_video

log = logging.getLogger(__name__)
MIB = 1024**2
PART_SIZES = (8 * MIB, 16 * MIB, 32 * MIB, 64 * MIB)
FEW_PARTS = 256  # the smallest part size that keeps a file within this many parts
MAX_PARTS = 10_000  # S3's limit
MOST_URLS = 1000  # part URLs per request
UPLOAD_LIFETIME = timedelta(days=1)  # the raw bucket's lifecycle aborts older uploads
MAX_FILENAME = 255


def part_size_for(size: int) -> int:
    """8-64 MiB: the smallest that keeps the file within FEW_PARTS parts, else 64 MiB."""
    return next((p for p in PART_SIZES if -(-size // p) <= FEW_PARTS), PART_SIZES[-1])


def plan_of(upload: Upload) -> MultipartPlan:
    part_size = part_size_for(upload.max_bytes)
    return MultipartPlan(
        upload_id=upload.upload_id,
        key=upload.key,
        part_size=part_size,
        part_count=-(-upload.max_bytes // part_size),
    )


class MultipartUploadService:
    def __init__(
        self,
        *,
        uploads: UploadService,
        records: UploadRepository,
        videos: VideoRepository,
        multipart: MultipartStore,
        objects: ObjectStore,
        clock: Clock,
        part_url_ttl_s: int,
    ) -> None:
        self._uploads = uploads
        self._records = records
        self._videos = videos
        self._store = multipart
        self._objects = objects
        self._clock = clock
        self._url_ttl = timedelta(seconds=part_url_ttl_s)

    def start(
        self, principal: Principal, video_id: str, *, filename: str, content_type: str, size: int
    ) -> MultipartPlan:
        """A multipart upload of a file of exactly size bytes; supersedes the video's
        earlier upload (whose parts storage drops)."""
        if size < 1:
            raise InvalidInput("The file is empty.", code="empty_file")
        if len(filename) > MAX_FILENAME:
            raise InvalidInput("The file name is too long.", code="invalid_filename")
        if -(-size // part_size_for(size)) > MAX_PARTS:
            raise LimitExceeded("The file is too large for one upload.", code="too_large")
        upload = self._uploads.open_upload(
            principal,
            video_id,
            content_type=content_type,
            ttl=UPLOAD_LIFETIME,
            size=size,
            start_multipart=lambda key: self._store.create(
                key=key, content_type=content_type, part_size=part_size_for(size)
            ),
        )
        return plan_of(upload)

    def part_urls(
        self, principal: Principal, video_id: str, upload_id: str, part_numbers: list[int]
    ) -> dict[int, str]:
        upload = self._open(principal, video_id, upload_id)
        count = plan_of(upload).part_count
        if not part_numbers or len(part_numbers) > MOST_URLS:
            raise InvalidInput(f"Ask for 1 to {MOST_URLS} parts at a time.", code="part_numbers")
        if any(not 1 <= n <= count for n in part_numbers):
            raise InvalidInput(f"Part numbers go from 1 to {count}.", code="part_numbers")
        expires_at = self._clock.now() + self._url_ttl
        assert upload.multipart_id is not None
        return {
            n: self._store.presign_part(
                key=upload.key,
                multipart_id=upload.multipart_id,
                part_number=n,
                expires_at=expires_at,
            )  # fmt: skip
            for n in sorted(set(part_numbers))
        }

    def parts(self, principal: Principal, video_id: str, upload_id: str) -> list[StoredPart]:
        """The parts storage holds already: a client resumes by sending only the others."""
        upload = self._open(principal, video_id, upload_id)
        assert upload.multipart_id is not None
        return self._store.list_parts(key=upload.key, multipart_id=upload.multipart_id)

    def complete(
        self, principal: Principal, video_id: str, upload_id: str, parts: list[StoredPart]
    ) -> Upload:
        """Assemble the named parts into the video's file and start its processing; returns
        the upload with the file's size."""
        upload = self._open(principal, video_id, upload_id)
        assert upload.multipart_id is not None
        numbers = [p.part_number for p in parts]
        if any(a >= b for a, b in zip(numbers, numbers[1:], strict=False)):
            raise StorageRejected(
                "The list of parts was not in ascending order.", code="InvalidPartOrder"
            )
        size = self._store.complete(key=upload.key, multipart_id=upload.multipart_id, parts=parts)
        if size > upload.max_bytes:
            self._objects.delete_prefix(upload.key)
            raise LimitExceeded(
                f"The parts add up to {size} bytes, more than the {upload.max_bytes} announced.",
                code="EntityTooLarge",
            )
        completed = replace(upload, size=size)
        if self._store.announces_objects:
            return completed  # storage's Object Created event starts the processing
        try:
            received = self._uploads.object_received(upload.key, size)
        except Exception:
            self._objects.delete_prefix(upload.key)  # not recorded: the object goes too
            raise
        if received is None:
            self._objects.delete_prefix(upload.key)
            raise Conflict("This upload was replaced meanwhile.", code="superseded")
        return completed

    def abort(self, principal: Principal, video_id: str, upload_id: str) -> None:
        """Cancel the upload: storage drops its parts. Nothing happens when it has ended."""
        upload = self._own(principal, video_id, upload_id)
        if not self._uploads.close_upload(upload, UploadStatus.ABORTED):
            log.info("upload %s was no longer pending when aborted", upload_id)

    def _open(self, principal: Principal, video_id: str, upload_id: str) -> Upload:
        upload = self._own(principal, video_id, upload_id)
        if upload.status is not UploadStatus.PENDING or not self._uploads.accepts(upload.key):
            raise Conflict(
                "This upload has ended (completed, cancelled or replaced).", code="upload_ended"
            )
        return upload

    def _own(self, principal: Principal, video_id: str, upload_id: str) -> Upload:
        video = owned_video(self._videos, principal, video_id)
        upload = self._records.get(upload_id)
        if upload is None or upload.video_id != video.video_id or upload.multipart_id is None:
            raise NotFound("Upload not found.")
        return upload
