"""The records Valvid keeps, as plain dataclasses shared by every adapter."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Generic, TypeVar

from backend.domain.statuses import (
    WATCHABLE_STATUSES,
    AccountStatus,
    Role,
    UploadStatus,
    VideoStatus,
    Visibility,
)

T = TypeVar("T")


@dataclass(slots=True)
class User:
    user_id: str
    email: str
    username: str
    signup_date: datetime
    account_status: AccountStatus = AccountStatus.PENDING_CONFIRMATION
    last_login: datetime | None = None
    tokens_valid_after: datetime | None = None
    storage_bytes: int = 0  # bytes of the sources this creator keeps stored
    role: Role = Role.CREATOR


@dataclass(slots=True)
class Rendition:
    name: str
    width: int
    height: int
    video_kbps: int
    audio_kbps: int | None


@dataclass(slots=True)
class Video:
    video_id: str
    owner_id: str
    title: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    tags: list[str] = field(default_factory=list)
    status: VideoStatus = VideoStatus.DRAFT
    visibility: Visibility = Visibility.PRIVATE
    published_at: datetime | None = None
    failure_reason: str | None = None
    progress: int = 0
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    renditions: list[Rendition] = field(default_factory=list)
    poster_key: str | None = None
    thumbnail_key: str | None = None
    manifest_key: str | None = None
    source_key: str | None = None
    source_size: int | None = None
    current_upload_id: str | None = None
    job_id: str | None = None
    planned_renditions: list[str] = field(default_factory=list)  # every rung the job makes
    takedown_reason: str | None = None  # set by an admin: hidden everywhere until restored

    @property
    def is_watchable(self) -> bool:
        return self.status in WATCHABLE_STATUSES

    @property
    def is_public(self) -> bool:
        return (
            self.visibility is Visibility.PUBLIC
            and self.is_watchable
            and self.takedown_reason is None
        )

    @property
    def is_processing(self) -> bool:
        """Whether work on the current upload is still under way (more rungs may come)."""
        if self.status is VideoStatus.PLAYABLE:
            return not self.failure_reason
        return self.status in (VideoStatus.UPLOADED, VideoStatus.PROCESSING)

    @property
    def missing_renditions(self) -> list[str]:
        """Planned rungs not made yet (still on the way, or failed: see failure_reason)."""
        made = {r.name for r in self.renditions}
        return [name for name in self.planned_renditions if name not in made]


@dataclass(slots=True)
class Upload:
    upload_id: str
    video_id: str
    owner_id: str
    key: str
    expires_at: datetime
    max_bytes: int
    created_at: datetime
    status: UploadStatus = UploadStatus.PENDING
    size: int | None = None
    multipart_id: str | None = None  # storage's id of its multipart upload, if it is one


@dataclass(slots=True)
class SigningKey:
    kid: str
    secret: bytes
    created_at: datetime
    not_after: datetime | None = None


@dataclass(frozen=True, slots=True)
class UploadTicket:
    """Exactly what S3's presigned POST returns: the form target and its fields."""

    url: str
    fields: dict[str, str]
    upload_id: str
    expires_at: datetime
    max_bytes: int


@dataclass(frozen=True, slots=True)
class MultipartPlan:
    """A resumable upload: the object is sent as part_count parts of part_size (the last
    one smaller), each to its own presigned URL."""

    upload_id: str
    key: str
    part_size: int
    part_count: int


@dataclass(frozen=True, slots=True)
class StoredPart:
    """A part storage holds (or a client names when completing): its number and ETag."""

    part_number: int
    etag: str
    size: int = 0


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: str
    username: str
    role: Role = Role.CREATOR

    @property
    def is_creator(self) -> bool:
        return self.role in (Role.CREATOR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.role is Role.ADMIN


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    video: Video
    creator: str


@dataclass(frozen=True, slots=True)
class Creator:
    """A creator as viewers see them on their channel page."""

    user_id: str
    username: str
    joined: datetime


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    email: str
    subject: str
    code: str
    created_at: datetime
