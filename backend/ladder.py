"""The one rendition ladder. ffmpeg arguments and MediaConvert settings both derive from it."""

import math
from dataclasses import dataclass
from fractions import Fraction

from backend.domain.media import SourceInfo

SEGMENT_S = 6
GOP_S = 2
MAX_FPS = 60
AUDIO_SAMPLE_RATE = 48000


@dataclass(frozen=True, slots=True)
class Rung:
    short_side: int
    video_kbps: int
    audio_kbps: int


LADDER = (
    Rung(1080, 5000, 128),
    Rung(720, 2800, 128),
    Rung(480, 1400, 96),
    Rung(360, 800, 96),
    Rung(240, 400, 64),
)

# H.264 levels: (level, max macroblocks per frame, max macroblocks per second)
H264_LEVELS = (
    (21, 792, 19800),
    (22, 1620, 20250),
    (30, 1620, 40500),
    (31, 3600, 108000),
    (32, 5120, 216000),
    (40, 8192, 245760),
    (42, 8704, 522240),
    (50, 22080, 589824),
    (51, 36864, 983040),
    (52, 36864, 2073600),
)


@dataclass(frozen=True, slots=True)
class RenditionPlan:
    name: str
    width: int
    height: int
    frame_rate: Fraction
    video_kbps: int
    audio_kbps: int | None  # None: the source has no audio
    codec_tag: str | None = None  # a copied source's own RFC 6381 video codec
    copied: bool = False  # the source's own stream, remuxed (passthrough.py)

    @property
    def maxrate_kbps(self) -> int:
        return int(self.video_kbps * 1.07)

    @property
    def bufsize_kbps(self) -> int:
        return int(self.video_kbps * 1.5)

    @property
    def gop_frames(self) -> int:
        return max(1, round(self.frame_rate * GOP_S))

    @property
    def h264_level(self) -> int:
        mbs = math.ceil(self.width / 16) * math.ceil(self.height / 16)
        rate = mbs * float(self.frame_rate)
        for level, max_fs, max_mbps in H264_LEVELS:
            if mbs <= max_fs and rate <= max_mbps:
                return level
        return H264_LEVELS[-1][0]

    @property
    def codecs(self) -> str:
        """RFC 6381 codec string: H.264 High at this level, plus AAC-LC when there is audio."""
        video = self.codec_tag or f"avc1.6400{self.h264_level:02x}"
        return f"{video},mp4a.40.2" if self.audio_kbps else video


def output_frame_rate(source: SourceInfo) -> Fraction:
    """The source's rate up to 60 fps (VFR sources get their average, made constant)."""
    rate = source.frame_rate if source.frame_rate > 0 else Fraction(30)
    if rate > MAX_FPS:
        rate = Fraction(MAX_FPS)
    return rate.limit_denominator(1001)


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def _size(source: SourceInfo, short: int) -> tuple[int, int]:
    long = _even(short * max(source.width, source.height) / source.short_side)
    short = _even(short)
    return (long, short) if source.width >= source.height else (short, long)


def plan(source: SourceInfo) -> list[RenditionPlan]:
    """Rungs up to the source's short side, never upscaled; one rung at source size if smaller."""
    rate = output_frame_rate(source)
    rungs = [r for r in LADDER if r.short_side <= source.short_side]
    if not rungs:
        lowest = LADDER[-1]
        rungs = [Rung(source.short_side, lowest.video_kbps, lowest.audio_kbps)]
    plans = []
    for rung in rungs:
        width, height = _size(source, rung.short_side)
        plans.append(
            RenditionPlan(
                name=f"{min(width, height)}p",
                width=width,
                height=height,
                frame_rate=rate,
                video_kbps=rung.video_kbps,
                audio_kbps=rung.audio_kbps if source.has_audio else None,
            )
        )
    return plans
