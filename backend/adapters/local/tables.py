"""SQLModel tables of local mode; repositories map rows to domain types, rows never leave."""

from datetime import datetime

from sqlalchemy import JSON, Column, Index, LargeBinary, UniqueConstraint
from sqlmodel import Field, SQLModel


class UserRow(SQLModel, table=True):
    __tablename__ = "users"
    user_id: str = Field(primary_key=True)
    email: str = Field(unique=True, index=True)
    username: str
    username_key: str = Field(unique=True)
    signup_date: datetime
    account_status: str
    last_login: datetime | None = None
    tokens_valid_after: datetime | None = None
    storage_bytes: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    role: str = Field(default="CREATOR", sa_column_kwargs={"server_default": "CREATOR"})


class VideoRow(SQLModel, table=True):
    __tablename__ = "videos"
    # The public listing has its own partial index (search_schema.py, made by a revision).
    __table_args__ = (Index("ix_videos_owner_newest", "owner_id", "created_at", "video_id"),)
    video_id: str = Field(primary_key=True)
    owner_id: str
    title: str
    description: str = ""
    tags: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    status: str
    visibility: str
    published_at: datetime | None = None
    created_at: datetime
    updated_at: datetime
    failure_reason: str | None = None
    progress: int = 0
    duration_s: float | None = None
    width: int | None = None
    height: int | None = None
    renditions: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    poster_key: str | None = None
    thumbnail_key: str | None = None
    manifest_key: str | None = None
    source_key: str | None = None
    source_size: int | None = None
    current_upload_id: str | None = None
    job_id: str | None = None
    planned_renditions: list = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default="[]"),
    )
    takedown_reason: str | None = None


class UploadRow(SQLModel, table=True):
    __tablename__ = "uploads"
    upload_id: str = Field(primary_key=True)
    video_id: str = Field(index=True)
    owner_id: str
    key: str
    expires_at: datetime
    max_bytes: int
    created_at: datetime
    status: str
    size: int | None = None
    multipart_id: str | None = None


class SigningKeyRow(SQLModel, table=True):
    __tablename__ = "signing_keys"
    kid: str = Field(primary_key=True)
    secret: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime
    not_after: datetime | None = None


class CredentialRow(SQLModel, table=True):
    __tablename__ = "local_credentials"
    email: str = Field(primary_key=True)
    user_id: str
    password_hash: str


class ConfirmationCodeRow(SQLModel, table=True):
    __tablename__ = "confirmation_codes"
    email: str = Field(primary_key=True)
    code_hash: str
    expires_at: datetime
    attempts_left: int


class PasswordResetCodeRow(SQLModel, table=True):
    __tablename__ = "password_reset_codes"
    email: str = Field(primary_key=True)
    code_hash: str
    expires_at: datetime
    attempts_left: int


class OutboxRow(SQLModel, table=True):
    __tablename__ = "outbox"
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(index=True)
    subject: str
    code: str
    created_at: datetime


class LoginFailureRow(SQLModel, table=True):
    __tablename__ = "login_failures"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(index=True)
    at: datetime


class JobRow(SQLModel, table=True):
    __tablename__ = "processing_jobs"
    __table_args__ = (UniqueConstraint("upload_id"),)
    job_id: str = Field(primary_key=True)
    video_id: str = Field(index=True)
    upload_id: str
    status: str = Field(index=True)
    attempts: int = 0
    claimed_by: str | None = None
    heartbeat_at: datetime | None = None
    created_at: datetime
    error: str | None = None


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"  # append-only: triggers refuse UPDATE and DELETE (rev 0009)
    entry_id: str = Field(primary_key=True)
    at: datetime = Field(index=True)
    actor_id: str
    actor: str
    action: str
    target: str
    reason: str = ""


class CreatorRequestRow(SQLModel, table=True):
    __tablename__ = "creator_requests"
    user_id: str = Field(primary_key=True)
    note: str
    requested_at: datetime
    status: str = Field(index=True)
    decided_at: datetime | None = None
    decided_by: str | None = None
    reason: str | None = None


class ReportRow(SQLModel, table=True):
    __tablename__ = "reports"
    report_id: str = Field(primary_key=True)
    video_id: str = Field(index=True)
    reporter_id: str
    reason: str
    note: str
    created_at: datetime
    status: str = Field(index=True)
    resolution: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
