"""A stand-in ffmpeg executable that runs the real one on a disk that is full for its segment
writes: before the real ffmpeg starts, each rung's first segment path is made a link to
/dev/full, so the kernel answers ENOSPC to ffmpeg's own write through the real code path.
(A size-limited tmpfs or loop mount would need mount privileges CI does not always have.)
Or one that is killed (as by the OOM killer) before it starts."""

import sys
from pathlib import Path

import imageio_ffmpeg

SCRIPT = """#!{python}
import os, sys
args = sys.argv[1:]
runs = {runs!r}
if "-hls_segment_filename" in args:
    done = int(open(runs).read() or 0) if os.path.exists(runs) else 0
    open(runs, "w").write(str(done + 1))
    failing = {after} <= done < {after} + {full_times}
    if failing and {killed}:
        os.kill(os.getpid(), 9)
    if failing:
        pattern = args[args.index("-hls_segment_filename") + 1]
        streams = ["name:"]  # a remux writes one rendition, named in its pattern
        if "-var_stream_map" in args:
            streams = args[args.index("-var_stream_map") + 1].split()
        for stream in streams:
            name = stream.split("name:")[1]
            segment = pattern.replace("%v", name) % 0
            os.makedirs(os.path.dirname(segment), exist_ok=True)
            os.symlink("/dev/full", segment)
os.execv({ffmpeg!r}, [{ffmpeg!r}, *args])
"""


def full_disk_ffmpeg(
    folder: Path, *, full_times: int = 1, killed: bool = False, after: int = 0
) -> Path:
    """An ffmpeg whose transcodes after the first `after` ones meet a full disk (or are killed,
    if killed) full_times times; the others run normally."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "ffmpeg"
    script.write_text(
        SCRIPT.format(
            python=sys.executable,
            runs=str(folder / "transcodes"),
            full_times=full_times,
            after=after,
            killed=killed,
            ffmpeg=imageio_ffmpeg.get_ffmpeg_exe(),
        )
    )
    script.chmod(0o755)
    return script


def transcodes_run(folder: Path) -> int:
    runs = folder / "transcodes"
    return int(runs.read_text() or 0) if runs.exists() else 0
