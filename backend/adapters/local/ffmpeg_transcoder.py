"""Local transcoding: one low-priority ffmpeg process for the whole ladder, then a poster."""

import contextlib
import ctypes
import logging
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import imageio_ffmpeg

from backend.adapters.local.ffmpeg_command import hls_command, poster_command
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.master_playlist import master_playlist
from backend.adapters.local.rendition_files import free_mib, unwritten_files
from backend.domain.media import (
    Cancelled,
    MediaLimits,
    MediaRejected,
    ProcessedMedia,
    ProcessingFault,
    SourceInfo,
)
from backend.domain.models import Rendition
from backend.ladder import plan

log = logging.getLogger(__name__)
DAMAGED = "The file is damaged or incomplete."
LONGER_THAN_HEADER = (
    "The video is longer than its header says, so it cannot be trusted; "
    "please export it again and upload the new file."
)
LENGTH_SLACK_S, LENGTH_SLACK_SHARE = 5.0, 0.1
TOO_MANY_PIXELS = "exceeds specified max pixel count"
# What ffmpeg prints when the machine failed it; never a property of the source.
MACHINE_ERRORS = (
    "No space left on device",
    "Disk quota exceeded",
    "Input/output error",
    "Read-only file system",
    "Cannot allocate memory",
    "Too many open files",
)
PR_SET_PDEATHSIG = 1
COMPLETE_SHARE = 0.9


def _child_setup(niceness: int) -> Callable[[], None]:
    def setup() -> None:
        os.nice(niceness)
        # Viewers first: transcoding gets the CPU time nothing else wants (Linux SCHED_IDLE).
        with contextlib.suppress(AttributeError, OSError):
            os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        # Die with the worker: a killed worker must not leave ffmpeg running.
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    return setup


class FfmpegTranscoder:
    def __init__(
        self, store: FilesystemObjectStore, *, ffmpeg: str | None = None, niceness: int = 10
    ) -> None:
        self._store = store
        self._ffmpeg = ffmpeg or imageio_ffmpeg.get_ffmpeg_exe()
        self._niceness = niceness

    def transcode(
        self,
        *,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        limits: MediaLimits,
        on_progress: Callable[[int], bool],
    ) -> ProcessedMedia:
        source_path = self._store.path_for(source_key)
        out_dir = self._store.path_for(output_prefix.rstrip("/"))
        shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True)
        plans = plan(source)
        command = hls_command(self._ffmpeg, source_path, source, plans, out_dir, limits)
        self._run(command, source.duration_s, limits, on_progress)
        if missing := unwritten_files(out_dir, plans):
            raise ProcessingFault(
                f"ffmpeg did not write {', '.join(missing[:5])} (disk full or I/O error? "
                f"{free_mib(out_dir)} MiB free)"
            )
        (out_dir / "master.m3u8").write_text(master_playlist(out_dir, plans))
        self._poster(source_path, source, out_dir, plans[0].width)
        prefix = output_prefix.rstrip("/")
        top = plans[0]
        return ProcessedMedia(
            duration_s=round(source.duration_s, 3),
            width=top.width,
            height=top.height,
            renditions=[
                Rendition(
                    name=p.name,
                    width=p.width,
                    height=p.height,
                    video_kbps=p.video_kbps,
                    audio_kbps=p.audio_kbps,
                )
                for p in plans
            ],
            manifest_key=f"{prefix}/master.m3u8",
            poster_key=f"{prefix}/poster.jpg",
            thumbnail_key=f"{prefix}/thumb.jpg",
        )

    def _run(
        self,
        command: list[str],
        duration_s: float,
        limits: MediaLimits,
        on_progress: Callable[[int], bool],
    ) -> None:
        stderr = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed below)
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            preexec_fn=_child_setup(self._niceness),
        )
        assert process.stdout is not None
        done_s = 0.0
        longest_s = duration_s * (1 + LENGTH_SLACK_SHARE) + LENGTH_SLACK_S
        try:
            for line in process.stdout:
                if not line.startswith("out_time_us=") or line.strip().endswith("N/A"):
                    continue
                done_s = int(line.split("=", 1)[1]) / 1_000_000
                if done_s > longest_s:
                    process.kill()
                    log.warning(
                        "source runs past %.1fs though its header says %.1fs", done_s, duration_s
                    )
                    raise MediaRejected(LONGER_THAN_HEADER)
                if not on_progress(int(100 * done_s / max(duration_s, 0.001))):
                    process.kill()
                    raise Cancelled()
        finally:
            if process.poll() is None:
                process.kill()
            process.wait()
            stderr.seek(0)
            errors = stderr.read()
            stderr.close()
        _raise_machine_fault(process.returncode, errors)
        if TOO_MANY_PIXELS in errors:
            raise MediaRejected(limits.too_large)
        if process.returncode != 0:
            log.warning("ffmpeg failed (%s): %s", process.returncode, errors[-2000:])
            raise MediaRejected(DAMAGED)
        if (
            done_s < duration_s * COMPLETE_SHARE - 0.5
        ):  # a truncated file ends early, "successfully"
            log.warning("ffmpeg stopped at %.1fs of %.1fs: %s", done_s, duration_s, errors[-2000:])
            raise MediaRejected(DAMAGED)

    def _poster(self, source_path: Path, source: SourceInfo, out_dir: Path, width: int) -> None:
        # A third of the way in skips black intros and fades; short clips use what they have.
        at = min(source.duration_s / 3, max(0.0, source.duration_s - 4))
        command = poster_command(
            self._ffmpeg, source_path, at, out_dir / "poster.jpg", out_dir / "thumb.jpg", width
        )
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        _raise_machine_fault(result.returncode, result.stderr)
        if result.returncode != 0 or not (out_dir / "poster.jpg").is_file():
            log.warning("poster failed: %s", result.stderr[-2000:])
            raise MediaRejected(DAMAGED)


def _raise_machine_fault(returncode: int, errors: str) -> None:
    """ProcessingFault when ffmpeg was killed or the machine failed it (not the source)."""
    if returncode < 0:
        raise ProcessingFault(f"ffmpeg was killed by signal {-returncode}")
    for message in MACHINE_ERRORS:
        if returncode != 0 and message in errors:
            raise ProcessingFault(f"ffmpeg: {message}: {errors.strip()[-300:]}")
