"""When the source itself can be the top rung: remuxed (stream copy) instead of re-encoded.

Beside ladder.py, which still decides the rungs: a fit source takes the place of the ladder's
top rung, at the same size, and the lower rungs force keyframes at its keyframe times so every
rung's segments start at the same instants."""

from dataclasses import replace

from backend.domain.media import SourceInfo, StreamScan
from backend.ladder import MAX_FPS, RenditionPlan, plan

PROFILES = ("High", "Main")
MAX_SHORT_SIDE = 1080
MAX_GOP_S = 4.0
GOP_SLACK_S = 0.05  # timestamps of a 4 s GOP at 29.97 fps land a frame's fraction past 4 s
MAX_KEYFRAMES = 10_000  # the lower rungs' forced-keyframe list stays one argument (< 128 KiB)
DEFAULT_MARGIN = 0.5


def unfit_reasons(
    source: SourceInfo, scan: StreamScan, *, margin: float = DEFAULT_MARGIN
) -> list[str]:
    """Why the source cannot be remuxed as the top rung; empty when it can."""
    return source_unfit_reasons(source) + stream_unfit_reasons(source, scan, margin=margin)


def source_unfit_reasons(source: SourceInfo) -> list[str]:
    """What the probe alone rules out (no need to read the stream's packets then)."""
    reasons = []
    if source.video_codec != "h264" or source.video_profile not in PROFILES:
        reasons.append(f"video is {source.video_codec} {source.video_profile}, not H.264 High/Main")
    if source.pixel_format != "yuv420p":
        reasons.append(f"pixels are {source.pixel_format}, not 8-bit 4:2:0")
    if source.interlaced or source.rotation:
        reasons.append("interlaced or rotated")
    top = plan(source)[0]
    if source.short_side > MAX_SHORT_SIDE:
        reasons.append(f"{source.short_side}p is above {MAX_SHORT_SIDE}p")
    elif (top.width, top.height) != (source.width, source.height):
        reasons.append(f"{source.width}x{source.height} is not a ladder size")
    if source.frame_rate > MAX_FPS:
        reasons.append(f"{float(source.frame_rate):.2f} fps is above {MAX_FPS}")
    if source.has_audio and (
        source.audio_codec != "aac" or source.audio_profile != "LC" or source.audio_channels > 2
    ):
        reasons.append("audio is not AAC-LC mono or stereo")
    return reasons


def stream_unfit_reasons(
    source: SourceInfo, scan: StreamScan, *, margin: float = DEFAULT_MARGIN
) -> list[str]:
    """What the stream's packets rule out: GOP structure and bit rate."""
    reasons = []
    top = plan(source)[0]
    if (top.width, top.height) == (source.width, source.height) and scan.video_kbps > (
        top.video_kbps * (1 + margin)
    ):
        reasons.append(f"{scan.video_kbps} kb/s is above the {top.name} rung's margin")
    if not scan.closed_gops:
        reasons.append("open GOPs")
    if longest_gop_s(scan) > MAX_GOP_S + GOP_SLACK_S:
        reasons.append(f"GOPs up to {longest_gop_s(scan):.1f} s (at most {MAX_GOP_S:g} s)")
    if len(scan.keyframes_s) > MAX_KEYFRAMES:
        reasons.append("too many keyframes")
    return reasons


def longest_gop_s(scan: StreamScan) -> float:
    """The longest stretch between keyframes, counting from the start and up to the end."""
    if not scan.keyframes_s or scan.keyframes_s[0] > GOP_SLACK_S:
        return float("inf")
    bounds = (*scan.keyframes_s, scan.duration_s)
    return max(b - a for a, b in zip(bounds, bounds[1:], strict=False))


def passthrough_plans(source: SourceInfo, scan: StreamScan) -> list[RenditionPlan]:
    """The ladder with the source as its top rung (name, size and codec of the source)."""
    top, *lower = plan(source)
    copied = replace(
        top,
        frame_rate=source.frame_rate.limit_denominator(1001),
        video_kbps=scan.video_kbps,
        codec_tag=scan.codec_tag,
        copied=True,
    )
    return [copied, *lower]
