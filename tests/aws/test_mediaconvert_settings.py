"""MediaConvert jobs built from the ladder, checked against botocore's MediaConvert model."""

from fractions import Fraction

import pytest
from botocore.stub import Stubber

from backend.adapters.aws.mediaconvert_outputs import JobOutputs
from backend.adapters.aws.mediaconvert_settings import create_job_request
from backend.domain.media import SourceInfo
from backend.emulated.model_check import violations

SOURCES = {
    "1080p30": SourceInfo(duration_s=30, width=1920, height=1080, frame_rate=Fraction(30),
                          has_audio=True),
    "portrait 60 fps": SourceInfo(duration_s=8, width=720, height=1280, frame_rate=Fraction(60),
                                  has_audio=True),
    "silent NTSC": SourceInfo(duration_s=5, width=640, height=360,
                              frame_rate=Fraction(30000, 1001), has_audio=False),
    "interlaced tiny": SourceInfo(duration_s=2, width=160, height=120, frame_rate=Fraction(25),
                                  has_audio=True, interlaced=True),
}  # fmt: skip


def request_for(source: SourceInfo) -> dict:
    return create_job_request(
        source=source,
        input_uri="s3://raw/uploads/vid_1/upl_1",
        media_bucket="media",
        outputs=JobOutputs("vid_1", "upl_1", "media/vid_1/upl_1/", source.duration_s),
        role_arn="arn:aws:iam::123456789012:role/mediaconvert",
        queue_arn="arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
        max_duration_s=2 * 3600,
    )


@pytest.mark.parametrize("name", list(SOURCES))
def test_job_request_fits_the_mediaconvert_model(aws, name):
    request = request_for(SOURCES[name])
    assert violations("mediaconvert", "CreateJob", request) == []
    client = aws.client("mediaconvert", region_name="eu-west-1")
    with Stubber(client) as stub:  # Stubber validates shapes and types
        stub.add_response("create_job", {"Job": {"Id": "job-1", "Role": request["Role"],
                                                 "Settings": {}}}, request)  # fmt: skip
        assert client.create_job(**request)["Job"]["Id"] == "job-1"


def test_the_ladder_and_gop_match_local_mode():
    request = request_for(SOURCES["1080p30"])
    cmaf, poster = request["Settings"]["OutputGroups"]
    settings = cmaf["OutputGroupSettings"]["CmafGroupSettings"]
    assert settings["SegmentLength"] == 6 and settings["FragmentLength"] == 2
    videos = [o["VideoDescription"] for o in cmaf["Outputs"] if "VideoDescription" in o]
    assert [(v["Width"], v["Height"]) for v in videos] == [
        (1920, 1080), (1280, 720), (854, 480), (640, 360), (426, 240)
    ]  # fmt: skip
    h264 = [v["CodecSettings"]["H264Settings"] for v in videos]
    assert [h["Bitrate"] for h in h264] == [5_000_000, 2_800_000, 1_400_000, 800_000, 400_000]
    assert {(h["GopSize"], h["GopSizeUnits"], h["SceneChangeDetect"]) for h in h264} == {
        (2.0, "SECONDS", "DISABLED")
    }
    assert h264[0]["CodecLevel"] == "LEVEL_4"
    audio = [o for o in cmaf["Outputs"] if "AudioDescriptions" in o]
    assert audio[0]["AudioDescriptions"][0]["CodecSettings"]["AacSettings"]["CodingMode"] == (
        "CODING_MODE_2_0"
    )
    assert request["UserMetadata"]["video_id"] == "vid_1"
    assert request["UserMetadata"]["upload_id"] == "upl_1"
    assert poster["Outputs"][0]["VideoDescription"]["CodecSettings"]["Codec"] == "FRAME_CAPTURE"


def test_no_upscaling_and_no_audio_output_for_silent_sources():
    request = request_for(SOURCES["silent NTSC"])
    outputs = request["Settings"]["OutputGroups"][0]["Outputs"]
    assert [o["VideoDescription"]["Height"] for o in outputs] == [360, 240]
    assert "AudioSelectors" not in request["Settings"]["Inputs"][0]
    h264 = outputs[0]["VideoDescription"]["CodecSettings"]["H264Settings"]
    assert (h264["FramerateNumerator"], h264["FramerateDenominator"]) == (30000, 1001)


