"""A stand-in for AWS Elemental MediaConvert, which has no emulator.

It takes CreateJob requests exactly as sent (checked against botocore's model, enum values and
bounds included), transcodes the source from the raw bucket with Valvid's own ffmpeg pipeline,
uploads the outputs to the media bucket under MediaConvert's file names, and reports each job's
state changes as MediaConvert does ("MediaConvert Job State Change" details, handed to
`deliver`: EventBridge in the emulated stack, a handler in a test). `mediaconvert_http` serves
it on MediaConvert's REST API, so Valvid's real submitter talks to it through botocore.
"""

import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from backend.adapters.aws.clients import AwsClients
from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder
from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.local.post_policy import PostCredentials
from backend.adapters.local.pyav_prober import PyAvProber
from backend.adapters.system_clock import SystemClock
from backend.domain.media import MediaLimits, ProcessedMedia
from backend.emulated.model_check import violations

ACCOUNT = "123456789012"


class JobRefused(ValueError):
    """A CreateJob request MediaConvert would answer with 400 BadRequestException."""


class UnknownJob(KeyError):
    """A job id MediaConvert would answer with 404 NotFoundException."""


class FfmpegMediaConvertStandIn:
    """MediaConvert's CreateJob, GetJob and CancelJob; jobs run when `run_pending` is called."""

    def __init__(self, clients: AwsClients, *, deliver: Callable[[dict], Any]) -> None:
        self._s3 = clients.client("s3")
        self._deliver = deliver  # takes the `detail` of a Job State Change event
        self._lock = threading.Lock()
        self.jobs: dict[str, dict[str, Any]] = {}

    def create_job(self, **request: Any) -> dict:
        problems = violations("mediaconvert", "CreateJob", request)
        if problems:
            raise JobRefused("; ".join(problems))
        with self._lock:
            for known, job in self.jobs.items():  # idempotent per ClientRequestToken
                if job["request"].get("ClientRequestToken") == request.get("ClientRequestToken"):
                    return {"Job": self._described(known)}
            job_id = f"{int(time.time() * 1000)}-standin{len(self.jobs) + 1}"
            self.jobs[job_id] = {"status": "SUBMITTED", "request": request, "groups": []}
            return {"Job": self._described(job_id)}

    def get_job(self, Id: str) -> dict:  # noqa: N803 (botocore's parameter name)
        with self._lock:
            return {"Job": self._described(Id)}

    def cancel_job(self, Id: str) -> dict:  # noqa: N803
        with self._lock:
            job = self._job(Id)
            if job["status"] == "SUBMITTED":
                job["status"] = "CANCELED"
        return {}

    def pending(self) -> bool:
        with self._lock:
            return any(job["status"] == "SUBMITTED" for job in self.jobs.values())

    def run_pending(self) -> None:
        while True:
            with self._lock:
                waiting = [(i, j) for i, j in self.jobs.items() if j["status"] == "SUBMITTED"]
                if not waiting:
                    return
                job_id, job = waiting[0]
                job["status"] = "PROGRESSING"
            self._run(job_id, job)

    def _job(self, job_id: str) -> dict[str, Any]:
        if job_id not in self.jobs:
            raise UnknownJob(job_id)
        return self.jobs[job_id]

    def _described(self, job_id: str) -> dict[str, Any]:
        job = self._job(job_id)
        request = job["request"]
        return {"Id": job_id, "Status": job["status"], "Queue": request.get("Queue", ""),
                "Role": request["Role"], "Settings": request["Settings"],
                "UserMetadata": request.get("UserMetadata", {}),
                "OutputGroupDetails": job["groups"]}  # fmt: skip

    def _run(self, job_id: str, job: dict[str, Any]) -> None:
        request = job["request"]
        try:
            media, upload_to = self._transcode(job_id, request)
            keys = upload_to()
        except Exception as e:  # MediaConvert reports every failure as an ERROR event
            job["status"] = "ERROR"
            self._event(job_id, "ERROR", errorCode=1010, errorMessage=f"{type(e).__name__}: {e}")
            return
        asked = _rendition_sizes(request)  # ffmpeg made the whole ladder: report the job's part
        media = replace(media, renditions=[r for r in media.renditions
                                           if (r.width, r.height) in asked])  # fmt: skip
        job["groups"] = _output_group_details(media)
        job["status"] = "COMPLETE"
        self._event(job_id, "COMPLETE", warnings=[],
                    outputGroupDetails=_complete_details(media, keys))  # fmt: skip

    def _transcode(
        self, job_id: str, request: dict[str, Any]
    ) -> tuple[ProcessedMedia, Callable[[], dict]]:
        raw_bucket, source_key = _split_s3(request["Settings"]["Inputs"][0]["FileInput"])
        work = Path(tempfile.mkdtemp(prefix="mediaconvert-standin-"))
        store = FilesystemObjectStore(
            work, credentials=PostCredentials("x", "x", "x"), upload_url="", clock=SystemClock()
        )
        source = store.path_for(source_key)
        source.parent.mkdir(parents=True)
        self._s3.download_file(raw_bucket, source_key, str(source))
        self._event(job_id, "PROGRESSING")
        metadata = request["UserMetadata"]
        video_id = metadata["video_id"]
        clip_end = request["Settings"]["Inputs"][0]["InputClippings"][0]["EndTimecode"]
        hours, minutes, seconds, _frames = (int(part) for part in clip_end.split(":"))

        reported = [0]

        def progress(percent: int) -> bool:  # MediaConvert sends an update now and then
            if percent >= reported[0] + 10:
                reported[0] = percent
                self._event(job_id, "STATUS_UPDATE", framesDecoded=0, jobProgress={
                    "phaseProgress": {}, "jobPercentComplete": percent,
                    "currentPhase": "TRANSCODING", "retryCount": 0})  # fmt: skip
            return True

        media = FfmpegTranscoder(store).transcode(
            source_key=source_key, source=PyAvProber(store).probe(source_key),
            output_prefix=f"media/{video_id}/", on_progress=progress,
            limits=MediaLimits(hours * 3600 + minutes * 60 + seconds, 7680, 4320),
        )  # fmt: skip
        destination = request["Settings"]["OutputGroups"][0]["OutputGroupSettings"]
        media_bucket, _ = _split_s3(destination["CmafGroupSettings"]["Destination"])

        asked = _rendition_sizes(request)
        made = {r.name for r in media.renditions}
        skipped = {r.name for r in media.renditions if (r.width, r.height) not in asked}

        def upload() -> dict:
            # MediaConvert's names: files beside the destinations the request gave; only the
            # renditions the job asked for (ffmpeg made the whole ladder)
            manifest, poster = metadata["manifest_key"], metadata["poster_key"]
            outputs = manifest.rsplit("/", 1)[0] + "/"
            names = {"master.m3u8": manifest, "poster.jpg": poster}
            folder = store.path_for(f"media/{video_id}")
            written = {}
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder).as_posix()
                if not path.is_file() or relative.split("/")[0] in skipped:
                    continue
                key = names.get(relative, outputs + relative)
                if relative == "master.m3u8":
                    listed = _only_renditions(path.read_text(), made - skipped)
                    self._s3.put_object(Bucket=media_bucket, Key=key, Body=listed.encode())
                else:
                    self._s3.upload_file(str(path), media_bucket, key)
                written[relative] = f"s3://{media_bucket}/{key}"
            return written

        return media, upload

    def _event(self, job_id: str, status: str, **detail: Any) -> None:
        request = self.jobs[job_id]["request"]
        self._deliver({
            "timestamp": int(time.time() * 1000), "accountId": ACCOUNT,
            "queue": request.get("Queue", ""), "jobId": job_id, "status": status,
            "userMetadata": request.get("UserMetadata", {}), **detail,
        })  # fmt: skip


