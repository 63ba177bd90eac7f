"""S3 storage: presigned POST for the browser (SigV4), and the chores around a video's objects."""

from datetime import datetime
from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.errors import code_of
from backend.domain.models import UploadTicket
from backend.ports.clock import Clock

MISSING = ("404", "NoSuchKey", "NotFound")


class S3ObjectStore:
    """Uploads land in the raw bucket; renditions, playlists and posters in the media bucket."""

    def __init__(self, clients: AwsClients, *, raw_bucket: str, media_bucket: str, clock: Clock):
        self._clients = clients
        self._raw = raw_bucket
        self._media = media_bucket
        self._clock = clock

    @property
    def _s3(self) -> Any:
        return self._clients.client("s3")

    def presign_upload(
        self, *, key: str, upload_id: str, content_type: str, max_bytes: int, expires_at: datetime
    ) -> UploadTicket:
        seconds = max(1, int((expires_at - self._clock.now()).total_seconds()))
        post = self._s3.generate_presigned_post(
            Bucket=self._raw,
            Key=key,
            Fields={"Content-Type": content_type, "success_action_status": "201"},
            Conditions=[
                ["starts-with", "$Content-Type", "video/"],
                {"success_action_status": "201"},
                ["content-length-range", 1, max_bytes],
            ],
            ExpiresIn=seconds,
        )
        return UploadTicket(
            url=post["url"],
            fields=post["fields"],
            upload_id=upload_id,
            expires_at=expires_at,
            max_bytes=max_bytes,
        )

    def size_of(self, key: str) -> int | None:
        try:
            return int(self._s3.head_object(Bucket=self._bucket(key), Key=key)["ContentLength"])
        except ClientError as e:
            if code_of(e) in MISSING:
                return None
            raise

    def read_bytes(self, key: str) -> bytes | None:
        try:
            return self._s3.get_object(Bucket=self._bucket(key), Key=key)["Body"].read()
        except ClientError as e:
            if code_of(e) in MISSING:
                return None
            raise

    def delete_prefix(self, prefix: str) -> int:
        bucket, removed = self._bucket(prefix), 0
        for page in self._s3.get_paginator("list_objects_v2").paginate(
            Bucket=bucket, Prefix=prefix
        ):
            keys = [{"Key": o["Key"]} for o in page.get("Contents", [])]
            if keys:  # a page holds at most 1,000 keys: exactly one delete_objects call
                self._s3.delete_objects(Bucket=bucket, Delete={"Objects": keys, "Quiet": True})
                removed += len(keys)
        return removed

    def _bucket(self, key: str) -> str:
        return self._raw if key.startswith("uploads/") else self._media
