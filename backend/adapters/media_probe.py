"""Probing a source with PyAV (a file path or an HTTP URL): streams, display size, rate, and
one decoded frame. Shared by local mode and aws mode."""

from fractions import Fraction

import av

from backend.domain.media import MediaRejected, SourceInfo

EMPTY = "The file is empty."
DAMAGED = "The file is damaged or incomplete."
NO_VIDEO = "This file has no video track."
NOT_MEDIA = "This file is not a video we can read."
# Leading bytes of common containers: such a file that will not open is damaged, not foreign.
SIGNATURES = (
    (4, b"ftyp"),
    (0, b"\x1aE\xdf\xa3"),
    (0, b"RIFF"),
    (0, b"OggS"),
    (0, b"\x00\x00\x01\xba"),
    (0, b"FLV"),
    (4, b"moov"),
    (4, b"mdat"),
    (4, b"free"),
    (4, b"wide"),
)
STILL = "This file is a still image, not a video."
INTERLACED = 2  # AVFieldOrder: 0 unknown, 1 progressive, 2 and up a field order
IMAGE_FORMATS = ("image2", "png_pipe", "jpeg_pipe", "webp_pipe", "gif", "bmp_pipe", "tiff_pipe")
# Demuxers of real media files. Never playlists (concat, hls, dash, image sequences of other
# files): they open further files or URLs the uploader names.
VIDEO_FORMATS = ("mov", "matroska", "avi", "mpegts", "mpeg", "flv", "ogg", "asf", "mxf")
FORMAT_WHITELIST = ",".join(VIDEO_FORMATS + IMAGE_FORMATS)
LOCAL_PROTOCOLS = "file"


def probe_media(location: str, *, size: int, head: bytes, protocols: str) -> SourceInfo:
    """Probe what lies at location; head is its first bytes (to tell damaged from foreign).
    protocols: the only ffmpeg protocols the source may be read through, comma-separated."""
    if size == 0:
        raise MediaRejected(EMPTY)
    try:
        return _probe(location, protocols)
    except av.error.FFmpegError as e:
        raise MediaRejected(DAMAGED if looks_like_media(head) else NOT_MEDIA) from e


def _probe(location: str, protocols: str) -> SourceInfo:
    whitelists = {"format_whitelist": FORMAT_WHITELIST, "protocol_whitelist": protocols}
    with av.open(
        location, metadata_errors="ignore", timeout=30, container_options=whitelists
    ) as container:
        videos = [s for s in container.streams.video if not _is_cover_art(s)]
        if not videos:
            raise MediaRejected(NO_VIDEO)
        stream = videos[0]
        if container.format.name in IMAGE_FORMATS or (stream.frames or 0) == 1:
            raise MediaRejected(STILL)
        frame = _first_frame(container, stream)
        duration = _duration(container, stream)
        if duration <= 0:
            raise MediaRejected(DAMAGED)
        rotation = int(frame.rotation or 0) % 360
        width, height = frame.width, frame.height
        if rotation in (90, 270):
            width, height = height, width
        audio = list(container.streams.audio)
        ctx = stream.codec_context
        return SourceInfo(
            duration_s=duration,
            width=width,
            height=height,
            frame_rate=Fraction(stream.average_rate or stream.guessed_rate or 30),
            has_audio=bool(audio),
            video_codec=ctx.name,
            pixel_format=str(frame.format.name),
            interlaced=bool(frame.interlaced_frame) or int(ctx.field_order or 0) >= INTERLACED,
            rotation=rotation,
            audio_channels=audio[0].codec_context.channels if audio else 0,
            audio_tracks=len(audio),
            video_profile=str(ctx.profile or ""),
            audio_codec=audio[0].codec_context.name if audio else "",
            audio_profile=str(audio[0].codec_context.profile or "") if audio else "",
        )


def _is_cover_art(stream) -> bool:  # type: ignore[no-untyped-def]
    return bool(stream.disposition & av.stream.Disposition.attached_pic)


def _first_frame(container, stream):  # type: ignore[no-untyped-def]
    for packet in container.demux(stream):
        for frame in packet.decode():
            return frame
    raise MediaRejected(DAMAGED)


def _duration(container, stream) -> float:  # type: ignore[no-untyped-def]
    if container.duration:
        return container.duration / 1_000_000
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def looks_like_media(head: bytes) -> bool:
    return any(head[at : at + len(magic)] == magic for at, magic in SIGNATURES)
