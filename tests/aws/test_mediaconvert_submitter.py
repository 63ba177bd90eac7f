"""The MediaConvert submitter's calls, replayed against botocore's model (no emulator exists)."""

from fractions import Fraction

from botocore.stub import ANY, Stubber

from backend.adapters.aws.mediaconvert_submitter import MediaConvertSubmitter
from backend.domain.media import SourceInfo
from backend.emulated.model_check import violations

SOURCE = SourceInfo(duration_s=12, width=1280, height=720, frame_rate=Fraction(30), has_audio=True)


def submitter(aws):
    return MediaConvertSubmitter(
        aws,
        endpoint_url="https://mediaconvert.eu-west-1.amazonaws.com",
        role_arn="arn:aws:iam::123456789012:role/valvid-mediaconvert",
        queue_arn="arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
        raw_bucket="raw",
        media_bucket="media",
    )


def test_submit_sends_a_fast_first_job_then_the_full_ladder_to_the_regional_endpoint(aws):
    mc = submitter(aws)
    client = mc._mediaconvert
    assert client.meta.endpoint_url == "https://mediaconvert.eu-west-1.amazonaws.com"
    with Stubber(client) as stub:
        for job_id, token in (("1700-first", "upl_1-first"), ("1700-abc", "upl_1")):
            stub.add_response("create_job", {"Job": {"Id": job_id, "Role": "r", "Settings": {}}},
                              {"Role": ANY, "Queue": ANY, "UserMetadata": ANY, "Settings": ANY,
                               "StatusUpdateInterval": ANY, "Priority": ANY,
                               "AccelerationSettings": ANY,
                               "ClientRequestToken": token})  # fmt: skip
        sent: list[dict] = []
        client.meta.events.register(
            "provide-client-params.mediaconvert.CreateJob",
            lambda params, **_: sent.append(dict(params)),
        )
        job = mc.submit(video_id="vid_1", upload_id="upl_1", source_key="uploads/vid_1/upl_1",
                        source=SOURCE, output_prefix="media/vid_1/upl_1/",
                        max_duration_s=600)  # fmt: skip
    assert job == "1700-abc"  # the full ladder's: the one the sweeper follows
    first, full = sent
    assert [violations("mediaconvert", "CreateJob", s) for s in sent] == [[], []]
    assert full["Settings"]["Inputs"][0]["FileInput"] == "s3://raw/uploads/vid_1/upl_1"
    assert full["UserMetadata"] == {
        "video_id": "vid_1", "upload_id": "upl_1",
        "manifest_key": "media/vid_1/upl_1/index.m3u8",
        "poster_key": "media/vid_1/upl_1/poster.0000001.jpg",
        "phase": "full", "planned": "720p,480p,360p,240p",
    }  # fmt: skip
    assert first["UserMetadata"]["manifest_key"] == "media/vid_1/upl_1/first.m3u8"
    assert first["Priority"] > full["Priority"]
    clipping = full["Settings"]["Inputs"][0]["InputClippings"][0]
    assert clipping["EndTimecode"] == "00:10:00:00"


def test_status_result_and_cancel_for_the_sweeper(aws):
    mc = submitter(aws)
    get_job = {
        "Job": {
            "Id": "1700-abc", "Role": "r", "Settings": {}, "Status": "COMPLETE",
            "UserMetadata": {"video_id": "vid_1", "upload_id": "upl_1",
                             "manifest_key": "media/vid_1/upl_1/index.m3u8",
                             "poster_key": "media/vid_1/upl_1/poster.0000001.jpg"},
            "OutputGroupDetails": [
                {"OutputDetails": [
                    {"DurationInMs": 12000, "VideoDetails": {"WidthInPx": 1280, "HeightInPx": 720}},
                    {"DurationInMs": 12000, "VideoDetails": {"WidthInPx": 640, "HeightInPx": 360}},
                    {"DurationInMs": 12000},
                ]},
                {"OutputDetails": [
                    {"DurationInMs": 12000, "VideoDetails": {"WidthInPx": 1280, "HeightInPx": 720}}
                ]},
            ],
        }
    }  # fmt: skip
    with Stubber(mc._mediaconvert) as stub:
        stub.add_response("get_job", get_job, {"Id": "1700-abc"})
        stub.add_response("get_job", get_job, {"Id": "1700-abc"})
        stub.add_response("cancel_job", {}, {"Id": "1700-abc"})
        stub.add_client_error("cancel_job", "ConflictException", http_status_code=409)
        assert mc.status("1700-abc") == "COMPLETE"
        media = mc.result("1700-abc")
        mc.cancel("1700-abc")
        mc.cancel("1700-abc")  # already finished: not an error
    assert media is not None
    assert [(r.name, r.width) for r in media.renditions] == [("720p", 1280), ("360p", 640)]
    # the names the job was told to write, not a guess that differs from the event's
    assert media.manifest_key == "media/vid_1/upl_1/index.m3u8"
    assert media.poster_key == "media/vid_1/upl_1/poster.0000001.jpg"
    assert media.duration_s == 12.0
