"""A video's processing state as a creator reads it."""

import reflex as rx

from backend.domain.models import Video
from backend.domain.statuses import VideoStatus

LABELS = {
    VideoStatus.DRAFT: ("Draft", "gray"),
    VideoStatus.AWAITING_UPLOAD: ("Waiting for upload", "amber"),
    VideoStatus.UPLOADED: ("Queued", "blue"),  # received; its processing job waits in line
    VideoStatus.PROCESSING: ("Processing", "blue"),
    VideoStatus.READY: ("Ready", "green"),
    VideoStatus.FAILED: ("Failed", "red"),
}


def status_label(video: Video, ahead: int | None = None) -> str:
    """`ahead`: how many jobs wait before a queued video's (when known)."""
    label, _ = LABELS[video.status]
    if video.status is VideoStatus.PROCESSING:
        return f"{label} {video.progress}%"
    if video.status is VideoStatus.UPLOADED and ahead is not None:
        return f"{label} ({ahead} ahead)"
    return label


def status_color(video: Video) -> str:
    return LABELS[video.status][1]


def status_badge(label: rx.Var[str] | str, color: rx.Var[str] | str, *, live: bool = False,
                 ) -> rx.Component:  # fmt: skip
    """live: screen readers announce its changes (one per page: the video being worked on)."""
    announce = {"role": "status", "aria_live": "polite"} if live else {}
    return rx.badge(label, color_scheme=color, variant="soft", size="2", data_testid="status",
                    **announce)  # fmt: skip
