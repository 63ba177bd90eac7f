from datetime import datetime
from typing import Protocol

from backend.domain.models import StoredPart


class MultipartStore(Protocol):
    """The S3 multipart upload protocol: an object sent as numbered parts, each PUT by the
    client straight to a presigned URL, then assembled on Complete."""

    announces_objects: bool
    """True when storage itself emits "object created" for a completed upload (S3 events);
    False when the caller must report it (local mode)."""

    def create(self, *, key: str, content_type: str, part_size: int) -> str:
        """Start a multipart upload of key whose parts are at most part_size bytes (the
        last one smaller); returns storage's upload id."""
        ...

    def presign_part(
        self, *, key: str, multipart_id: str, part_number: int, expires_at: datetime
    ) -> str:
        """A URL that accepts one PUT of that part's bytes until expires_at."""
        ...

    def list_parts(self, *, key: str, multipart_id: str) -> list[StoredPart]:
        """The parts storage holds, by part number; StorageRejected(NoSuchUpload) when the
        upload is gone (completed or aborted)."""
        ...

    def complete(self, *, key: str, multipart_id: str, parts: list[StoredPart]) -> int:
        """Assemble the named parts (ascending numbers, their current ETags) into the object
        at key; returns its size. StorageRejected with S3's code when the list is wrong."""
        ...

    def abort(self, *, key: str, multipart_id: str) -> None:
        """Drop the upload and every part of it; nothing happens when it is gone already."""
        ...
