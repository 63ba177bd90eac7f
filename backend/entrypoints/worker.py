"""The local processing worker: claims durable jobs, heartbeats, and sweeps up after crashes."""

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from backend.bootstrap import Services
from backend.domain.errors import ConfigError
from backend.domain.jobs import Job

log = logging.getLogger(__name__)
POLL_S = 1.0


class Worker:
    def __init__(self, svc: Services, *, worker_id: str | None = None) -> None:
        self._svc = svc
        self._settings = svc.settings
        self._jobs = svc.port("jobs")
        if svc.pipeline is None:
            raise ConfigError("This mode has no local processing pipeline to run.")
        self._pipeline = svc.pipeline
        self.worker_id = worker_id or f"{socket.gethostname()}:{os.getpid()}"

    def run(self, stop: threading.Event) -> None:
        """Run `worker_concurrency` job loops and the sweeper until stop is set."""
        loops = [
            threading.Thread(target=self._loop, args=(stop, i), daemon=True)
            for i in range(self._settings.worker_concurrency)
        ]
        for thread in loops:
            thread.start()
        log.info("worker %s running %d job loop(s)", self.worker_id, len(loops))
        while not stop.wait(min(self._settings.job_stale_after_s / 2, 10)):
            self.sweep()
        for thread in loops:
            thread.join()

    def run_once(self, slot: int = 0) -> bool:
        """Claim and process one job; False when none was queued."""
        worker_id = f"{self.worker_id}/{slot}"
        job = self._jobs.claim(worker_id)
        if job is None:
            return False
        self._process(job, worker_id)
        return True

    def sweep(self) -> None:
        """Requeue jobs whose worker went quiet; give up on those out of attempts."""
        stale_before = self._svc.port("clock").now() - timedelta(
            seconds=self._settings.job_stale_after_s
        )
        requeued, gave_up = self._jobs.release_stale(stale_before, self._settings.job_max_attempts)
        for job in requeued:
            log.warning("job %s went quiet; retrying (attempt %d done)", job.job_id, job.attempts)
            self._pipeline.discard_partial(job)
        for job in gave_up:
            log.error("job %s went quiet %d times; giving up", job.job_id, job.attempts)
            self._pipeline.abandon(job)

    def _loop(self, stop: threading.Event, slot: int) -> None:
        self.sweep()
        while not stop.is_set():
            try:
                if not self.run_once(slot):
                    stop.wait(POLL_S)
            except Exception:
                log.exception("job loop error")
                stop.wait(POLL_S)

    def _process(self, job: Job, worker_id: str) -> None:
        beat_every = self._settings.job_heartbeat_s
        state = {"last": time.monotonic(), "wanted": True}

        def still_wanted() -> bool:
            if time.monotonic() - state["last"] >= beat_every:
                state["wanted"] = self._jobs.heartbeat(job.job_id, worker_id)
                state["last"] = time.monotonic()
            return bool(state["wanted"])

        log.info("job %s: video %s (attempt %d)", job.job_id, job.video_id, job.attempts)
        try:
            status = self._pipeline.run(job, still_wanted=still_wanted)
        except Exception as error:
            log.exception("job %s crashed", job.job_id)
            if job.attempts < self._settings.job_max_attempts:
                self._pipeline.discard_partial(job)
                self._jobs.finish(job.job_id, worker_id, "QUEUED", str(error)[:500])
            else:
                self._pipeline.abandon(job)
                self._jobs.finish(job.job_id, worker_id, "FAILED", str(error)[:500])
            return
        self._jobs.finish(job.job_id, worker_id, status)
        log.info("job %s: %s", job.job_id, status)
