"""Request and response bodies of the HTTP API."""

from dataclasses import asdict
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, Field

from backend.domain.models import User, Video
from backend.services.catalog import Channel, PublicVideo

# Hard caps checked before any service rule runs; the services give the friendlier messages.
Email = Annotated[str, Field(max_length=320)]
Password = Annotated[str, Field(max_length=1024)]
ShortText = Annotated[str, Field(max_length=200)]
LongText = Annotated[str, Field(max_length=10_000)]
Tags = Annotated[list[ShortText], Field(max_length=100)]


class SignUpRequest(BaseModel):
    email: Email
    username: ShortText
    password: Password


class ConfirmRequest(BaseModel):
    email: Email
    code: ShortText


class ResendRequest(BaseModel):
    email: Email


class LoginRequest(BaseModel):
    email: Email
    password: Password


class ResetRequest(BaseModel):
    email: Email
    code: ShortText
    password: Password


class PasswordChange(BaseModel):
    current_password: Password
    new_password: Password


class UserOut(BaseModel):
    user_id: str
    email: str
    username: str
    account_status: str
    signup_date: datetime
    last_login: datetime | None
    role: str = "CREATOR"  # VIEWER, CREATOR or ADMIN

    @classmethod
    def of(cls, user: User) -> "UserOut":
        return cls(
            user_id=user.user_id,
            email=user.email,
            username=user.username,
            account_status=user.account_status.value,
            signup_date=user.signup_date,
            last_login=user.last_login,
            role=user.role.value,
        )


class SessionOut(BaseModel):
    token: str
    token_type: str = "Bearer"
    expires_in: int
    user: UserOut


class VideoCreate(BaseModel):
    title: ShortText = "Untitled video"
    description: LongText = ""
    tags: Tags = Field(default_factory=list)


class VideoPatch(BaseModel):
    title: ShortText | None = None
    description: LongText | None = None
    tags: Tags | None = None


class TicketRequest(BaseModel):
    content_type: ShortText = "video/mp4"


class RenditionOut(BaseModel):
    name: str
    width: int
    height: int
    video_kbps: int
    audio_kbps: int | None


class VideoOut(BaseModel):
    video_id: str
    title: str
    description: str
    tags: list[str]
    status: str
    visibility: str
    progress: int
    failure_reason: str | None
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None
    duration_s: float | None
    width: int | None
    height: int | None
    renditions: list[RenditionOut]
    source_size: int | None
    takedown_reason: str | None = None  # why an admin took it down (it cannot be published)

    @classmethod
    def of(cls, video: Video) -> "VideoOut":
        return cls(
            video_id=video.video_id,
            title=video.title,
            description=video.description,
            tags=video.tags,
            status=video.status.value,
            visibility=video.visibility.value,
            progress=video.progress,
            failure_reason=video.failure_reason,
            created_at=video.created_at,
            updated_at=video.updated_at,
            published_at=video.published_at,
            duration_s=video.duration_s,
            width=video.width,
            height=video.height,
            renditions=[RenditionOut(**asdict(r)) for r in video.renditions],
            source_size=video.source_size,
            takedown_reason=video.takedown_reason,
        )


class VideoPage(BaseModel):
    items: list[VideoOut]
    next_cursor: str | None


class TicketOut(BaseModel):
    url: str
    fields: dict[str, str]
    upload_id: str
    expires_at: datetime
    max_bytes: int


class PublicVideoOut(BaseModel):
    video_id: str
    title: str
    description: str
    tags: list[str]
    creator: str
    published_at: datetime | None
    duration_s: float | None
    width: int | None
    height: int | None
    poster_url: str | None
    thumbnail_url: str | None

    @classmethod
    def of(cls, public: PublicVideo) -> "PublicVideoOut":
        video = public.entry.video
        return cls(
            video_id=video.video_id,
            title=video.title,
            description=video.description,
            tags=video.tags,
            creator=public.entry.creator,
            published_at=video.published_at,
            duration_s=video.duration_s,
            width=video.width,
            height=video.height,
            poster_url=public.poster_url,
            thumbnail_url=public.thumbnail_url,
        )


class CatalogPage(BaseModel):
    items: list[PublicVideoOut]
    next_cursor: str | None


class CreatorOut(BaseModel):
    username: str
    joined: datetime


class ChannelOut(CatalogPage):
    creator: CreatorOut

    @classmethod
    def of(cls, channel: Channel) -> "ChannelOut":
        return cls(
            creator=CreatorOut(username=channel.creator.username, joined=channel.creator.joined),
            items=[PublicVideoOut.of(v) for v in channel.videos.items],
            next_cursor=channel.videos.next_cursor,
        )


class PlaybackOut(BaseModel):
    url: str
    poster_url: str | None
    expires_at: datetime
