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
    video_profile: str = ""  # as ffmpeg names it: "High", "Main", "High 10", ...
    audio_codec: str = ""  # the first audio track's
    audio_profile: str = ""  # "LC", "HE-AAC", ...

    @property
    def short_side(self) -> int:
        return min(self.width, self.height)


@dataclass(frozen=True, slots=True)
class StreamScan:
    """What reading every video packet (without decoding) tells about the source."""

    keyframes_s: tuple[float, ...]  # from the stream's start
    closed_gops: bool  # every keyframe is an IDR picture: no frame refers across it
    video_kbps: int  # average over the stream
    codec_tag: str  # RFC 6381, from the stream's own parameters, e.g. "avc1.640028"
    duration_s: float


@dataclass(frozen=True, slots=True)
class ProcessedMedia:
    duration_s: float
    width: int
    height: int
    renditions: list[Rendition] = field(default_factory=list)
    manifest_key: str = ""
    poster_key: str = ""
    thumbnail_key: str = ""
    planned: list[str] = field(default_factory=list)  # every rung this job makes, top first


@dataclass(frozen=True, slots=True)
class MediaLimits:
    max_duration_s: int
    max_width: int
    max_height: int

    @property
    def too_long(self) -> str:
        return f"The video is too long: at most {self.max_duration_s / 3600:g} hours are allowed."

    @property
    def too_large(self) -> str:
        return (
            f"The video is too large: at most {self.max_width}x{self.max_height} pixels "
            "are allowed."
        )


class MediaRejected(Exception):
    """The source cannot become a video; the message is shown to the creator."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ProcessingFault(Exception):
    """Processing broke for a reason that is not the file's (disk full, I/O error, a killed
    encoder): worth retrying; the message is for the operator, never the creator."""


class Cancelled(Exception):
    """The job was called off while it ran."""
