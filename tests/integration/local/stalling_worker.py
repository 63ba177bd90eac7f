"""A real worker process that stops dead at one stage of a job, so a test can kill -9 it there.

    python -m tests.integration.local.stalling_worker DATA_DIR STAGE MARKER

Stages: probe, transcode (ffmpeg running), poster, before_complete (every output written,
video not READY yet), after_complete (video READY, job not yet marked done). On reaching the
stage it writes MARKER and waits forever, heartbeating like any worker."""

import sys
import threading
from pathlib import Path
from typing import Any

from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
from backend.bootstrap import build_services
from backend.config import Settings
from backend.entrypoints.worker import Worker


class Stall:
    def __init__(self, stage: str, marker: Path) -> None:
        self.stage = stage
        self._marker = marker

    def at(self, stage: str) -> None:
        if stage == self.stage:
            self._marker.write_text(stage)
            threading.Event().wait()


class StallingProber:
    def __init__(self, prober: Any, stall: Stall) -> None:
        self._prober, self._stall = prober, stall

    def probe(self, key: str) -> Any:
        self._stall.at("probe")
        return self._prober.probe(key)


class StallingTranscoder(FfmpegTranscoder):
    def __init__(self, store: Any, stall: Stall) -> None:
        super().__init__(store)
        self._stall = stall

    def transcode(self, *, on_progress: Any, **kwargs: Any) -> Any:
        def progress(percent: int) -> bool:
            self._stall.at("transcode")
            return bool(on_progress(percent))

        return super().transcode(on_progress=progress, **kwargs)

    def _poster(self, *args: Any) -> None:
        self._stall.at("poster")
        super()._poster(*args)


def main(data_dir: str, stage: str, marker: str) -> None:
    stall = Stall(stage, Path(marker))
    settings = Settings(data_dir=Path(data_dir), job_heartbeat_s=0.5)
    plain = build_services(settings)
    svc = build_services(
        settings,
        prober=StallingProber(plain.port("prober"), stall),
        transcoder=StallingTranscoder(plain.port("objects"), stall),
    )
    complete = svc.processing.complete

    def stalling_complete(*args: Any) -> Any:
        stall.at("before_complete")
        done = complete(*args)
        stall.at("after_complete")
        return done

    svc.processing.complete = stalling_complete  # type: ignore[method-assign]
    Worker(svc).run_once()
    raise SystemExit(f"stage {stage} was never reached")


if __name__ == "__main__":
    main(*sys.argv[1:4])
