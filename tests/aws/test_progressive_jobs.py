"""aws mode's progressive processing: a fast first MediaConvert job (the lowest rung, ahead in
the queue) makes the video PLAYABLE; the full ladder job's COMPLETE makes it READY."""

from fractions import Fraction

import pytest
from botocore.stub import Stubber

from backend.adapters.aws.mediaconvert_outputs import FIRST, JobOutputs
from backend.adapters.aws.mediaconvert_settings import create_job_request
from backend.domain.media import SourceInfo
from backend.domain.statuses import VideoStatus
from backend.emulated.model_check import violations
from backend.entrypoints import lambdas
from tests.aws import events
from tests.aws.test_handlers import uploaded
from tests.unit.helpers import PASSWORD

SOURCE = SourceInfo(duration_s=30, width=1920, height=1080, frame_rate=Fraction(30),
                    has_audio=True)  # fmt: skip


@pytest.mark.parametrize("acceleration", ["PREFERRED", "DISABLED"])
def test_the_first_job_is_the_lowest_rung_ahead_in_the_queue(aws, acceleration):
    request = create_job_request(
        source=SOURCE,
        input_uri="s3://raw/uploads/vid_1/upl_1",
        media_bucket="media",
        outputs=JobOutputs("vid_1", "upl_1", "media/vid_1/upl_1/", 30, FIRST),
        role_arn="arn:aws:iam::123456789012:role/mediaconvert",
        queue_arn="arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
        max_duration_s=7200,
        acceleration=acceleration,
    )
    assert violations("mediaconvert", "CreateJob", request) == []
    client = aws.client("mediaconvert", region_name="eu-west-1")
    with Stubber(client) as stub:
        stub.add_response("create_job", {"Job": {"Id": "j", "Role": "r", "Settings": {}}}, request)
        client.create_job(**request)
    cmaf, poster = request["Settings"]["OutputGroups"]
    videos = [o["VideoDescription"] for o in cmaf["Outputs"] if "VideoDescription" in o]
    assert [(v["Width"], v["Height"]) for v in videos] == [(426, 240)]
    destination = cmaf["OutputGroupSettings"]["CmafGroupSettings"]["Destination"]
    assert destination == "s3://media/media/vid_1/upl_1/first"
    assert request["AccelerationSettings"] == {"Mode": acceleration}
    assert request["Priority"] > 0 and request["ClientRequestToken"] == "upl_1-first"
    assert request["UserMetadata"]["planned"] == "1080p,720p,480p,360p,240p"


@pytest.fixture
def owner(aws_platform):
    svc, _ = aws_platform
    svc.auth.sign_up(email="pim@example.com", username="pim", password=PASSWORD)
    svc.auth.confirm(email="pim@example.com", code="123456")  # moto accepts any code
    token = svc.auth.log_in(email="pim@example.com", password=PASSWORD, client="t").token.token
    return svc.tokens.principal(token)


def first_complete(video_id: str, upload_id: str, bucket: str) -> dict:
    base = f"s3://{bucket}/media/{video_id}/{upload_id}/"
    metadata = {"video_id": video_id, "upload_id": upload_id, "phase": "first",
                "planned": "720p,480p,360p,240p"}  # fmt: skip
    return events.job_state(
        "COMPLETE", video_id, upload_id, userMetadata=metadata,
        outputGroupDetails=[
            {"type": "CMAF_GROUP", "playlistFilePaths": [f"{base}first.m3u8"],
             "outputDetails": [{"outputFilePaths": [f"{base}first_240p.m3u8"],
                                "durationInMs": 3000,
                                "videoDetails": {"widthInPx": 426, "heightInPx": 240}}]},
            {"type": "FILE_GROUP", "outputDetails": [
                {"outputFilePaths": [f"{base}first-poster.0000001.jpg"], "durationInMs": 3000}]},
        ],
    )  # fmt: skip


def started(svc, owner, tmp_path):
    video, key, upload_id, size = uploaded(svc, owner, tmp_path)
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    return video.video_id, upload_id


def test_first_job_complete_makes_it_playable_and_the_full_job_ready(aws_platform, owner, tmp_path):
    svc, _ = aws_platform
    video_id, upload_id = started(svc, owner, tmp_path)
    bucket = svc.settings.media_bucket
    lambdas.mediaconvert_state_change(events.sqs(first_complete(video_id, upload_id, bucket)))
    video = svc.videos.get(owner, video_id)
    assert video.status is VideoStatus.PLAYABLE
    assert [r.name for r in video.renditions] == ["240p"]
    assert video.manifest_key == f"media/{video_id}/{upload_id}/first.m3u8"
    assert video.missing_renditions == ["720p", "480p", "360p"]
    assert svc.videos.publish(owner, video_id).is_public
    lambdas.mediaconvert_state_change(events.sqs(events.complete(video_id, upload_id, bucket)))
    video = svc.videos.get(owner, video_id)
    assert video.status is VideoStatus.READY and len(video.renditions) == 4
    assert video.manifest_key == f"media/{video_id}/{upload_id}/index.m3u8"
    # a late or redelivered first-job event never takes the video back
    lambdas.mediaconvert_state_change(events.sqs(first_complete(video_id, upload_id, bucket)))
    assert svc.videos.get(owner, video_id).status is VideoStatus.READY


def test_a_full_job_error_after_playable_keeps_it_playable_with_a_reason(
    aws_platform, owner, tmp_path
):
    svc, _ = aws_platform
    video_id, upload_id = started(svc, owner, tmp_path)
    bucket = svc.settings.media_bucket
    lambdas.mediaconvert_state_change(events.sqs(first_complete(video_id, upload_id, bucket)))
    lambdas.mediaconvert_state_change(events.sqs(events.error(video_id, upload_id)))
    video = svc.videos.get(owner, video_id)
    assert video.status is VideoStatus.PLAYABLE
    assert video.failure_reason == "The file could not be processed (code 1030)."
    assert video.missing_renditions == ["720p", "480p", "360p"]
