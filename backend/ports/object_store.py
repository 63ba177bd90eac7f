from datetime import datetime
from typing import Protocol

from backend.domain.models import UploadTicket


class ObjectStore(Protocol):
    def presign_upload(
        self, *, key: str, upload_id: str, content_type: str, max_bytes: int, expires_at: datetime
    ) -> UploadTicket:
        """A browser form (S3 presigned-POST shape) that may put one object at key."""
        ...

    def size_of(self, key: str) -> int | None:
        """The stored object's size, or None when there is none."""
        ...

    def delete_prefix(self, prefix: str) -> int:
        """Delete every object under prefix; returns how many."""
        ...
