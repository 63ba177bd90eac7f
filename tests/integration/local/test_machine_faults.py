"""When the machine fails (disk full), the job is retried and the operator, not the creator, is
told the cause: `valvid jobs` lists it."""

from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from backend.entrypoints import cli
from backend.entrypoints.worker import Worker
from tests.integration.local.fault_injection import full_disk_ffmpeg, transcodes_run
from tests.integration.local.pipeline_helpers import creator, receive


def test_a_full_disk_is_retried_and_not_blamed_on_the_file(tmp_path, monkeypatch, capsys):
    settings = Settings(data_dir=tmp_path / "data")
    objects = build_services(settings).port("objects")
    ffmpeg = full_disk_ffmpeg(tmp_path / "bin", full_times=1)
    svc = build_services(settings, transcoder=FfmpegTranscoder(objects, ffmpeg=str(ffmpeg)))
    owner = creator(svc)
    video = receive(svc, owner, "tiny")
    worker = Worker(svc)

    assert worker.run_once()  # meets the full disk
    assert transcodes_run(tmp_path / "bin") == 1
    waiting = svc.videos.get(owner, video.video_id)
    assert waiting.status is not VideoStatus.FAILED, waiting.failure_reason
    assert waiting.failure_reason is None
    assert svc.port("jobs").status_of(video.job_id) == "QUEUED"

    monkeypatch.setenv("VALVID_DATA_DIR", str(settings.data_dir))
    assert cli.main(["jobs"]) == 0
    listing = capsys.readouterr().out
    row = next(line for line in listing.splitlines() if video.job_id in line)
    assert "QUEUED" in row and " 1 " in row and "disk" in row.lower()

    assert worker.run_once()  # the disk has room again
    done = svc.videos.get(owner, video.video_id)
    assert done.status is VideoStatus.READY, done.failure_reason
    assert svc.port("jobs").status_of(video.job_id) == "DONE"


def test_a_killed_encoder_is_retried_and_not_blamed_on_the_file(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    objects = build_services(settings).port("objects")
    ffmpeg = full_disk_ffmpeg(tmp_path / "bin", full_times=1, killed=True)
    svc = build_services(settings, transcoder=FfmpegTranscoder(objects, ffmpeg=str(ffmpeg)))
    owner = creator(svc)
    video = receive(svc, owner, "tiny")
    worker = Worker(svc)
    assert worker.run_once()  # the encoder is killed
    assert svc.port("jobs").status_of(video.job_id) == "QUEUED"
    assert svc.videos.get(owner, video.video_id).failure_reason is None
    assert worker.run_once()
    assert svc.videos.get(owner, video.video_id).status is VideoStatus.READY


def test_a_disk_that_stays_full_fails_the_video_without_blaming_the_file(tmp_path):
    settings = Settings(data_dir=tmp_path / "data")
    objects = build_services(settings).port("objects")
    ffmpeg = full_disk_ffmpeg(tmp_path / "bin", full_times=99)
    svc = build_services(settings, transcoder=FfmpegTranscoder(objects, ffmpeg=str(ffmpeg)))
    owner = creator(svc)
    video = receive(svc, owner, "tiny")
    worker = Worker(svc)
    while worker.run_once():
        pass
    assert transcodes_run(tmp_path / "bin") == settings.job_max_attempts
    failed = svc.videos.get(owner, video.video_id)
    assert failed.status is VideoStatus.FAILED
    assert "on our side" in failed.failure_reason
    assert "damaged" not in failed.failure_reason
