"""Object storage in a folder: keys are relative paths below the root."""

import fcntl
import hashlib
import os
import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from backend.adapters.local.post_policy import PostCredentials, presigned_post_fields
from backend.domain.models import UploadTicket
from backend.ports.clock import Clock

INCOMING = ".incoming"


class FilesystemObjectStore:
    def __init__(self, root: Path, *, credentials: PostCredentials, upload_url: str, clock: Clock):
        self.root = root.resolve()
        self.credentials = credentials
        self._upload_url = upload_url
        self._clock = clock
        (self.root / INCOMING).mkdir(parents=True, exist_ok=True)

    def presign_upload(
        self, *, key: str, upload_id: str, content_type: str, max_bytes: int, expires_at: datetime
    ) -> UploadTicket:
        fields = presigned_post_fields(
            self.credentials,
            key=key,
            content_type=content_type,
            max_bytes=max_bytes,
            signed_at=self._clock.now(),
            expires_at=expires_at,
        )
        return UploadTicket(
            url=self._upload_url,
            fields=fields,
            upload_id=upload_id,
            expires_at=expires_at,
            max_bytes=max_bytes,
        )

    def size_of(self, key: str) -> int | None:
        path = self.path_for(key)
        return path.stat().st_size if path.is_file() else None

    def delete_prefix(self, prefix: str) -> int:
        folder = self.path_for(prefix.rstrip("/"))
        if folder.is_file() and not prefix.endswith("/"):  # a whole key: that one object
            folder.unlink(missing_ok=True)
            return 1
        if not folder.is_dir():
            return 0
        count = sum(1 for p in folder.rglob("*") if p.is_file())
        shutil.rmtree(folder, ignore_errors=True)
        return count

    def path_for(self, key: str) -> Path:
        """The file behind a key; ValueError for keys that would leave the root."""
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
            raise ValueError(f"invalid object key: {key!r}")
        return self.root.joinpath(*parts)

    def new_incoming(self) -> tuple[int, str]:
        """An open temp file on the store's filesystem, to be committed or discarded."""
        return tempfile.mkstemp(dir=self.root / INCOMING, prefix="upload-")

    def claim(self, key: str) -> "KeyClaim | None":
        """An exclusive hold on key for one request receiving its object; None while another
        request holds it or once the object exists. The hold ends with the holder's process."""
        path = self.root / INCOMING / (hashlib.sha256(key.encode()).hexdigest() + ".claim")
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                return None
            if same_file(fd, path):
                break
            os.close(fd)  # its holder released and removed it meanwhile: take a fresh one
        held = KeyClaim(path, fd)
        if self.path_for(key).exists():
            held.release()
            return None
        return held

    def commit(self, temp_path: str, key: str) -> None:
        """Durably publish a finished temp file under key; FileExistsError if key has an object
        already (it is never replaced)."""
        target = self.path_for(key)
        target.parent.mkdir(parents=True, exist_ok=True)
        fsync(temp_path)
        try:
            os.link(temp_path, target)
        finally:
            os.unlink(temp_path)
        fsync(target.parent)
        fsync(target.parent.parent)  # the key's folder may be new

    def read_bytes(self, key: str) -> bytes | None:
        try:
            path = self.path_for(key)
        except ValueError:
            return None
        return path.read_bytes() if path.is_file() else None


class KeyClaim:
    def __init__(self, path: Path, fd: int) -> None:
        self._path, self._fd = path, fd

    def release(self) -> None:
        if self._fd >= 0:
            self._path.unlink(missing_ok=True)  # while still locked, so no one holds a stale one
            os.close(self._fd)
            self._fd = -1


def fsync(path: str | Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False
