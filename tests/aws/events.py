"""Event shapes as AWS delivers them (EventBridge events inside SQS messages)."""

import json
import uuid


def sqs(*bodies: dict | str) -> dict:
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "AQEB...",
                "body": body if isinstance(body, str) else json.dumps(body),
                "attributes": {"ApproximateReceiveCount": "1"},
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:eu-west-1:123456789012:valvid-events",
                "awsRegion": "eu-west-1",
            }
            for body in bodies
        ]
    }


def object_created(bucket: str, key: str, size: int, reason: str = "PostObject") -> dict:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Object Created",
        "source": "aws.s3",
        "account": "123456789012",
        "time": "2026-11-27T12:00:00Z",
        "region": "eu-west-1",
        "resources": [f"arn:aws:s3:::{bucket}"],
        "detail": {
            "version": "0",
            "bucket": {"name": bucket},
            "object": {"key": key, "size": size, "etag": "b1946ac92492d2347c6235b4d2611184",
                       "sequencer": "617f08299329d189"},
            "request-id": "N4N7GDK58NMKJ12R",
            "requester": "123456789012",
            "source-ip-address": "1.2.3.4",
            "reason": reason,
        },
    }  # fmt: skip


def job_state(status: str, video_id: str, upload_id: str, **detail: object) -> dict:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "MediaConvert Job State Change",
        "source": "aws.mediaconvert",
        "account": "123456789012",
        "time": "2026-11-27T12:01:00Z",
        "region": "eu-west-1",
        "resources": ["arn:aws:mediaconvert:eu-west-1:123456789012:jobs/1671476818694-phptj0"],
        "detail": {
            "timestamp": 1671476832124,
            "accountId": "123456789012",
            "queue": "arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
            "jobId": "1671476818694-phptj0",
            "status": status,
            "userMetadata": {"video_id": video_id, "upload_id": upload_id},
            **detail,
        },
    }


def progress(video_id: str, upload_id: str, percent: int) -> dict:
    return job_state("STATUS_UPDATE", video_id, upload_id, framesDecoded=900,
                     jobProgress={"phaseProgress": {}, "jobPercentComplete": percent,
                                  "currentPhase": "TRANSCODING", "retryCount": 0})  # fmt: skip


def complete(video_id: str, upload_id: str, media_bucket: str) -> dict:
    """As MediaConvert reports a job Valvid submitted: HLS and DASH manifests of the CMAF group
    (DASH first), and only the last frame capture of the poster output."""
    base = f"s3://{media_bucket}/media/{video_id}/{upload_id}/"
    sizes = [(1280, 720), (854, 480), (640, 360), (426, 240)]
    return job_state(
        "COMPLETE", video_id, upload_id, warnings=[],
        outputGroupDetails=[
            {"type": "CMAF_GROUP", "playlistFilePaths": [f"{base}index.mpd", f"{base}index.m3u8"],
             "outputDetails": [
                 {"outputFilePaths": [f"{base}index_{h}p.m3u8"], "durationInMs": 3000,
                  "videoDetails": {"widthInPx": w, "heightInPx": h, "averageBitrate": 1000000}}
                 for w, h in sizes
             ] + [{"outputFilePaths": [f"{base}index_audio.m3u8"], "durationInMs": 3000}]},
            {"type": "FILE_GROUP", "outputDetails": [
                {"outputFilePaths": [f"{base}poster.0000001.jpg"], "durationInMs": 3000,
                 "videoDetails": {"widthInPx": 1280, "heightInPx": 720}}]},
        ],
    )  # fmt: skip


def error(video_id: str, upload_id: str) -> dict:
    message = "Video codec [indeo4] is not a supported input video codec"
    return job_state("ERROR", video_id, upload_id, errorCode=1030, errorMessage=message)
