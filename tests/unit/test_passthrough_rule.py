"""The passthrough rule: each condition alone makes an otherwise fit source unfit."""

from dataclasses import replace
from fractions import Fraction

import pytest

from backend.domain.media import SourceInfo, StreamScan
from backend.passthrough import passthrough_plans, unfit_reasons

FIT = SourceInfo(
    duration_s=60.0,
    width=1920,
    height=1080,
    frame_rate=Fraction(30),
    has_audio=True,
    video_codec="h264",
    pixel_format="yuv420p",
    audio_channels=2,
    audio_tracks=1,
    video_profile="High",
    audio_codec="aac",
    audio_profile="LC",
)
SCAN = StreamScan(
    keyframes_s=tuple(float(t) for t in range(0, 60, 2)),
    closed_gops=True,
    video_kbps=5000,
    codec_tag="avc1.640028",
    duration_s=60.0,
)


def test_a_fit_source_has_no_reason_and_becomes_the_top_rung():
    assert unfit_reasons(FIT, SCAN) == []
    top, *lower = passthrough_plans(FIT, SCAN)
    assert top.copied and (top.width, top.height, top.name) == (1920, 1080, "1080p")
    assert top.codecs == "avc1.640028,mp4a.40.2"
    assert [p.name for p in lower] == ["720p", "480p", "360p", "240p"]
    assert not any(p.copied for p in lower)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"video_codec": "hevc", "video_profile": "Main"}, "not H.264"),
        ({"video_profile": "High 10"}, "not H.264"),
        ({"video_profile": "Baseline"}, "not H.264"),
        ({"video_profile": "Constrained Baseline"}, "not H.264"),
        ({"pixel_format": "yuv420p10le"}, "8-bit 4:2:0"),
        ({"pixel_format": "yuv422p"}, "8-bit 4:2:0"),
        ({"width": 2560, "height": 1440}, "above 1080p"),
        ({"frame_rate": Fraction(120)}, "fps"),
        ({"interlaced": True}, "interlaced"),
        ({"width": 1600, "height": 900}, "not a ladder size"),
        ({"audio_codec": "opus", "audio_profile": ""}, "AAC"),
        ({"audio_profile": "HE-AAC"}, "AAC"),
        ({"audio_channels": 6}, "AAC"),
    ],
)
def test_each_source_condition(change, reason):
    reasons = unfit_reasons(replace(FIT, **change), SCAN)
    assert len(reasons) == 1 and reason in reasons[0]


def test_no_audio_is_fit():
    silent = replace(FIT, has_audio=False, audio_codec="", audio_profile="", audio_channels=0)
    assert unfit_reasons(silent, SCAN) == []
    assert passthrough_plans(silent, SCAN)[0].codecs == "avc1.640028"


def test_a_720p_source_is_compared_with_the_720p_rung():
    small = replace(FIT, width=1280, height=720)
    assert unfit_reasons(small, replace(SCAN, video_kbps=4200)) == []
    assert unfit_reasons(small, replace(SCAN, video_kbps=4300)) != []


@pytest.mark.parametrize(
    ("scan_change", "reason"),
    [
        ({"closed_gops": False}, "open GOPs"),
        ({"keyframes_s": (0.0, 2.0, 7.0, 9.0), "duration_s": 11.0}, "GOPs up to 5.0"),
        ({"keyframes_s": (0.0, 2.0, 4.0)}, "GOPs up to 56.0"),  # nothing after 4 s
        ({"keyframes_s": (0.5, 2.0)}, "GOPs up to inf"),  # starts without a keyframe
        ({"video_kbps": 7600}, "margin"),
    ],
)
def test_each_stream_condition(scan_change, reason):
    reasons = unfit_reasons(FIT, replace(SCAN, **scan_change))
    assert len(reasons) == 1 and reason in reasons[0]


def test_the_margin_is_a_setting():
    assert unfit_reasons(FIT, replace(SCAN, video_kbps=7500)) == []
    assert unfit_reasons(FIT, replace(SCAN, video_kbps=7500), margin=0.2) != []


def test_four_second_gops_at_ntsc_rates_are_fit():
    ntsc = replace(FIT, frame_rate=Fraction(30000, 1001))
    times = tuple(i * 120 * 1001 / 30000 for i in range(15))  # 4.004 s apart
    assert unfit_reasons(ntsc, replace(SCAN, keyframes_s=times, duration_s=60.06)) == []
