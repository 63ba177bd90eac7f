"""The MediaConvert stand-in on MediaConvert's REST API, reached by Valvid's real submitter
through botocore: it takes only CreateJob documents the service model accepts, and GetJob and
CancelJob answer as MediaConvert does."""

from fractions import Fraction

import pytest
from botocore.exceptions import ClientError

from backend.adapters.aws.mediaconvert_submitter import MediaConvertSubmitter
from backend.domain.media import SourceInfo
from backend.emulated.mediaconvert import FfmpegMediaConvertStandIn
from backend.emulated.mediaconvert_http import serving

SOURCE = SourceInfo(duration_s=12, width=1280, height=720, frame_rate=Fraction(30), has_audio=True)
QUEUE = "arn:aws:mediaconvert:eu-west-1:123456789012:queues/valvid"


@pytest.fixture
def standin(aws):
    return FfmpegMediaConvertStandIn(aws, deliver=lambda _detail: None)


@pytest.fixture
def submitter(aws, standin):
    with serving(standin) as endpoint:
        yield MediaConvertSubmitter(
            aws, endpoint_url=endpoint, role_arn="arn:aws:iam::123456789012:role/mc",
            queue_arn=QUEUE, raw_bucket="raw", media_bucket="media",
        )  # fmt: skip


def submit(submitter, upload_id="upl_1"):
    return submitter.submit(
        video_id="vid_1", upload_id=upload_id, source_key=f"uploads/vid_1/{upload_id}.mp4",
        source=SOURCE, output_prefix=f"media/vid_1/{upload_id}/", max_duration_s=600,
    )  # fmt: skip


def test_a_job_is_taken_once_per_request_token_and_described_by_get_job(submitter, standin):
    job_id = submit(submitter)
    assert submit(submitter) == job_id  # the upload id is the ClientRequestToken
    assert submitter.status(job_id) == "SUBMITTED"
    request = standin.jobs[job_id]["request"]
    assert request["Queue"] == QUEUE  # arrived in the API's names, through botocore's wire names
    assert request["Settings"]["Inputs"][0]["FileInput"] == "s3://raw/uploads/vid_1/upl_1.mp4"
    submitter.cancel(job_id)
    assert submitter.status(job_id) == "CANCELED"


def test_a_document_the_service_model_refuses_is_a_bad_request(submitter):
    client = submitter._mediaconvert
    odd_input = {"FileInput": "s3://raw/x", "TimecodeSource": "SOMETIMES"}
    bad = {"Role": "arn:aws:iam::123456789012:role/mc", "Queue": QUEUE,
           "Settings": {"Inputs": [odd_input]}}  # fmt: skip
    with pytest.raises(ClientError) as refused:
        client.create_job(**bad)
    assert refused.value.response["Error"]["Code"] == "BadRequestException"
    assert "SOMETIMES" in refused.value.response["Error"]["Message"]


def test_an_unknown_job_is_not_found(submitter):
    with pytest.raises(ClientError) as unknown:
        submitter.status("1-nosuchjob")
    assert unknown.value.response["Error"]["Code"] == "NotFoundException"
    submitter.cancel("1-nosuchjob")  # the submitter takes NotFound as done
