"""Writes the HLS master playlist from what was really encoded (measured segment bit rates)."""

import math
import re
from pathlib import Path

from backend.ladder import RenditionPlan

EXTINF = re.compile(r"#EXTINF:([\d.]+)")


def measured_bandwidth(rendition_dir: Path) -> tuple[int, int]:
    """(peak, average) bits per second over the rendition's media segments."""
    lines = (rendition_dir / "index.m3u8").read_text().splitlines()
    peak = total_bits = 0.0
    total_s = 0.0
    for i, line in enumerate(lines):
        match = EXTINF.match(line)
        if not match:
            continue
        duration = float(match.group(1))
        bits = (rendition_dir / lines[i + 1].strip()).stat().st_size * 8
        total_bits += bits
        total_s += duration
        if duration > 0:
            peak = max(peak, bits / duration)
    if total_s <= 0:
        raise ValueError(f"no segments in {rendition_dir}")
    return math.ceil(peak), math.ceil(total_bits / total_s)


def master_playlist(out_dir: Path, plans: list[RenditionPlan]) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for p in plans:
        peak, average = measured_bandwidth(out_dir / p.name)
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={peak},AVERAGE-BANDWIDTH={average},"
            f'RESOLUTION={p.width}x{p.height},CODECS="{p.codecs}",'
            f"FRAME-RATE={float(p.frame_rate):.3f}"
        )
        lines.append(f"{p.name}/index.m3u8")
    return "\n".join(lines) + "\n"
