"""Did ffmpeg really write every file its playlists name? Its HLS muxer ignores failed segment
writes (a full disk, an I/O error) and still exits 0."""

import os
from pathlib import Path

from backend.ladder import RenditionPlan

MAP_URI = '#EXT-X-MAP:URI="'
MIB = 1024 * 1024


def unwritten_files(out_dir: Path, plans: list[RenditionPlan]) -> list[str]:
    """Files a rendition playlist needs that are missing, empty or not regular files."""
    missing: list[str] = []
    for p in plans:
        playlist = out_dir / p.name / "index.m3u8"
        if not _written(playlist):
            missing.append(f"{p.name}/index.m3u8")
            continue
        for line in playlist.read_text().splitlines():
            name = line[len(MAP_URI) :].split('"')[0] if line.startswith(MAP_URI) else line
            if name and not name.startswith("#") and not _written(out_dir / p.name / name):
                missing.append(f"{p.name}/{name}")
    return missing


def free_mib(folder: Path) -> int:
    stats = os.statvfs(folder)
    return stats.f_bavail * stats.f_frsize // MIB


def _written(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0
