"""The local processing worker: claims durable jobs, heartbeats, and sweeps up after crashes."""

import logging
import threading
from datetime import timedelta

from backend.bootstrap import Services
from backend.domain.errors import ConfigError
from backend.domain.jobs import Job
from backend.domain.media import ProcessingFault
from backend.entrypoints.liveness import Heartbeat, is_alive, worker_id_prefix
from backend.services.pipeline import GAVE_UP, OUR_FAULT

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
        self.worker_id = worker_id or worker_id_prefix()

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
        """Requeue jobs whose worker went quiet; give up on those out of attempts. A job whose
        worker process is still alive stays with it: its outputs are in use."""
        stale_before = self._svc.port("clock").now() - timedelta(
            seconds=self._settings.job_stale_after_s
        )

        def alive(worker_id: str) -> bool:
            if is_alive(worker_id):
                log.warning("worker %s is alive but its job heartbeat is late", worker_id)
                return True
            return False

        requeued, gave_up = self._jobs.release_stale(
            stale_before, self._settings.job_max_attempts, keep=alive
        )
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
        log.info("job %s: video %s (attempt %d)", job.job_id, job.video_id, job.attempts)
        heartbeat = Heartbeat(
            lambda: self._jobs.heartbeat(job.job_id, worker_id), self._settings.job_heartbeat_s
        )
        try:
            with heartbeat:
                status = self._pipeline.run(job, still_wanted=lambda: heartbeat.wanted)
        except Exception as error:
            machine = isinstance(error, ProcessingFault)  # the machine's fault: the operator's
            if machine:
                log.error("job %s: %s (attempt %d)", job.job_id, error, job.attempts)
            else:
                log.exception("job %s crashed", job.job_id)
            if job.attempts < self._settings.job_max_attempts:
                self._pipeline.discard_partial(job)
                self._jobs.finish(job.job_id, worker_id, "QUEUED", str(error)[:500])
            else:
                self._pipeline.abandon(job, OUR_FAULT if machine else GAVE_UP)
                self._jobs.finish(job.job_id, worker_id, "FAILED", str(error)[:500])
            return
        self._jobs.finish(job.job_id, worker_id, status)
        log.info("job %s: %s", job.job_id, status)
