"""A job's worker proves it is alive for the whole job, not only while ffmpeg prints progress;
the sweeper never takes a job (and never deletes its outputs) from a worker that is alive."""

import os
import socket
import threading
from datetime import UTC, datetime

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from backend.entrypoints.worker import Worker
from tests.fakes.clock import FrozenClock
from tests.integration.local.pipeline_helpers import creator, receive
from tests.integration.local.test_worker_recovery import wait_for


class GatedProber:
    """The real prober, held at the door until the test lets it through."""

    def __init__(self, prober) -> None:
        self._prober = prober
        self.entered = threading.Event()
        self.release = threading.Event()

    def probe(self, key: str):
        self.entered.set()
        assert self.release.wait(120)
        return self._prober.probe(key)


def heartbeat_of(svc, job_id: str) -> datetime | None:
    from sqlmodel import Session

    from backend.adapters.local.tables import JobRow

    with Session(svc.port("engine")) as session:
        beat = session.get(JobRow, job_id).heartbeat_at
    return beat.replace(tzinfo=UTC) if beat and beat.tzinfo is None else beat


def test_a_long_probe_keeps_its_job_alive(tmp_path):
    clock = FrozenClock(datetime.now(UTC))
    settings = Settings(data_dir=tmp_path, job_heartbeat_s=0.05, job_stale_after_s=60)
    gate = GatedProber(build_services(settings, clock=clock).port("prober"))
    svc = build_services(settings, clock=clock, prober=gate)
    owner = creator(svc)
    video = receive(svc, owner, "tiny")
    worker = Worker(svc)
    runner = threading.Thread(target=worker.run_once)
    runner.start()
    try:
        assert gate.entered.wait(60)
        now = clock.advance(seconds=61)  # the probe "takes" longer than the stale timeout
        wait_for(lambda: heartbeat_of(svc, video.job_id) == now, timeout=30)
        worker.sweep()
        assert svc.port("jobs").status_of(video.job_id) == "RUNNING"
    finally:
        gate.release.set()
        runner.join(120)
    done = svc.videos.get(owner, video.video_id)
    assert done.status is VideoStatus.READY, done.failure_reason
    assert svc.port("jobs").status_of(video.job_id) == "DONE"


def test_the_sweeper_leaves_a_live_workers_job_and_outputs_alone(tmp_path):
    clock = FrozenClock(datetime.now(UTC))
    svc = build_services(Settings(data_dir=tmp_path), clock=clock)
    owner = creator(svc)
    video = receive(svc, owner, "tiny")
    jobs = svc.port("jobs")
    alive = f"{socket.gethostname()}:{os.getpid()}/0"  # this very process: certainly alive
    job = jobs.claim(alive)
    svc.processing.begin(job.video_id, job.upload_id, job.job_id)
    output = svc.port("objects").path_for(f"media/{video.video_id}/240p/seg_00000.m4s")
    output.parent.mkdir(parents=True)
    output.write_bytes(b"segment")
    clock.advance(seconds=3600)  # its heartbeat is long overdue (say, the database was locked)
    Worker(svc).sweep()
    assert jobs.status_of(job.job_id) == "RUNNING"
    assert output.read_bytes() == b"segment"
    assert jobs.finish(job.job_id, alive, "DONE")  # the claim is still its own


def test_the_sweeper_retries_a_dead_workers_job(tmp_path):
    clock = FrozenClock(datetime.now(UTC))
    svc = build_services(Settings(data_dir=tmp_path), clock=clock)
    owner = creator(svc)
    receive(svc, owner, "tiny")
    jobs = svc.port("jobs")
    job = jobs.claim(f"{socket.gethostname()}:{2**22 + 17}/0")  # above pid_max: never alive
    svc.processing.begin(job.video_id, job.upload_id, job.job_id)
    clock.advance(seconds=61)
    Worker(svc).sweep()
    assert jobs.status_of(job.job_id) == "QUEUED"
