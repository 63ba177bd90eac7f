"""In-memory repositories with the same behaviour as the real ones (the contract suite checks)."""

import copy
import itertools
import threading
from datetime import datetime
from typing import Unpack

from backend.adapters.cursor import decode_keyset, encode_keyset
from backend.domain.errors import Conflict
from backend.domain.models import Page, SigningKey, Upload, User, Video
from backend.domain.statuses import AccountStatus, UploadStatus, VideoStatus, Visibility
from backend.ports.user_repository import UserChanges
from backend.ports.video_repository import VideoChanges, check_publishing


class InMemoryUserRepository:
    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self._lock = threading.Lock()

    def add(self, user: User) -> None:
        if any(o.username.lower() == user.username.lower() for o in self.users.values()):
            raise Conflict("This username is taken.", code="username_taken")
        if any(o.email == user.email.lower() for o in self.users.values()):
            raise Conflict("An account with this email already exists.", code="email_taken")
        user = copy.deepcopy(user)
        user.email = user.email.lower()
        self.users[user.user_id] = user

    def get(self, user_id: str) -> User | None:
        return copy.deepcopy(self.users.get(user_id))

    def get_by_username(self, username: str) -> User | None:
        found = [u for u in self.users.values() if u.username.lower() == username.lower()]
        return copy.deepcopy(found[0]) if found else None

    def get_by_email(self, email: str) -> User | None:
        found = [u for u in self.users.values() if u.email == email.lower()]
        return copy.deepcopy(found[0]) if found else None

    def update(
        self,
        user_id: str,
        *,
        expected_status: AccountStatus | None = None,
        **changes: Unpack[UserChanges],
    ) -> bool:
        with self._lock:
            user = self.users.get(user_id)
            if user is None or expected_status not in (None, user.account_status):
                return False
            for name, value in changes.items():
                setattr(user, name, copy.deepcopy(value))
            return True

    def add_storage_bytes(self, user_id: str, delta: int, *, limit: int | None = None) -> bool:
        with self._lock:
            user = self.users.get(user_id)
            if user is None or (limit is not None and user.storage_bytes + delta > limit):
                return False
            user.storage_bytes += delta
            return True

    def search(self, text: str, *, limit: int) -> list[User]:
        text = text.lower()
        found = [u for u in self.users.values() if text in u.email or text in u.username.lower()]
        found.sort(key=lambda u: u.signup_date, reverse=True)
        return copy.deepcopy(found[:limit])

    def delete(self, user_id: str) -> None:
        self.users.pop(user_id, None)


class InMemoryVideoRepository:
    def __init__(self) -> None:
        self.videos: dict[str, Video] = {}
        self._lock = threading.Lock()

    def add(self, video: Video) -> None:
        self.videos[video.video_id] = copy.deepcopy(video)

    def get(self, video_id: str) -> Video | None:
        return copy.deepcopy(self.videos.get(video_id))

    def update(
        self,
        video_id: str,
        *,
        expected_status: VideoStatus | None = None,
        expected_upload_id: str | None = None,
        expected_visibility: Visibility | None = None,
        **changes: Unpack[VideoChanges],
    ) -> bool:
        check_publishing(changes, expected_status)
        with self._lock:
            video = self.videos.get(video_id)
            if video is None or expected_status not in (None, video.status):
                return False
            if expected_upload_id not in (None, video.current_upload_id):
                return False
            if expected_visibility not in (None, video.visibility):
                return False
            if changes.get("visibility") is Visibility.PUBLIC and video.takedown_reason:
                return False
            for name, value in changes.items():
                setattr(video, name, copy.deepcopy(value))
            return True

    def delete(self, video_id: str) -> bool:
        return self.videos.pop(video_id, None) is not None

    def search_all(self, text: str, *, limit: int) -> list[Video]:
        text = text.lower()
        found = [
            v
            for v in self.videos.values()
            if text in f"{v.video_id} {v.title} {v.owner_id}".lower()
        ]
        found.sort(key=lambda v: (v.created_at, v.video_id), reverse=True)
        return copy.deepcopy(found[:limit])

    def list_by_owner(self, owner_id: str, *, limit: int, cursor: str | None) -> Page[Video]:
        mine = sorted(
            (v for v in self.videos.values() if v.owner_id == owner_id),
            key=lambda v: (v.created_at, v.video_id),
            reverse=True,
        )
        if cursor:
            after = decode_keyset(cursor)
            mine = [v for v in mine if (v.created_at, v.video_id) < after]
        items = [copy.deepcopy(v) for v in mine[:limit]]
        next_cursor = None
        if len(mine) > limit:
            last = items[-1]
            next_cursor = encode_keyset(last.created_at, last.video_id)
        return Page(items=items, next_cursor=next_cursor)


class InMemoryUploadRepository:
    def __init__(self) -> None:
        self.uploads: dict[str, Upload] = {}
        self._lock = threading.Lock()

    def add(self, upload: Upload) -> None:
        self.uploads[upload.upload_id] = copy.deepcopy(upload)

    def get(self, upload_id: str) -> Upload | None:
        return copy.deepcopy(self.uploads.get(upload_id))

    def set_status(
        self,
        upload_id: str,
        status: UploadStatus,
        *,
        expected: UploadStatus,
        size: int | None = None,
    ) -> bool:
        with self._lock:
            upload = self.uploads.get(upload_id)
            if upload is None or upload.status is not expected:
                return False
            upload.status = status
            if size is not None:
                upload.size = size
            return True

    def delete_for_video(self, video_id: str) -> None:
        for upload_id in [u for u, up in self.uploads.items() if up.video_id == video_id]:
            del self.uploads[upload_id]


class InMemorySigningKeyStore:
    def __init__(self) -> None:
        self.keys: dict[str, SigningKey] = {}

    def add(self, key: SigningKey) -> None:
        self.keys[key.kid] = copy.deepcopy(key)

    def all(self) -> list[SigningKey]:
        return sorted(
            (copy.deepcopy(k) for k in self.keys.values()), key=lambda k: k.created_at, reverse=True
        )

    def retire(self, kid: str, not_after: datetime) -> None:
        if kid in self.keys:
            self.keys[kid].not_after = not_after

    def delete(self, kid: str) -> None:
        self.keys.pop(kid, None)


class InMemoryLoginAttemptLog:
    def __init__(self) -> None:
        self.failures: dict[str, list[tuple[str, datetime]]] = {}
        self._lock = threading.Lock()
        self._ids = itertools.count(1)

    def reserve(self, key: str, at: datetime, *, since: datetime, limit: int) -> str | None:
        with self._lock:
            if len(self.failures_since(key, since)) >= limit:
                return None
            attempt_id = str(next(self._ids))
            self.failures.setdefault(key, []).append((attempt_id, at))
            return attempt_id

    def release(self, key: str, attempt_id: str) -> None:
        with self._lock:
            kept = [a for a in self.failures.get(key, []) if a[0] != attempt_id]
            self.failures[key] = kept

    def failures_since(self, key: str, since: datetime) -> list[datetime]:
        return sorted(at for _, at in self.failures.get(key, []) if at >= since)

    def clear(self, key: str) -> None:
        with self._lock:
            self.failures.pop(key, None)
