"""What probing a source tells, and what processing produced."""

from dataclasses import dataclass, field
from fractions import Fraction

from backend.domain.models import Rendition


@dataclass(frozen=True, slots=True)
class SourceInfo:
    duration_s: float
    width: int  # as displayed: rotation already applied
    height: int
    frame_rate: Fraction
    has_audio: bool
    video_codec: str = "h264"
    pixel_format: str = "yuv420p"
    interlaced: bool = False
    rotation: int = 0
    audio_channels: int = 0
    audio_tracks: int = 0

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


@dataclass(frozen=True, slots=True)
class ProcessedMedia:
    duration_s: float
    width: int
    height: int
    renditions: list[Rendition] = field(default_factory=list)
    manifest_key: str = ""
    poster_key: str = ""
    thumbnail_key: str = ""


class MediaRejected(Exception):
    """The source cannot become a video; the message is shown to the creator."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Cancelled(Exception):
    """The job was called off while it ran."""
