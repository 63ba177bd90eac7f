"""kill -9 of the worker at every stage of a job: the video still ends READY (the next worker
retries) and is never left stuck or stripped of its outputs."""

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from tests.integration.local.pipeline_helpers import creator, receive
from tests.integration.local.test_worker_recovery import start_worker, wait_for

REPO = Path(__file__).resolve().parents[3]
STAGES = ["probe", "transcode", "poster", "before_complete", "after_complete"]


def stalled_worker(data_dir: Path, stage: str, marker: Path) -> subprocess.Popen:
    command = [sys.executable, "-m", "tests.integration.local.stalling_worker"]
    return subprocess.Popen([*command, str(data_dir), stage, str(marker)], cwd=REPO)


@pytest.mark.parametrize("stage", STAGES)
def test_a_worker_killed_at_any_stage_leaves_no_video_in_limbo(tmp_path, stage):
    data_dir, marker = tmp_path / "data", tmp_path / "stalled"
    svc = build_services(Settings(data_dir=data_dir))
    owner = creator(svc)
    video = receive(svc, owner, "tiny")

    first = stalled_worker(data_dir, stage, marker)
    try:
        wait_for(lambda: marker.exists() or first.poll() is not None, timeout=120)
        assert marker.exists(), f"the worker ended before reaching {stage}"
        first.send_signal(signal.SIGKILL)
    finally:
        first.kill()
        first.wait(30)

    second = start_worker(data_dir)
    try:
        done = wait_for(
            lambda: (
                (v := svc.videos.get(owner, video.video_id)).status
                in (VideoStatus.READY, VideoStatus.FAILED)
                and svc.port("jobs").status_of(video.job_id) not in ("QUEUED", "RUNNING")
                and v
            ),
            timeout=120,
        )
    finally:
        second.terminate()
        second.wait(30)
    assert done.status is VideoStatus.READY, done.failure_reason
    media = svc.port("objects").root / done.manifest_key
    assert media.is_file(), "the READY video's playlist was deleted"
    assert (media.parent / "120p" / "index.m3u8").is_file()
    assert svc.port("jobs").status_of(video.job_id) == "DONE"
