"""One part of a multipart upload as it streams to disk: counted, hashed (its ETag is the MD5
of its bytes, as S3's is) and written as it arrives; made the part's current bytes on commit."""

import hashlib
import os
from collections.abc import Callable

from backend.adapters.local.post_policy import PolicyRejected


class PartFile:
    def __init__(
        self, fd: int, temp_path: str, *, max_bytes: int, commit_to: Callable[[str], None]
    ) -> None:
        self._fd, self._temp = fd, temp_path
        self.max_bytes = max_bytes
        self._commit_to = commit_to
        self._md5 = hashlib.md5(usedforsecurity=False)
        self.size = 0

    def write(self, data: bytes | bytearray | memoryview) -> None:
        """Append data (blocking: hashing and writing a large buffer release the GIL)."""
        self.size += len(data)
        if self.size > self.max_bytes:
            raise self.too_large()
        self._md5.update(data)
        view = memoryview(data)
        while view:
            view = view[os.write(self._fd, view) :]

    def too_large(self) -> PolicyRejected:
        return PolicyRejected(
            "EntityTooLarge", f"A part of this upload may hold at most {self.max_bytes} bytes.", 400
        )

    def commit(self) -> str:
        """Durably keep what was written as the part; returns its ETag."""
        os.fsync(self._fd)
        os.close(self._fd)
        self._fd = -1
        etag = self._md5.hexdigest()
        self._commit_to(etag)
        self._temp = ""
        return etag

    def close(self) -> None:
        """Drop whatever was not committed."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._temp:
            os.unlink(self._temp)
            self._temp = ""
