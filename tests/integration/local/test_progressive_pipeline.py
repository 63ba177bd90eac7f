"""Progressive processing with real ffmpeg: playable after a first rung (the source remuxed when
it is fit to stream), segments aligned across rungs, and a failure after playable keeps it so."""

from pathlib import Path

import av
import m3u8
import pytest

from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from backend.entrypoints.worker import Worker
from backend.services.pipeline import OUR_FAULT
from tests.integration.local.fault_injection import full_disk_ffmpeg, transcodes_run
from tests.integration.local.pipeline_helpers import creator, receive, rendition_file


def run_watching_playable(svc, owner, worker, monkeypatch):
    """Process one job; returns what the creator saw when the video first became playable."""
    seen = []
    playable = svc.processing.playable

    def observed(video_id, upload_id, media):
        moved = playable(video_id, upload_id, media)
        video = svc.videos.get(owner, video_id)
        master = svc.port("objects").path_for(media.manifest_key).read_text()
        seen.append((video.status, [r.name for r in video.renditions], master, video.poster_key))
        return moved

    monkeypatch.setattr(svc.processing, "playable", observed)
    assert worker.run_once()
    return seen


def listed_rungs(master: str) -> list[str]:
    return [p.uri.split("/")[0] for p in m3u8.loads(master).playlists]


def segment_durations(folder: Path) -> list[float]:
    return [round(s.duration, 3) for s in m3u8.load(str(folder / "index.m3u8")).segments]


def video_packets(path: Path) -> list[tuple[bytes, bool]]:
    with av.open(str(path)) as container:
        return [
            (bytes(p), p.is_keyframe)
            for p in container.demux(video=0)
            if p.size  # the demuxer's final flush packet carries nothing
        ]


@pytest.fixture
def platform(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path / "data"))
    return svc, creator(svc), Worker(svc), svc.settings.objects_dir


def test_a_source_fit_to_stream_is_remuxed_as_the_top_rung_first(platform, monkeypatch):
    svc, owner, worker, root = platform
    video = receive(svc, owner, "fit_to_stream")
    source = svc.port("objects").path_for(video.source_key)

    seen = run_watching_playable(svc, owner, worker, monkeypatch)

    # playable at once, then again with its poster
    assert [(status, rungs) for status, rungs, *_ in seen] == [(VideoStatus.PLAYABLE, ["720p"])] * 2
    assert listed_rungs(seen[0][2]) == ["720p"]
    assert seen[0][3] is None and seen[1][3].endswith("poster.jpg")
    video = svc.videos.get(owner, video.video_id)
    assert video.status is VideoStatus.READY
    assert [r.name for r in video.renditions] == ["720p", "480p", "360p", "240p"]
    master = (root / "media" / video.video_id / "master.m3u8").read_text()
    assert listed_rungs(master) == ["720p", "480p", "360p", "240p"]
    assert 'CODECS="avc1.64001f,mp4a.40.2"' in master  # the source's own profile and level
    copied = rendition_file(root, video, "720p")
    assert video_packets(copied) == video_packets(source)  # stream copied: the same packets
    folders = [root / "media" / video.video_id / r.name for r in video.renditions]
    top = segment_durations(folders[0])
    assert len(top) > 1 and all(segment_durations(f) == top for f in folders[1:])


def test_an_unfit_source_plays_its_lowest_rung_first_and_rungs_stay_aligned(platform, monkeypatch):
    svc, owner, worker, root = platform
    video = receive(svc, owner, "ten_bit")

    seen = run_watching_playable(svc, owner, worker, monkeypatch)

    assert [(status, rungs) for status, rungs, *_ in seen] == [(VideoStatus.PLAYABLE, ["240p"])] * 2
    video = svc.videos.get(owner, video.video_id)
    assert video.status is VideoStatus.READY
    assert [r.name for r in video.renditions] == ["360p", "240p"]
    folders = [root / "media" / video.video_id / r.name for r in video.renditions]
    assert segment_durations(folders[0]) == segment_durations(folders[1])
    with av.open(str(rendition_file(root, video, "360p"))) as container:
        assert container.streams.video[0].codec_context.profile == "High"


def test_a_failure_after_playable_keeps_the_first_rung_and_says_what_is_missing(tmp_path):
    ffmpeg = full_disk_ffmpeg(tmp_path / "bin", full_times=99, after=1)
    settings = Settings(data_dir=tmp_path / "data", job_max_attempts=2)
    store = build_services(settings).port("objects")
    svc = build_services(settings, transcoder=FfmpegTranscoder(store, ffmpeg=str(ffmpeg)))
    owner, worker = creator(svc), Worker(svc)
    video = receive(svc, owner, "fit_to_stream")

    assert worker.run_once() and worker.run_once()  # the job's two attempts

    video = svc.videos.get(owner, video.video_id)
    assert video.status is VideoStatus.PLAYABLE
    assert [r.name for r in video.renditions] == ["720p"]
    assert video.missing_renditions == ["480p", "360p", "240p"]
    assert video.failure_reason == OUR_FAULT
    assert transcodes_run(tmp_path / "bin") == 3  # the retry did not remux the 720p rung again
    assert svc.playback.grant(owner, video.video_id).url
    master = store.path_for(video.manifest_key).read_text()
    assert listed_rungs(master) == ["720p"]
    assert svc.videos.publish(owner, video.video_id).is_public
