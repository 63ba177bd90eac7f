"""Receives an S3-style POST Object form as it streams in: fields first, then the file.

The policy is checked when the file part begins, before any byte of it is stored, and the key is
claimed then, so one ticket feeds at most one request at a time. The file goes to a temp file in
constant memory and is counted as it arrives, so an oversize body is cut off at the limit and
nothing of it is kept. What comes before the file is bounded in parts and bytes.

Parsing and writing are split: feed parses (on the event loop) and holds the file's bytes until
the caller flushes them (in a worker thread, so the disk write of one batch overlaps the parsing
of the next); a caller flushes whenever pending_bytes reaches a batch, and finish flushes last.
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

from backend.adapters.local.filesystem_object_store import FilesystemObjectStore, KeyClaim
from backend.adapters.local.post_policy import PolicyRejected, VerifiedPolicy, verify_post

MAX_FIELD_BYTES = 64 * 1024
MAX_PARTS = 32  # before the file, named or not
MAX_BYTES_BEFORE_FILE = 1024 * 1024
PARSE_SLICE = 64 * 1024
WRITE_BATCH = 1024 * 1024  # file bytes a caller lets pile up before flushing them


class MalformedForm(PolicyRejected):
    """The body is not a form a browser would send; refused without reading on."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(code, message, 400)


@dataclass(frozen=True, slots=True)
class ReceivedObject:
    key: str
    size: int


class PostReceiver:
    def __init__(
        self,
        boundary: bytes,
        *,
        store: FilesystemObjectStore,
        accepts: Callable[[str], bool],
        now: datetime,
    ) -> None:
        self._store = store
        self._accepts = accepts
        self._now = now
        self._fields: dict[str, str] = {}
        self._parts = 0
        self._bytes_before_file = 0
        self._part_name: str | None = None
        self._part_value = bytearray()
        self._header_field = bytearray()
        self._header_value = bytearray()
        self._headers: dict[bytes, bytes] = {}
        self._policy: VerifiedPolicy | None = None
        self._claim: KeyClaim | None = None
        self._file: int | None = None  # the temp file's descriptor, once the file part began
        self._pending: list[bytes] = []
        self.pending_bytes = 0
        self._temp_path: str | None = None
        self._size = 0
        self._file_done = False
        try:
            self._parser = MultipartParser(
                boundary,
                {
                    "on_part_begin": self._on_part_begin,
                    "on_header_field": lambda d, s, e: self._header_field.extend(d[s:e]),
                    "on_header_value": lambda d, s, e: self._header_value.extend(d[s:e]),
                    "on_header_end": self._on_header_end,
                    "on_headers_finished": self._on_headers_finished,
                    "on_part_data": self._on_part_data,
                    "on_part_end": self._on_part_end,
                },
            )
        except FormParserError as e:
            raise malformed() from e

    def feed(self, chunk: bytes) -> None:
        try:
            while chunk and not self._file_done:
                if self._file is None:
                    piece, chunk = chunk[:PARSE_SLICE], chunk[PARSE_SLICE:]
                    self._bytes_before_file += len(piece)
                    if self._bytes_before_file > MAX_BYTES_BEFORE_FILE:
                        raise MalformedForm(
                            "MaxPostPreDataLengthExceededError",
                            "The form fields before the file are too large.",
                        )
                else:
                    piece, chunk = chunk, b""
                self._parser.write(piece)
        except FormParserError as e:
            raise malformed() from e

    def flush(self) -> None:
        """Write the file bytes fed so far (blocking: call it off the event loop)."""
        if self._file is None or not self._pending:
            return
        view = memoryview(b"".join(self._pending))
        self._pending.clear()
        self.pending_bytes = 0
        while view:
            view = view[os.write(self._file, view) :]

    def finish(self) -> ReceivedObject:
        """Store the complete file under its key, never over an object already there."""
        if not self._file_done or self._policy is None or self._temp_path is None:
            raise PolicyRejected("InvalidArgument", "The form has no complete file part.", 400)
        if self._size < self._policy.min_bytes:
            raise PolicyRejected("EntityTooSmall", "The file is empty.", 400)
        self.flush()
        if self._file is not None:
            os.close(self._file)
            self._file = None
        temp_path, self._temp_path = self._temp_path, None
        try:
            self._store.commit(temp_path, self._policy.key)
        except FileExistsError as e:
            raise already_received() from e
        return ReceivedObject(key=self._policy.key, size=self._size)

    def close(self) -> None:
        """Drop whatever was not committed and let other requests claim the key."""
        self._pending.clear()
        if self._file is not None:
            os.close(self._file)
            self._file = None
        if self._temp_path is not None:
            os.unlink(self._temp_path)
            self._temp_path = None
        if self._claim is not None:
            self._claim.release()
            self._claim = None

    def _on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise MalformedForm("InvalidArgument", "Too many form fields.")
        self._headers.clear()
        self._part_name = None
        self._part_value.clear()

    def _on_header_end(self) -> None:
        self._headers[bytes(self._header_field).lower()] = bytes(self._header_value)
        self._header_field.clear()
        self._header_value.clear()

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        self._part_name = options.get(b"name", b"").decode("utf-8", "replace")
        if self._part_name == "file" and not self._file_done:
            self._start_file()

    def _start_file(self) -> None:
        policy = verify_post(self._store.credentials, self._fields, self._now)
        try:
            self._store.path_for(policy.key)
        except ValueError as e:
            raise PolicyRejected("InvalidArgument", "The key is not valid.", 400) from e
        if not self._accepts(policy.key):
            raise PolicyRejected(
                "AccessDenied", "This upload ticket is no longer valid; request a new one."
            )
        self._claim = self._store.claim(policy.key)
        if self._claim is None:
            raise already_received()
        self._policy = policy
        self._file, self._temp_path = self._store.new_incoming()

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._file_done:
            return  # whatever follows the file is not read, as by S3
        if self._file is None:
            if len(self._part_value) + end - start > MAX_FIELD_BYTES:
                raise PolicyRejected("InvalidArgument", "A form field is too large.", 400)
            self._part_value.extend(data[start:end])
            return
        self._size += end - start
        assert self._policy is not None
        if self._size > self._policy.max_bytes:
            raise PolicyRejected("EntityTooLarge", "The file is larger than the upload limit.", 413)
        self._pending.append(data[start:end])
        self.pending_bytes += end - start

    def _on_part_end(self) -> None:
        if self._file is not None:
            self._file_done = True  # finish writes what is pending and closes the file
        elif self._part_name:
            self._fields[self._part_name] = self._part_value.decode("utf-8", "replace")


def malformed() -> MalformedForm:
    return MalformedForm(
        "MalformedPOSTRequest", "The body of the POST is not well-formed multipart/form-data."
    )


def already_received() -> PolicyRejected:
    return PolicyRejected(
        "OperationAborted", "Another upload with this ticket is in progress or done.", 409
    )
