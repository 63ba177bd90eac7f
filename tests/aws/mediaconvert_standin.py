"""A test-only stand-in for AWS Elemental MediaConvert, which has no emulator.

It takes the CreateJob request Valvid would send (checked against botocore's model), transcodes
the source from the moto raw bucket with Valvid's own ffmpeg pipeline, uploads the outputs to
the moto media bucket under MediaConvert's file names, and emits the EventBridge job-state
events (through SQS) to the Lambda handler.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.mediaconvert_settings import create_job_request
from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.post_policy import PostCredentials
from backend.adapters.system_clock import SystemClock
from backend.domain.media import ProcessedMedia, SourceInfo
from tests.aws import events
from tests.aws.model_check import violations


class FfmpegMediaConvertStandIn:
    def __init__(
        self, clients: AwsClients, *, raw_bucket: str, media_bucket: str,
        deliver: Callable[[dict], dict],
    ) -> None:  # fmt: skip
        self._s3 = clients.client("s3")
        self._raw, self._media = raw_bucket, media_bucket
        self._deliver = deliver
        self.jobs: dict[str, dict[str, Any]] = {}

    def submit(
        self,
        *,
        video_id: str,
        upload_id: str,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
    ) -> str:
        request = create_job_request(
            source=source,
            input_uri=f"s3://{self._raw}/{source_key}",
            destination=f"s3://{self._media}/{output_prefix}",
            role_arn="arn:aws:iam::123456789012:role/valvid-mediaconvert",
            queue_arn="arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
            video_id=video_id,
            upload_id=upload_id,
        )
        problems = violations("mediaconvert", "CreateJob", request)
        assert not problems, problems
        job_id = f"standin-{len(self.jobs) + 1}"
        self.jobs[job_id] = {"status": "SUBMITTED", "source": source, "key": source_key,
                             "video_id": video_id, "upload_id": upload_id}  # fmt: skip
        return job_id

    def run_pending(self) -> None:
        for job_id, job in self.jobs.items():
            if job["status"] == "SUBMITTED":
                self._run(job_id, job)

    def cancel(self, job_id: str) -> None:
        self.jobs[job_id]["status"] = "CANCELED"

    def status(self, job_id: str) -> str:
        return str(self.jobs[job_id]["status"])

    def result(self, job_id: str) -> ProcessedMedia | None:
        return None

    def _run(self, job_id: str, job: dict[str, Any]) -> None:
        video_id, upload_id = job["video_id"], job["upload_id"]
        work = Path(tempfile.mkdtemp(prefix="mediaconvert-standin-"))
        store = FilesystemObjectStore(
            work, credentials=PostCredentials("x", "x", "x"), upload_url="", clock=SystemClock()
        )
        source = store.path_for(job["key"])
        source.parent.mkdir(parents=True)
        self._s3.download_file(self._raw, job["key"], str(source))
        job["status"] = "PROGRESSING"
        self._deliver(events.progress(video_id, upload_id, 10))
        media = FfmpegTranscoder(store).transcode(
            source_key=job["key"], source=job["source"], output_prefix=f"media/{video_id}/",
            on_progress=lambda _percent: True,
        )  # fmt: skip
        names = {"master.m3u8": f"{upload_id}.m3u8", "poster.jpg": f"poster{upload_id}.0000000.jpg"}
        folder = store.path_for(f"media/{video_id}")
        for path in folder.rglob("*"):
            if path.is_file():
                relative = path.relative_to(folder).as_posix()
                key = f"media/{video_id}/{names.get(relative, relative)}"
                self._s3.upload_file(str(path), self._media, key)
        job["status"] = "COMPLETE"
        self._deliver(self._complete_event(video_id, upload_id, media))

    def _complete_event(self, video_id: str, upload_id: str, media: ProcessedMedia) -> dict:
        event = events.complete(video_id, upload_id, self._media)
        base = f"s3://{self._media}/media/{video_id}/"
        cmaf, poster = event["detail"]["outputGroupDetails"]
        cmaf["outputDetails"] = [
            {"outputFilePaths": [f"{base}{r.name}/index.m3u8"],
             "durationInMs": int(media.duration_s * 1000),
             "videoDetails": {"widthInPx": r.width, "heightInPx": r.height}}
            for r in media.renditions
        ]  # fmt: skip
        poster["outputDetails"][0]["durationInMs"] = int(media.duration_s * 1000)
        return event
