"""A test-only stand-in for AWS Elemental MediaConvert, which has no emulator.

It is Valvid's own MediaConvertSubmitter with this object standing in for the MediaConvert
client: it takes the CreateJob request exactly as sent (checked against botocore's model),
transcodes the source from the moto raw bucket with Valvid's own ffmpeg pipeline, uploads the
outputs to the moto media bucket under MediaConvert's file names, and emits the EventBridge
job-state events (through SQS) to the Lambda handler.
"""

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.mediaconvert_submitter import MediaConvertSubmitter
from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.post_policy import PostCredentials
from backend.adapters.local.pyav_prober import PyAvProber
from backend.adapters.system_clock import SystemClock
from backend.domain.media import MediaLimits, ProcessedMedia
from tests.aws import events
from tests.aws.model_check import violations


class FfmpegMediaConvertStandIn(MediaConvertSubmitter):
    """Valvid's real submitter, talking to this object instead of the MediaConvert API."""

    def __init__(
        self, clients: AwsClients, *, raw_bucket: str, media_bucket: str,
        deliver: Callable[[dict], dict],
    ) -> None:  # fmt: skip
        super().__init__(
            clients,
            endpoint_url=None,
            role_arn="arn:aws:iam::123456789012:role/valvid-mediaconvert",
            queue_arn="arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
            raw_bucket=raw_bucket,
            media_bucket=media_bucket,
        )
        self._client = self  # the submitter's "MediaConvert client"
        self._s3 = clients.client("s3")
        self._raw_name, self._media_name = raw_bucket, media_bucket
        self._deliver = deliver
        self.jobs: dict[str, dict[str, Any]] = {}

    # the three MediaConvert calls the submitter makes
    def create_job(self, **request: Any) -> dict:
        problems = violations("mediaconvert", "CreateJob", request)
        assert not problems, problems
        for known, job in self.jobs.items():  # CreateJob is idempotent per ClientRequestToken
            if job["request"].get("ClientRequestToken") == request.get("ClientRequestToken"):
                return {"Job": {"Id": known}}
        job_id = f"standin-{len(self.jobs) + 1}"
        self.jobs[job_id] = {"status": "SUBMITTED", "request": request}
        return {"Job": {"Id": job_id}}

    def get_job(self, Id: str) -> dict:  # noqa: N803 (botocore's parameter name)
        job = self.jobs[Id]
        return {"Job": {"Id": Id, "Status": job["status"],
                        "UserMetadata": job["request"]["UserMetadata"]}}  # fmt: skip

    def cancel_job(self, Id: str) -> dict:  # noqa: N803
        self.jobs[Id]["status"] = "CANCELED"
        return {}

    def run_pending(self) -> None:
        for job in self.jobs.values():
            if job["status"] == "SUBMITTED":
                self._run(job)

    def _run(self, job: dict[str, Any]) -> None:
        request = job["request"]
        video_id = request["UserMetadata"]["video_id"]
        upload_id = request["UserMetadata"]["upload_id"]
        source_key = request["Settings"]["Inputs"][0]["FileInput"].split("/", 3)[3]
        work = Path(tempfile.mkdtemp(prefix="mediaconvert-standin-"))
        store = FilesystemObjectStore(
            work, credentials=PostCredentials("x", "x", "x"), upload_url="", clock=SystemClock()
        )
        source = store.path_for(source_key)
        source.parent.mkdir(parents=True)
        self._s3.download_file(self._raw_name, source_key, str(source))
        job["status"] = "PROGRESSING"
        self._deliver(events.progress(video_id, upload_id, 10))
        clip_end = request["Settings"]["Inputs"][0]["InputClippings"][0]["EndTimecode"]
        hours, minutes, seconds, _frames = (int(part) for part in clip_end.split(":"))
        media = FfmpegTranscoder(store).transcode(
            source_key=source_key, source=PyAvProber(store).probe(source_key),
            output_prefix=f"media/{video_id}/", on_progress=lambda _percent: True,
            limits=MediaLimits(hours * 3600 + minutes * 60 + seconds, 7680, 4320),
        )  # fmt: skip
        # MediaConvert's names: files beside the destinations the request gave
        manifest, poster = (request["UserMetadata"][k] for k in ("manifest_key", "poster_key"))
        outputs = manifest.rsplit("/", 1)[0] + "/"
        names = {"master.m3u8": manifest, "poster.jpg": poster}
        folder = store.path_for(f"media/{video_id}")
        for path in folder.rglob("*"):
            if path.is_file():
                relative = path.relative_to(folder).as_posix()
                key = names.get(relative, outputs + relative)
                self._s3.upload_file(str(path), self._media_name, key)
        job["status"] = "COMPLETE"
        self._deliver(self._complete_event(request, media, poster))

    def _complete_event(self, request: dict, media: ProcessedMedia, poster_key: str) -> dict:
        """MediaConvert's event: the job's own metadata, the renditions the job asked for."""
        metadata = request["UserMetadata"]
        video_id, upload_id = metadata["video_id"], metadata["upload_id"]
        event = events.complete(video_id, upload_id, self._media_name)
        event["detail"]["userMetadata"] = dict(metadata)
        sizes = {
            (o["VideoDescription"]["Width"], o["VideoDescription"]["Height"])
            for o in request["Settings"]["OutputGroups"][0]["Outputs"]
            if "VideoDescription" in o
        }
        base = f"s3://{self._media_name}/media/{video_id}/{upload_id}/"
        cmaf, poster = event["detail"]["outputGroupDetails"]
        cmaf["playlistFilePaths"] = [f"s3://{self._media_name}/{metadata['manifest_key']}"]
        cmaf["outputDetails"] = [
            {"outputFilePaths": [f"{base}{r.name}/index.m3u8"],
             "durationInMs": int(media.duration_s * 1000),
             "videoDetails": {"widthInPx": r.width, "heightInPx": r.height}}
            for r in media.renditions
            if (r.width, r.height) in sizes
        ]  # fmt: skip
        poster["outputDetails"][0]["durationInMs"] = int(media.duration_s * 1000)
        poster["outputDetails"][0]["outputFilePaths"] = [f"s3://{self._media_name}/{poster_key}"]
        return event
