"""Real ffmpeg on generated clips: every source ends READY with the right ladder, or FAILED with
a reason a creator understands."""

import m3u8
import pytest

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from backend.entrypoints.worker import Worker
from tests.integration.local.pipeline_helpers import (
    creator,
    mean_luma,
    receive,
    rendition_file,
    streams,
)

LANDSCAPE = [("720p", 1280, 720), ("480p", 854, 480), ("360p", 640, 360), ("240p", 426, 240)]
SMALL = [("360p", 640, 360), ("240p", 426, 240)]
READY_CASES = {
    "landscape": (LANDSCAPE, 30, True),
    "portrait": ([("720p", 720, 1280), ("480p", 480, 854), ("360p", 360, 640), ("240p", 240, 426)],
                 30, True),
    "rotated": ([("360p", 360, 640), ("240p", 240, 426)], 30, True),
    "odd": ([("240p", 428, 240)], 30, True),
    "silent": (SMALL, 30, False),
    "sixty": (SMALL, 60, True),
    "ten_bit": (SMALL, 30, True),
    "vp9": (SMALL, 30, True),
    "hevc_interlaced": ([("480p", 600, 480), ("360p", 450, 360), ("240p", 300, 240)], 25, True),
    "two_audio_tracks": (SMALL, 30, True),
    "short": (SMALL, 30, True),
    "tiny": ([("120p", 160, 120)], 30, True),
}  # fmt: skip
FAILED_CASES = {
    "audio_only": "This file has no video track.",
    "still_image": "This file is a still image, not a video.",
    "text": "This file is not a video we can read.",
    "empty": "The file is empty.",
    "truncated": "The file is damaged or incomplete.",
}


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    svc = build_services(Settings(data_dir=tmp_path_factory.mktemp("pipeline")))
    return svc, creator(svc), Worker(svc)


@pytest.mark.parametrize("kind", list(READY_CASES))
def test_source_becomes_browser_safe_adaptive_hls(platform, kind):
    svc, owner, worker = platform
    rungs, rate, has_audio = READY_CASES[kind]
    video = receive(svc, owner, kind)
    assert worker.run_once()
    video = svc.videos.get(owner, video.video_id)
    assert video.status is VideoStatus.READY, video.failure_reason
    assert video.progress == 100
    assert [(r.name, r.width, r.height) for r in video.renditions] == rungs
    assert (video.width, video.height) == rungs[0][1:]
    root = svc.port("objects").root

    master = m3u8.load(str(root / video.manifest_key))
    assert master.is_variant and len(master.playlists) == len(rungs)
    for variant, (name, width, height) in zip(master.playlists, rungs, strict=True):
        info = variant.stream_info
        assert info.resolution == (width, height)
        assert info.frame_rate == pytest.approx(rate)
        assert info.average_bandwidth <= info.bandwidth
        assert info.codecs.startswith("avc1.64")
        assert ("mp4a.40.2" in info.codecs) is has_audio
        media = m3u8.load(str(root / "media" / video.video_id / variant.uri))
        assert media.playlist_type == "vod" and media.is_endlist
        assert media.segment_map and media.segments
        assert all(s.duration <= 6.01 for s in media.segments)

        probed = streams(rendition_file(root, video, name))
        assert probed["codec"] == "h264" and probed["profile"] == "High"
        assert probed["pix_fmt"] == "yuv420p"
        assert probed["size"] == (width, height)
        assert probed["rate"] == pytest.approx(rate, abs=0.5)
        assert probed["audio"] == ([("aac", 2)] if has_audio else [])
    assert (root / video.poster_key).stat().st_size > 1000
    assert (root / "media" / video.video_id / "thumb.jpg").is_file()


@pytest.mark.parametrize("kind", list(FAILED_CASES))
def test_unusable_source_fails_with_a_reason(platform, kind):
    svc, owner, worker = platform
    video = receive(svc, owner, kind)
    assert worker.run_once()
    video = svc.videos.get(owner, video.video_id)
    assert video.status is VideoStatus.FAILED
    assert video.failure_reason == FAILED_CASES[kind]
    assert not (svc.port("objects").root / "media" / video.video_id).exists()


def test_segments_align_across_renditions_every_two_seconds(platform):
    svc, owner, worker = platform
    video = receive(svc, owner, "black_intro")  # 9 s
    assert worker.run_once()
    video = svc.videos.get(owner, video.video_id)
    root = svc.port("objects").root / "media" / video.video_id
    durations = {
        r.name: [s.duration for s in m3u8.load(str(root / r.name / "index.m3u8")).segments]
        for r in video.renditions
    }
    assert all(d == [6.0, 3.0] for d in durations.values()), durations


def test_poster_is_a_representative_frame_not_the_black_intro(platform):
    svc, owner, worker = platform
    video = receive(svc, owner, "black_intro")
    assert worker.run_once()
    video = svc.videos.get(owner, video.video_id)
    assert mean_luma(svc.port("objects").root / video.poster_key) > 40


def test_duplicate_object_event_does_not_start_a_second_job(platform):
    svc, owner, worker = platform
    video = receive(svc, owner, "short")
    key = video.source_key
    assert svc.uploads.object_received(key, video.source_size) is None
    assert worker.run_once()
    assert not worker.run_once()  # nothing else was queued
    assert svc.videos.get(owner, video.video_id).status is VideoStatus.READY


def test_too_long_source_is_refused_before_transcoding(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path, max_duration_s=2))
    owner = creator(svc)
    video = receive(svc, owner, "landscape")
    assert Worker(svc).run_once()
    failed = svc.videos.get(owner, video.video_id)
    assert failed.status is VideoStatus.FAILED and "too long" in failed.failure_reason
