"""Durable jobs: a killed worker's job is retried by the next one; cancelled jobs stop ffmpeg."""

import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from backend.entrypoints.worker import Worker
from tests.fakes.clock import FrozenClock
from tests.integration.local.pipeline_helpers import creator, receive

VALVID = str(Path(sys.executable).with_name("valvid"))


def wait_for(condition, timeout=120, every=0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError("condition not met in time")


def ffmpeg_writing(media_dir: Path) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        if any(str(media_dir) in part for part in p.info["cmdline"] or []):
            found.append(p)
    return found


def start_worker(data_dir: Path) -> subprocess.Popen:
    env = dict(
        os.environ,
        VALVID_DATA_DIR=str(data_dir),
        VALVID_JOB_HEARTBEAT_S="0.5",
        VALVID_JOB_STALE_AFTER_S="3",
    )
    return subprocess.Popen([VALVID, "worker"], env=env, stderr=subprocess.DEVNULL)


def test_worker_killed_mid_transcode_is_retried_by_the_next_worker(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path))
    owner = creator(svc)
    video = receive(svc, owner, "long")
    media_dir = svc.port("objects").root / "media" / video.video_id

    first = start_worker(tmp_path)
    try:
        wait_for(lambda: svc.videos.get(owner, video.video_id).progress >= 5)
        assert ffmpeg_writing(media_dir), "ffmpeg should be transcoding"
        first.send_signal(signal.SIGKILL)
        first.wait(10)
        # ffmpeg dies with its worker: nothing keeps writing partial output
        wait_for(lambda: not ffmpeg_writing(media_dir), timeout=10)
        assert svc.videos.get(owner, video.video_id).status is VideoStatus.PROCESSING
    finally:
        if first.poll() is None:
            first.kill()

    second = start_worker(tmp_path)
    try:
        done = wait_for(
            lambda: (v := svc.videos.get(owner, video.video_id)).status is VideoStatus.READY and v,
            timeout=240,
        )
    finally:
        second.terminate()
        second.wait(30)
    assert [r.name for r in done.renditions] == ["720p", "480p", "360p", "240p"]
    job = svc.port("jobs")
    assert job.status_of(done.job_id) == "DONE"


def test_a_job_that_keeps_dying_fails_after_three_attempts(tmp_path):
    clock = FrozenClock(datetime.now(UTC))
    svc = build_services(Settings(data_dir=tmp_path), clock=clock)
    owner = creator(svc)
    video = receive(svc, owner, "short")
    jobs, worker = svc.port("jobs"), Worker(svc)
    for attempt in range(1, 4):
        job = jobs.claim("doomed-worker")  # claimed, then the worker "dies": no heartbeat
        assert job.attempts == attempt
        svc.processing.begin(job.video_id, job.upload_id, job.job_id)
        clock.advance(seconds=61)
        worker.sweep()
    failed = svc.videos.get(owner, video.video_id)
    assert failed.status is VideoStatus.FAILED
    assert "upload the file again" in failed.failure_reason
    assert jobs.claim("anyone") is None


def test_deleting_a_video_while_it_transcodes_cancels_the_job(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path, job_heartbeat_s=0.2))
    owner = creator(svc)
    video = receive(svc, owner, "long")
    media_dir = svc.port("objects").root / "media" / video.video_id
    job_id = video.job_id
    runner = threading.Thread(target=Worker(svc).run_once)
    runner.start()
    wait_for(lambda: svc.videos.get(owner, video.video_id).progress >= 3)
    svc.videos.delete(owner, video.video_id)
    runner.join(30)
    assert not runner.is_alive()
    assert svc.port("jobs").status_of(job_id) == "CANCELED"
    assert not ffmpeg_writing(media_dir)
    assert not media_dir.exists()
    assert not (svc.port("objects").root / "uploads" / video.video_id).exists()