def _rendition_sizes(request: dict[str, Any]) -> set[tuple[int, int]]:
    outputs = request["Settings"]["OutputGroups"][0]["Outputs"]
    return {(o["VideoDescription"]["Width"], o["VideoDescription"]["Height"])
            for o in outputs if "VideoDescription" in o}  # fmt: skip


def _only_renditions(master: str, names: set[str]) -> str:
    """The master playlist with only the variants of these renditions."""
    lines = master.splitlines()
    dropped: set[int] = set()
    for i, line in enumerate(lines[:-1]):  # a variant: its #EXT-X-STREAM-INF line, then its URI
        if line.startswith("#EXT-X-STREAM-INF") and lines[i + 1].split("/")[0] not in names:
            dropped |= {i, i + 1}
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped) + "\n"


def _split_s3(uri: str) -> tuple[str, str]:
    bucket, _, key = uri.removeprefix("s3://").partition("/")
    return bucket, key


def _output_group_details(media: ProcessedMedia) -> list[dict]:
    """GetJob's OutputGroupDetails: the CMAF group's renditions, then the poster frame."""
    duration = int(media.duration_s * 1000)
    renditions = [
        {"DurationInMs": duration, "VideoDetails": {"WidthInPx": r.width, "HeightInPx": r.height}}
        for r in media.renditions
    ]
    poster = {"DurationInMs": duration, "VideoDetails": {"WidthInPx": 0, "HeightInPx": 0}}
    return [{"OutputDetails": renditions, "Type": "CMAF_GROUP"},
            {"OutputDetails": [poster], "Type": "FILE_GROUP"}]  # fmt: skip


def _complete_details(media: ProcessedMedia, written: dict[str, str]) -> list[dict]:
    """The COMPLETE event's outputGroupDetails: file paths of every output, as MediaConvert
    reports a job Valvid submitted."""
    duration = int(media.duration_s * 1000)
    renditions = [
        {"outputFilePaths": [written[f"{r.name}/index.m3u8"]], "durationInMs": duration,
         "videoDetails": {"widthInPx": r.width, "heightInPx": r.height}}
        for r in media.renditions
    ]  # fmt: skip
    poster = {"outputFilePaths": [written["poster.jpg"]], "durationInMs": duration}
    return [
        {"type": "CMAF_GROUP", "playlistFilePaths": [written["master.m3u8"]],
         "outputDetails": renditions},
        {"type": "FILE_GROUP", "outputDetails": [poster]},
    ]  # fmt: skip
