"""One part of a multipart upload as it streams to a temp file: counted, hashed (its ETag is
the MD5 of its bytes, as S3's is) and written as it arrives; handed over whole on commit."""

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass

from backend.adapters.local.post_policy import PolicyRejected


@dataclass(frozen=True)
class ReceivedPart:
    fd: int  # the temp file, open for reading from its start
    size: int
    etag: str


class PartFile:
    def __init__(
        self, fd: int, temp_path: str, *, max_bytes: int, commit_to: Callable[[ReceivedPart], None]
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
        """Hand what was written over as the part (commit_to keeps it durably); its ETag."""
        etag = self._md5.hexdigest()
        self._commit_to(ReceivedPart(self._fd, self.size, etag))
        self.close()
        return etag

    def close(self) -> None:
        """Delete the temp file (a committed part lives on where commit_to put it)."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1
        if self._temp:
            os.unlink(self._temp)  # never written back to disk: its pages are dropped
            self._temp = ""
