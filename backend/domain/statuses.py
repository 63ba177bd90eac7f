from enum import StrEnum


class AccountStatus(StrEnum):
    PENDING_CONFIRMATION = "PENDING_CONFIRMATION"
    ACTIVE = "ACTIVE"
    SUSPENDED = "SUSPENDED"


class Role(StrEnum):
    """What an account may do: watch (viewer), also publish (creator), also moderate (admin)."""

    VIEWER = "VIEWER"
    CREATOR = "CREATOR"
    ADMIN = "ADMIN"


class SignupPolicy(StrEnum):
    OPEN = "open"  # every confirmed account is a creator
    APPROVAL = "approval"  # viewers until an admin approves their request
    INVITE = "invite"  # viewers unless an admin invited their email


class VideoStatus(StrEnum):
    DRAFT = "DRAFT"
    AWAITING_UPLOAD = "AWAITING_UPLOAD"
    UPLOADED = "UPLOADED"
    PROCESSING = "PROCESSING"
    PLAYABLE = "PLAYABLE"  # some rungs exist and can be watched; the rest are on the way
    READY = "READY"
    FAILED = "FAILED"


class Visibility(StrEnum):
    PRIVATE = "PRIVATE"
    PUBLIC = "PUBLIC"


class UploadStatus(StrEnum):
    PENDING = "PENDING"
    RECEIVED = "RECEIVED"
    SUPERSEDED = "SUPERSEDED"
    ABORTED = "ABORTED"  # its creator cancelled it


# Viewers may watch, and creators publish, a video in these states.
WATCHABLE_STATUSES = frozenset({VideoStatus.PLAYABLE, VideoStatus.READY})

# A new upload ticket may replace the source only from these states (and only while private).
TICKETABLE_STATUSES = frozenset(
    {VideoStatus.DRAFT, VideoStatus.AWAITING_UPLOAD, VideoStatus.READY, VideoStatus.FAILED}
)
