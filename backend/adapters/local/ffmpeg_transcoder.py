"""Local transcoding in low-priority ffmpeg processes: a first rung that makes the video playable
(the source remuxed when it is fit to stream, else the lowest rung), then the rest in one
process; the master playlist lists the rungs made so far."""

import logging
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Collection
from pathlib import Path

import imageio_ffmpeg

from backend.adapters.local.ffmpeg_command import hls_command, poster_command, remux_command
from backend.adapters.local.ffmpeg_process import child_setup, raise_machine_fault
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.master_playlist import master_playlist
from backend.adapters.local.progressive_phases import phase_progress, progressive_phases
from backend.adapters.local.rendition_files import free_mib, unwritten_files
from backend.adapters.local.stream_scan import scan_stream
from backend.domain.media import (
    Cancelled,
    MediaLimits,
    MediaRejected,
    ProcessedMedia,
    ProcessingFault,
    SourceInfo,
)
from backend.domain.models import Rendition
from backend.ladder import RenditionPlan, plan
from backend.passthrough import (
    DEFAULT_MARGIN,
    passthrough_plans,
    source_unfit_reasons,
    stream_unfit_reasons,
)

log = logging.getLogger(__name__)
DAMAGED = "The file is damaged or incomplete."
LONGER_THAN_HEADER = (
    "The video is longer than its header says, so it cannot be trusted; "
    "please export it again and upload the new file."
)
LENGTH_SLACK_S, LENGTH_SLACK_SHARE = 5.0, 0.1
TOO_MANY_PIXELS = "exceeds specified max pixel count"
COMPLETE_SHARE = 0.9


class FfmpegTranscoder:
    def __init__(
        self,
        store: FilesystemObjectStore,
        *,
        ffmpeg: str | None = None,
        niceness: int = 10,
        passthrough_margin: float = DEFAULT_MARGIN,
    ) -> None:
        self._store = store
        self._ffmpeg = ffmpeg or imageio_ffmpeg.get_ffmpeg_exe()
        self._niceness = niceness
        self._margin = passthrough_margin

    def transcode(
        self,
        *,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        limits: MediaLimits,
        on_progress: Callable[[int], bool],
        on_playable: Callable[[ProcessedMedia], None] = lambda media: None,
        made: Collection[str] = (),
    ) -> ProcessedMedia:
        source_path = self._store.path_for(source_key)
        out_dir = self._store.path_for(output_prefix.rstrip("/"))
        ladder, keyframes_s = self._ladder(source_path, source)
        phases = progressive_phases(ladder, made)
        if not made:
            shutil.rmtree(out_dir, ignore_errors=True)
        out_dir.mkdir(parents=True, exist_ok=True)
        done = [p for p in ladder if p.name in made]
        for number, phase in enumerate(phases):
            for rung in phase:
                shutil.rmtree(out_dir / rung.name, ignore_errors=True)
            self._run_phase(source_path, source, phase, out_dir, limits, keyframes_s,
                            phase_progress(on_progress, number, len(phases)))  # fmt: skip
            done += phase
            if number < len(phases) - 1:
                # playable at once; the poster (a few seconds of decoding) follows
                on_playable(self._publish(source, ladder, done, out_dir, output_prefix))
                if self._poster_made(source_path, source, out_dir, ladder[0].width):
                    on_playable(self._publish(source, ladder, done, out_dir, output_prefix))
        self._poster_made(source_path, source, out_dir, ladder[0].width)
        return self._publish(source, ladder, done, out_dir, output_prefix)

    def _ladder(
        self, source_path: Path, source: SourceInfo
    ) -> tuple[list[RenditionPlan], tuple[float, ...] | None]:
        """The ladder, with the source itself as top rung when it is fit to stream."""
        if source_unfit_reasons(source):
            return plan(source), None
        scan = scan_stream(source_path)
        if reasons := stream_unfit_reasons(source, scan, margin=self._margin):
            log.info("source not fit for passthrough: %s", "; ".join(reasons))
            return plan(source), None
        return passthrough_plans(source, scan), scan.keyframes_s

    def _run_phase(
        self,
        source_path: Path,
        source: SourceInfo,
        phase: list[RenditionPlan],
        out_dir: Path,
        limits: MediaLimits,
        keyframes_s: tuple[float, ...] | None,
        on_progress: Callable[[int], bool],
    ) -> None:
        if phase[0].copied:
            (out_dir / phase[0].name).mkdir(parents=True)
            command = remux_command(self._ffmpeg, source_path, phase[0], out_dir, limits)
        else:
            command = hls_command(
                self._ffmpeg, source_path, source, phase, out_dir, limits, keyframes_s
            )
        self._run(command, source.duration_s, limits, on_progress)
        if missing := unwritten_files(out_dir, phase):
            raise ProcessingFault(
                f"ffmpeg did not write {', '.join(missing[:5])} (disk full or I/O error? "
                f"{free_mib(out_dir)} MiB free)"
            )

    def _publish(
        self,
        source: SourceInfo,
        ladder: list[RenditionPlan],
        done: list[RenditionPlan],
        out_dir: Path,
        output_prefix: str,
    ) -> ProcessedMedia:
        """The master playlist of the rungs made so far (replaced atomically), and what they
        are (with the poster, once it exists)."""
        made = [p for p in ladder if p in done]
        master = out_dir / "master.m3u8"
        partial = out_dir / "master.m3u8.part"
        partial.write_text(master_playlist(out_dir, made))
        partial.replace(master)
        prefix = output_prefix.rstrip("/")
        poster = (out_dir / "poster.jpg").is_file()
        return ProcessedMedia(
            duration_s=round(source.duration_s, 3),
            width=made[0].width,
            height=made[0].height,
            renditions=[
                Rendition(
                    name=p.name,
                    width=p.width,
                    height=p.height,
                    video_kbps=p.video_kbps,
                    audio_kbps=p.audio_kbps,
                )
                for p in made
            ],
            manifest_key=f"{prefix}/master.m3u8",
            poster_key=f"{prefix}/poster.jpg" if poster else "",
            thumbnail_key=f"{prefix}/thumb.jpg" if poster else "",
            planned=[p.name for p in ladder],
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
            preexec_fn=child_setup(self._niceness),
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
        raise_machine_fault(process.returncode, errors)
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

    def _poster_made(
        self, source_path: Path, source: SourceInfo, out_dir: Path, width: int
    ) -> bool:
        """Make the poster unless it exists; whether it was made now."""
        if (out_dir / "poster.jpg").is_file():
            return False
        self._poster(source_path, source, out_dir, width)
        return True

    def _poster(self, source_path: Path, source: SourceInfo, out_dir: Path, width: int) -> None:
        # A third of the way in skips black intros and fades; short clips use what they have.
        at = min(source.duration_s / 3, max(0.0, source.duration_s - 4))
        command = poster_command(
            self._ffmpeg, source_path, at, out_dir / "poster.jpg", out_dir / "thumb.jpg", width
        )
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        raise_machine_fault(result.returncode, result.stderr)
        if result.returncode != 0 or not (out_dir / "poster.jpg").is_file():
            log.warning("poster failed: %s", result.stderr[-2000:])
            raise MediaRejected(DAMAGED)
