"""A video's processing state as a creator reads it."""

import reflex as rx

from backend.domain.models import Video
from backend.domain.statuses import VideoStatus

LABELS = {
    VideoStatus.DRAFT: ("Draft", "gray"),
    VideoStatus.AWAITING_UPLOAD: ("Waiting for upload", "amber"),
    VideoStatus.UPLOADED: ("Queued", "blue"),  # received; its processing job waits in line
    VideoStatus.PROCESSING: ("Processing", "blue"),
    VideoStatus.PLAYABLE: ("Playable", "teal"),
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
    if video.status is VideoStatus.PLAYABLE:
        return f"{label} — {playable_detail(video)}"
    return label


def playable_detail(video: Video) -> str:
    made, planned = len(video.renditions), max(len(video.planned_renditions), 1)
    if video.failure_reason and video.missing_renditions:
        return f"{', '.join(video.missing_renditions)} could not be made"
    return f"more qualities on the way ({made} of {max(made, planned)})"


def problem_text(video: Video) -> str:
    """Why processing failed; for a playable video, which qualities are missing and why."""
    if not video.failure_reason:
        return ""
    if video.status is VideoStatus.PLAYABLE:
        missing = ", ".join(video.missing_renditions) or "Some qualities"
        return f"{missing} could not be made: {video.failure_reason}"
    return video.failure_reason if video.status is VideoStatus.FAILED else ""


def status_color(video: Video) -> str:
    return LABELS[video.status][1]


def status_badge(label: rx.Var[str] | str, color: rx.Var[str] | str, *, live: bool = False,
                 ) -> rx.Component:  # fmt: skip
    """live: screen readers announce its changes (one per page: the video being worked on)."""
    announce = {"role": "status", "aria_live": "polite"} if live else {}
    return rx.badge(label, color_scheme=color, variant="soft", size="2", data_testid="status",
                    **announce)  # fmt: skip
