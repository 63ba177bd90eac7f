"""Accelerated transcoding and quality-defined bit rates (as in AWS's "Video on Demand on AWS"),
chosen by settings, checked against botocore's MediaConvert model."""

from fractions import Fraction

import pytest
from botocore.stub import ANY, Stubber

from backend.adapters.aws.mediaconvert_outputs import JobOutputs
from backend.adapters.aws.mediaconvert_settings import create_job_request
from backend.adapters.aws.mediaconvert_submitter import MediaConvertSubmitter
from backend.config import Settings
from backend.domain.media import SourceInfo
from backend.emulated.model_check import violations
from backend.ladder import plan

SOURCE = SourceInfo(duration_s=40, width=1920, height=1080, frame_rate=Fraction(30), has_audio=True)
QUEUE = "arn:aws:mediaconvert:eu-west-1:123456789012:queues/valvid"


def request(**options) -> dict:
    return create_job_request(
        source=SOURCE,
        input_uri="s3://raw/uploads/vid_1/upl_1",
        media_bucket="media",
        outputs=JobOutputs("vid_1", "upl_1", "media/vid_1/upl_1/", SOURCE.duration_s),
        role_arn="arn:aws:iam::123456789012:role/valvid-mediaconvert",
        queue_arn=QUEUE,
        max_duration_s=7200,
        **options,
    )


def h264(job: dict) -> list[dict]:
    outputs = job["Settings"]["OutputGroups"][0]["Outputs"]
    return [
        o["VideoDescription"]["CodecSettings"]["H264Settings"]
        for o in outputs
        if "VideoDescription" in o
    ]


def test_jobs_use_accelerated_transcoding_when_mediaconvert_can():
    job = request()
    assert job["AccelerationSettings"] == {"Mode": "PREFERRED"}
    assert violations("mediaconvert", "CreateJob", job) == []
    assert request(acceleration="DISABLED")["AccelerationSettings"] == {"Mode": "DISABLED"}


def test_qvbr_caps_each_rung_at_its_ladder_maximum(aws):
    job = request(rate_control="QVBR")
    assert violations("mediaconvert", "CreateJob", job) == []
    rungs = h264(job)
    assert {h["RateControlMode"] for h in rungs} == {"QVBR"}
    assert all("Bitrate" not in h for h in rungs)  # QVBR takes a quality level and a ceiling
    assert [h["MaxBitrate"] for h in rungs] == [p.maxrate_kbps * 1000 for p in plan(SOURCE)]
    assert {h["QvbrSettings"]["QvbrQualityLevel"] for h in rungs} == {7}
    client = aws.client("mediaconvert", region_name="eu-west-1")
    with Stubber(client) as stub:  # shapes and types
        stub.add_response("create_job", {"Job": {"Id": "1", "Role": "r", "Settings": {}}}, job)
        client.create_job(**job)
    assert {h["RateControlMode"] for h in h264(request())} == {"VBR"}  # the default


def test_unknown_modes_are_refused():
    with pytest.raises(ValueError):
        request(rate_control="CBR-ish")
    with pytest.raises(ValueError):
        request(acceleration="ALWAYS")


def test_settings_reach_the_submitted_job(aws, monkeypatch):
    monkeypatch.setenv("VALVID_MEDIACONVERT_RATE_CONTROL", "QVBR")
    monkeypatch.setenv("VALVID_MEDIACONVERT_ACCELERATION", "ENABLED")
    settings = Settings()
    assert (settings.mediaconvert_rate_control, settings.mediaconvert_acceleration) == (
        "QVBR",
        "ENABLED",
    )
    submitter = MediaConvertSubmitter(
        aws,
        endpoint_url="https://mediaconvert.eu-west-1.amazonaws.com",
        role_arn="arn:aws:iam::123456789012:role/valvid-mediaconvert",
        queue_arn=QUEUE,
        raw_bucket="raw",
        media_bucket="media",
        acceleration=settings.mediaconvert_acceleration,
        rate_control=settings.mediaconvert_rate_control,
    )
    sent: dict = {}
    client = submitter._mediaconvert
    client.meta.events.register(
        "provide-client-params.mediaconvert.CreateJob", lambda params, **_: sent.update(params)
    )
    with Stubber(client) as stub:
        for _job in ("first", "full"):  # the fast first job, then the full ladder
            stub.add_response(
                "create_job",
                {"Job": {"Id": "1", "Role": "r", "Settings": {}}},
                {k: ANY for k in request()},
            )
        submitter.submit(
            video_id="vid_1",
            upload_id="upl_1",
            source_key="uploads/vid_1/upl_1",
            source=SOURCE,
            output_prefix="media/vid_1/",
            max_duration_s=600,
        )
    assert sent["AccelerationSettings"] == {"Mode": "ENABLED"}
    assert {h["RateControlMode"] for h in h264(sent)} == {"QVBR"}