def test_interlaced_sources_are_deinterlaced():
    request = request_for(SOURCES["interlaced tiny"])
    video = request["Settings"]["OutputGroups"][0]["Outputs"][0]["VideoDescription"]
    assert video["VideoPreprocessors"]["Deinterlacer"]["Mode"] == "DEINTERLACE"


def test_model_check_catches_what_stubber_misses():
    request = request_for(SOURCES["1080p30"])
    video = request["Settings"]["OutputGroups"][0]["Outputs"][0]["VideoDescription"]
    video["CodecSettings"]["H264Settings"]["CodecLevel"] = "LEVEL_9"
    video["CodecSettings"]["H264Settings"]["Bitrate"] = 10
    found = violations("mediaconvert", "CreateJob", request)
    assert any("LEVEL_9" in v for v in found) and any("below 1000" in v for v in found)


def test_mediaconvert_never_reads_past_the_duration_limit():
    """A header that understates the length cannot buy a longer transcode."""
    lying = SourceInfo(duration_s=2, width=160, height=120, frame_rate=Fraction(25),
                       has_audio=True)  # fmt: skip
    request = request_for(lying)
    clippings = request["Settings"]["Inputs"][0]["InputClippings"]
    assert clippings == [{"StartTimecode": "00:00:00:00", "EndTimecode": "02:00:00:00"}]
    assert violations("mediaconvert", "CreateJob", request) == []


@pytest.mark.parametrize("name", list(SOURCES))
def test_progressive_outputs_ask_for_no_interlaced_scan_type_conversion(name):
    """MediaConvert documents INTERLACED_OPTIMIZE as needing a non-progressive interlace mode."""
    outputs = request_for(SOURCES[name])["Settings"]["OutputGroups"][0]["Outputs"]
    for output in outputs:
        if "VideoDescription" not in output:
            continue
        h264 = output["VideoDescription"]["CodecSettings"]["H264Settings"]
        assert h264["InterlaceMode"] == "PROGRESSIVE"
        assert h264.get("ScanTypeConversionMode", "INTERLACED") == "INTERLACED"


def test_create_job_is_idempotent_per_upload():
    """A CreateJob retried for the same upload (within MediaConvert's one-minute window) gets
    the first job back instead of a duplicate."""
    first, again = request_for(SOURCES["1080p30"]), request_for(SOURCES["1080p30"])
    assert first["ClientRequestToken"] == again["ClientRequestToken"] == "upl_1"


@pytest.mark.parametrize(("duration_s", "poster"), [(30, "poster.0000001.jpg"),
                                                     (2, "poster.0000001.jpg"),
                                                     (0.6, "poster.0000000.jpg")])  # fmt: skip
def test_outputs_are_named_per_upload_and_the_poster_is_the_last_capture(duration_s, poster):
    source = SourceInfo(duration_s=duration_s, width=640, height=360, frame_rate=Fraction(25),
                        has_audio=True)  # fmt: skip
    request = request_for(source)
    cmaf, frames = request["Settings"]["OutputGroups"]
    assert cmaf["OutputGroupSettings"]["CmafGroupSettings"]["Destination"] == (
        "s3://media/media/vid_1/upl_1/index"
    )
    assert frames["OutputGroupSettings"]["FileGroupSettings"]["Destination"] == (
        "s3://media/media/vid_1/upl_1/poster"
    )
    capture = frames["Outputs"][0]["VideoDescription"]["CodecSettings"]["FrameCaptureSettings"]
    interval = capture["FramerateDenominator"] / capture["FramerateNumerator"]
    made = min(capture["MaxCaptures"], 1 + int(max(0, duration_s - 1e-9) // interval))
    assert poster == f"poster.{made - 1:07d}.jpg"
    assert request["UserMetadata"]["manifest_key"] == "media/vid_1/upl_1/index.m3u8"
    assert request["UserMetadata"]["poster_key"] == f"media/vid_1/upl_1/{poster}"
