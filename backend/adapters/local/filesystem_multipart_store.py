"""S3 multipart uploads in a folder: each upload is a directory of parts, each part a file named
after its number and ETag; Complete concatenates the named parts in the kernel
(copy_file_range) into the object, never through this process's memory."""

import fcntl
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from backend.adapters.local import query_sigv4
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.multipart_assembly import chosen_parts, concatenate, part_name, parts_in
from backend.adapters.local.part_file import PartFile
from backend.adapters.local.post_policy import PolicyRejected
from backend.domain.errors import NotFound, StorageRejected
from backend.domain.models import StoredPart
from backend.ports.clock import Clock

UPLOADS = ".multipart"
MANIFEST = "upload.json"
MAX_PART_NUMBER = 10_000
ABANDON_AFTER = timedelta(days=1)
_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


class FilesystemMultipartStore:
    announces_objects = False

    def __init__(self, objects: FilesystemObjectStore, *, base_url: str, clock: Clock) -> None:
        self._objects = objects
        self._base = base_url.rstrip("/")
        self._clock = clock
        self._root = objects.root / UPLOADS
        self._root.mkdir(parents=True, exist_ok=True)

    @property
    def bucket(self) -> str:
        return self._objects.credentials.bucket

    def create(self, *, key: str, content_type: str, part_size: int) -> str:
        self._objects.path_for(key)  # ValueError for a key outside the store
        self._drop_abandoned()
        multipart_id = secrets.token_urlsafe(24)
        folder = self._root / multipart_id
        folder.mkdir()
        manifest = {
            "key": key,
            "content_type": content_type,
            "part_size": part_size,
            "created_at": self._clock.now().isoformat(),
        }
        (folder / MANIFEST).write_text(json.dumps(manifest))
        return multipart_id

    def presign_part(
        self, *, key: str, multipart_id: str, part_number: int, expires_at: datetime
    ) -> str:
        now = self._clock.now()
        url = urlsplit(f"{self._base}/{self.bucket}/{key}")
        query = query_sigv4.presign(
            self._objects.credentials,
            method="PUT",
            host=url.netloc,
            path=url.path,
            params={"partNumber": str(part_number), "uploadId": multipart_id},
            signed_at=now,
            expires_s=max(1, int((expires_at - now).total_seconds())),
        )
        return f"{url.scheme}://{url.netloc}{query_sigv4.canonical_path(url.path)}?{query}"

    def verify_part_url(
        self, *, bucket: str, key: str, raw_query: str, headers: dict[str, str]
    ) -> tuple[str, int]:
        """(multipart id, part number) of a presigned part PUT; PolicyRejected as S3 would."""
        url = urlsplit(f"{self._base}/{bucket}/{key}")
        params = query_sigv4.verify(
            self._objects.credentials,
            method="PUT",
            host=url.netloc,
            path=url.path,
            raw_query=raw_query,
            headers=headers,
            now=self._clock.now(),
        )
        if bucket != self.bucket:
            raise PolicyRejected("NoSuchBucket", "The bucket does not exist.", 404)
        number = params.get("partNumber", "")
        if not number.isdigit() or not 1 <= int(number) <= MAX_PART_NUMBER:
            raise PolicyRejected(
                "InvalidArgument", "Part number must be an integer between 1 and 10000.", 400
            )
        return params.get("uploadId", ""), int(number)

    def open_part(self, *, key: str, multipart_id: str, part_number: int) -> PartFile:
        """A file to stream one part into; its commit makes it the part's current bytes."""
        folder, manifest = self._upload(key, multipart_id)
        fd, temp = self._objects.new_incoming()
        return PartFile(
            fd, temp, max_bytes=manifest["part_size"],
            commit_to=lambda etag: self._keep_part(folder, part_number, etag, temp),
        )  # fmt: skip

    def list_parts(self, *, key: str, multipart_id: str) -> list[StoredPart]:
        folder, _ = self._upload(key, multipart_id)
        with _locked(folder):
            return sorted(parts_in(folder).values(), key=lambda p: p.part_number)

    def complete(self, *, key: str, multipart_id: str, parts: list[StoredPart]) -> int:
        folder, _ = self._upload(key, multipart_id)
        with _locked(folder):
            if not (folder / MANIFEST).exists():
                raise _no_such_upload()
            chosen = chosen_parts(parts_in(folder), parts)
            fd, temp = self._objects.new_incoming()
            try:
                size = concatenate(fd, [folder / part_name(p) for p in chosen])
            finally:
                os.close(fd)
            try:
                self._objects.commit(temp, key)
            except FileExistsError as e:
                raise StorageRejected("The object exists already.", code="OperationAborted") from e
            shutil.rmtree(folder, ignore_errors=True)
        return size

    def abort(self, *, key: str, multipart_id: str) -> None:
        try:
            folder, _ = self._upload(key, multipart_id)
        except NotFound:
            return
        with _locked(folder):
            shutil.rmtree(folder, ignore_errors=True)

    def _drop_abandoned(self) -> None:
        """Uploads started over ABANDON_AFTER ago go, as the raw bucket's lifecycle rule
        aborts them in aws mode."""
        oldest = (self._clock.now() - ABANDON_AFTER).isoformat()
        for folder in self._root.iterdir():
            try:
                started = json.loads((folder / MANIFEST).read_text())["created_at"]
            except (OSError, ValueError, KeyError):
                continue
            if started < oldest:
                with _locked(folder):
                    shutil.rmtree(folder, ignore_errors=True)

    def _upload(self, key: str, multipart_id: str) -> tuple[Path, dict]:
        folder = self._root / multipart_id if _ID.match(multipart_id) else None
        try:
            manifest = json.loads((folder / MANIFEST).read_text()) if folder else None
        except FileNotFoundError:
            manifest = None
        if folder is None or manifest is None or manifest["key"] != key:
            raise _no_such_upload()
        return folder, manifest

    def _keep_part(self, folder: Path, part_number: int, etag: str, temp: str) -> None:
        """The part's new bytes replace its old ones whole: the last writer wins, cleanly."""
        with _locked(folder):
            if not (folder / MANIFEST).exists():
                raise _no_such_upload()  # the part file's close drops temp
            kept = part_name(StoredPart(part_number, etag))
            os.rename(temp, folder / kept)
            prefix = kept.split(".", 1)[0] + "."
            for old in folder.iterdir():
                if old.name.startswith(prefix) and old.name != kept:
                    old.unlink(missing_ok=True)


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError as e:
        raise _no_such_upload() from e
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _no_such_upload() -> NotFound:
    return NotFound(
        "The specified upload does not exist: it was completed or aborted.", code="NoSuchUpload"
    )
