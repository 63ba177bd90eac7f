"""Sources built to get past the checks: a header that lies about the length, a stream that
grows after the first frame, playlists of other files. Each ends FAILED with a reason a creator
understands, and the worker is not harmed."""

import errno
from fractions import Fraction

import m3u8
import pytest

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.media import MediaLimits, MediaRejected, SourceInfo
from backend.domain.statuses import VideoStatus
from backend.entrypoints.worker import Worker
from tests.clips import make
from tests.integration.local.pipeline_helpers import creator, receive

NOT_MEDIA = "This file is not a video we can read."


def processed(tmp_path, kind: str, **settings):
    svc = build_services(Settings(data_dir=tmp_path, **settings))
    owner = creator(svc)
    video = receive(svc, owner, kind)
    assert Worker(svc).run_once()
    return svc, svc.videos.get(owner, video.video_id)


def test_a_header_that_understates_the_length_does_not_buy_a_longer_transcode(tmp_path):
    svc, video = processed(tmp_path, "lying_duration")
    assert video.status is VideoStatus.FAILED
    assert "longer than its header says" in video.failure_reason
    assert not (svc.port("objects").root / "media" / video.video_id).exists()


def test_a_stream_that_grows_past_the_size_limit_is_refused(tmp_path):
    _, video = processed(tmp_path, "growing", max_width=320, max_height=240)
    assert video.status is VideoStatus.FAILED
    assert video.failure_reason == "The video is too large: at most 320x240 pixels are allowed."


def test_a_list_of_other_files_is_not_a_video(tmp_path):
    _, video = processed(tmp_path, "ffconcat_neighbour")
    assert video.status is VideoStatus.FAILED
    assert video.failure_reason == NOT_MEDIA


def test_the_transcoder_itself_refuses_a_playlist(tmp_path):
    """Even a playlist that got past the probe is never demuxed by ffmpeg."""
    svc = build_services(Settings(data_dir=tmp_path))
    listing = svc.port("objects").path_for("uploads/v/list")
    listing.parent.mkdir(parents=True)
    make("ffconcat_neighbour", listing)
    pretended = SourceInfo(duration_s=3, width=160, height=120, frame_rate=Fraction(30),
                           has_audio=True)  # fmt: skip
    with pytest.raises(MediaRejected):
        svc.port("transcoder").transcode(
            source_key="uploads/v/list",
            source=pretended,
            output_prefix="media/v/",
            limits=MediaLimits(3600, 1920, 1080),
            on_progress=lambda _: True,
        )


def test_ffmpeg_stops_at_the_duration_limit(tmp_path):
    """Whatever the probe believed, nothing past the limit is transcoded."""
    svc = build_services(Settings(data_dir=tmp_path))
    source = svc.port("objects").path_for("uploads/v/clip")
    source.parent.mkdir(parents=True)
    make("tiny", source)  # 3 s
    believed = SourceInfo(duration_s=1, width=160, height=120, frame_rate=Fraction(30),
                          has_audio=True)  # fmt: skip
    media = svc.port("transcoder").transcode(
        source_key="uploads/v/clip",
        source=believed,
        output_prefix="media/v/",
        limits=MediaLimits(1, 1920, 1080),
        on_progress=lambda _: True,
    )
    playlist = svc.port("objects").path_for(f"media/v/{media.renditions[0].name}/index.m3u8")
    assert sum(s.duration for s in m3u8.load(str(playlist)).segments) <= 1.1


def test_a_list_naming_itself_is_refused_without_opening_it_again(tmp_path):
    """Demuxed, it opens itself until the worker runs out of file descriptors (EMFILE)."""
    svc = build_services(Settings(data_dir=tmp_path))
    listing = svc.port("objects").path_for("uploads/v/list")
    listing.parent.mkdir(parents=True)
    make("ffconcat_self", listing)
    with pytest.raises(MediaRejected) as rejected:
        svc.port("prober").probe("uploads/v/list")
    assert rejected.value.reason == NOT_MEDIA
    assert getattr(rejected.value.__cause__, "errno", None) != errno.EMFILE
