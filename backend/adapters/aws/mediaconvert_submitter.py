"""Submits ladder jobs to AWS Elemental MediaConvert at its regional endpoint."""

from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.errors import code_of
from backend.adapters.aws.mediaconvert_events import media_from_outputs
from backend.adapters.aws.mediaconvert_outputs import FIRST, FULL, JobOutputs
from backend.adapters.aws.mediaconvert_settings import create_job_request
from backend.domain import keys
from backend.domain.media import ProcessedMedia, SourceInfo
from backend.ladder import plan


class MediaConvertSubmitter:
    def __init__(
        self,
        clients: AwsClients,
        *,
        endpoint_url: str | None,
        role_arn: str,
        queue_arn: str,
        raw_bucket: str,
        media_bucket: str,
        acceleration: str = "PREFERRED",
        rate_control: str = "VBR",
    ) -> None:
        self._clients = clients
        self._endpoint = endpoint_url  # regional endpoint: no DescribeEndpoints call
        self._role, self._queue = role_arn, queue_arn
        self._raw, self._media = raw_bucket, media_bucket
        self._client: Any = None
        self._acceleration, self._rate_control = acceleration, rate_control

    @property
    def _mediaconvert(self) -> Any:
        if self._client is None:
            self._client = self._clients.session.client(
                "mediaconvert", endpoint_url=self._endpoint or self._clients.endpoint_url
            )
        return self._client

    def submit(
        self,
        *,
        video_id: str,
        upload_id: str,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        max_duration_s: int,
    ) -> str:
        """Two jobs: a fast first one (the lowest rung, ahead in the queue) that makes the video
        playable, and the full ladder, whose id is returned (the one the sweeper follows)."""
        job_id = ""
        for phase in (FIRST, FULL) if len(plan(source)) > 1 else (FULL,):
            request = create_job_request(
                source=source,
                input_uri=f"s3://{self._raw}/{source_key}",
                media_bucket=self._media,
                outputs=JobOutputs(video_id, upload_id, output_prefix, source.duration_s, phase),
                role_arn=self._role,
                queue_arn=self._queue,
                max_duration_s=max_duration_s,
                acceleration=self._acceleration,
                rate_control=self._rate_control,
            )
            job_id = str(self._mediaconvert.create_job(**request)["Job"]["Id"])
        return job_id

    def cancel(self, job_id: str) -> None:
        try:
            self._mediaconvert.cancel_job(Id=job_id)
        except ClientError as e:
            if code_of(e) not in ("NotFoundException", "ConflictException"):
                raise

    def status(self, job_id: str) -> str:
        return str(self._mediaconvert.get_job(Id=job_id)["Job"]["Status"])

    def result(self, job_id: str) -> ProcessedMedia | None:
        job = self._mediaconvert.get_job(Id=job_id)["Job"]
        metadata = job.get("UserMetadata") or {}
        manifest, poster = _submitted_names(metadata)
        planned = [name for name in metadata.get("planned", "").split(",") if name]
        groups = [
            {
                # GetJob has no file paths: the names chosen at submission travel in the metadata
                "playlistFilePaths": [f"s3://{self._media}/{manifest}"] if i == 0 else [],
                "outputDetails": [
                    {
                        "durationInMs": d.get("DurationInMs"),
                        "videoDetails": {
                            "widthInPx": (d.get("VideoDetails") or {}).get("WidthInPx"),
                            "heightInPx": (d.get("VideoDetails") or {}).get("HeightInPx"),
                        },
                        "outputFilePaths": [f"s3://{self._media}/{poster}"] if i else [],
                    }
                    for d in group.get("OutputDetails") or []
                ],
            }
            for i, group in enumerate(job.get("OutputGroupDetails") or [])
        ]
        return media_from_outputs(groups, planned)


def _submitted_names(metadata: dict[str, str]) -> tuple[str, str]:
    """Manifest and poster keys of a job; jobs submitted before per-upload folders wrote
    `<upload>.m3u8` and `poster.0000000.jpg` beside each other."""
    if metadata.get("manifest_key"):
        return metadata["manifest_key"], metadata.get("poster_key", "")
    prefix = keys.media_prefix(metadata.get("video_id", ""))
    return f"{prefix}{metadata.get('upload_id', '')}.m3u8", f"{prefix}poster.0000000.jpg"
