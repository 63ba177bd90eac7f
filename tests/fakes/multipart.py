"""An in-memory multipart store that follows the port (and S3's rules for Complete)."""

import hashlib
from datetime import datetime

from backend.domain.errors import NotFound, StorageRejected
from backend.domain.models import StoredPart
from tests.fakes.ports import FakeObjectStore

MIN_PART = 5 * 1024**2


class FakeMultipartStore:
    announces_objects = False

    def __init__(self, objects: FakeObjectStore) -> None:
        self._objects = objects
        self.uploads: dict[str, dict[int, bytes]] = {}
        self.keys: dict[str, str] = {}
        self.aborted: list[str] = []

    def create(self, *, key: str, content_type: str, part_size: int) -> str:
        multipart_id = f"mp{len(self.keys) + 1}"
        self.uploads[multipart_id], self.keys[multipart_id] = {}, key
        return multipart_id

    def presign_part(
        self, *, key: str, multipart_id: str, part_number: int, expires_at: datetime
    ) -> str:
        return f"http://storage.test/{key}?uploadId={multipart_id}&partNumber={part_number}"

    def put_part(self, multipart_id: str, part_number: int, data: bytes) -> str:
        """What a client's PUT to a part URL does."""
        self._parts(multipart_id)[part_number] = data
        return hashlib.md5(data, usedforsecurity=False).hexdigest()

    def list_parts(self, *, key: str, multipart_id: str) -> list[StoredPart]:
        return [
            StoredPart(n, hashlib.md5(d, usedforsecurity=False).hexdigest(), len(d))
            for n, d in sorted(self._parts(multipart_id).items())
        ]

    def complete(self, *, key: str, multipart_id: str, parts: list[StoredPart]) -> int:
        stored = {p.part_number: p for p in self.list_parts(key=key, multipart_id=multipart_id)}
        numbers = [p.part_number for p in parts]
        if numbers != sorted(set(numbers)):
            raise StorageRejected("Not in ascending order.", code="InvalidPartOrder")
        if any(stored.get(p.part_number, p).etag != p.etag or p.part_number not in stored
               for p in parts):  # fmt: skip
            raise StorageRejected("A part is missing or its ETag differs.", code="InvalidPart")
        if any(stored[p.part_number].size < MIN_PART for p in parts[:-1]):
            raise StorageRejected("A part is too small.", code="EntityTooSmall")
        size = sum(stored[p.part_number].size for p in parts)
        self._objects.objects[key] = size
        del self.uploads[multipart_id]
        return size

    def abort(self, *, key: str, multipart_id: str) -> None:
        if self.uploads.pop(multipart_id, None) is not None:
            self.aborted.append(multipart_id)

    def _parts(self, multipart_id: str) -> dict[int, bytes]:
        if multipart_id not in self.uploads:
            raise NotFound("No such upload.", code="NoSuchUpload")
        return self.uploads[multipart_id]
