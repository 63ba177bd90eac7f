"""Reads every video packet of a local source, without decoding: keyframe times, whether each
keyframe is an IDR picture (closed GOPs), the average bit rate and the codec's own RFC 6381 tag."""

from fractions import Fraction
from pathlib import Path

import av

from backend.adapters.media_probe import FORMAT_WHITELIST, LOCAL_PROTOCOLS
from backend.domain.media import MediaRejected, StreamScan

IDR, SPS = 5, 7
DAMAGED = "The file is damaged or incomplete."


def scan_stream(path: Path) -> StreamScan:
    options = {"format_whitelist": FORMAT_WHITELIST, "protocol_whitelist": LOCAL_PROTOCOLS}
    try:
        with av.open(str(path), container_options=options) as container:
            stream = next(s for s in container.streams.video if not s.disposition & 1024)
            time_base = stream.time_base or Fraction(1, 90000)
            start = Fraction(container.start_time or 0, 1_000_000)
            extradata = bytes(stream.codec_context.extradata or b"")
            avcc = extradata[:1] == b"\x01"
            length_size = (extradata[4] & 3) + 1 if avcc else 0
            keyframes: list[float] = []
            closed, total_bytes, last_s = True, 0, 0.0
            for packet in container.demux(stream):
                if packet.pts is None or packet.size == 0:
                    continue
                total_bytes += packet.size
                at = float(packet.pts * time_base - start)
                last_s = max(last_s, at + float((packet.duration or 0) * time_base))
                if packet.is_keyframe:
                    keyframes.append(max(0.0, at))
                    closed = closed and IDR in nal_types(bytes(packet), length_size)
    except (av.error.FFmpegError, StopIteration) as e:
        raise MediaRejected(DAMAGED) from e
    duration = max(last_s, 0.001)
    return StreamScan(
        keyframes_s=tuple(sorted(keyframes)),
        closed_gops=closed and bool(keyframes),
        video_kbps=round(total_bytes * 8 / duration / 1000),
        codec_tag=codec_tag(extradata, avcc),
        duration_s=duration,
    )


def nal_types(data: bytes, length_size: int) -> set[int]:
    """The NAL unit types in one packet: length-prefixed (MP4) or start-code (Annex B)."""
    if length_size:
        types, at = set(), 0
        while at + length_size < len(data):
            size = int.from_bytes(data[at : at + length_size], "big")
            types.add(data[at + length_size] & 0x1F)
            at += length_size + size
        return types
    return {unit[0] & 0x1F for unit in data.split(b"\x00\x00\x01")[1:] if unit}


def codec_tag(extradata: bytes, avcc: bool) -> str:
    """avc1.PPCCLL from the stream's sequence parameters (profile, constraints, level)."""
    if avcc and len(extradata) >= 4:
        return "avc1." + extradata[1:4].hex()
    for unit in extradata.split(b"\x00\x00\x01")[1:]:
        if unit and unit[0] & 0x1F == SPS and len(unit) >= 4:
            return "avc1." + unit[1:4].hex()
    return "avc1.640028"
