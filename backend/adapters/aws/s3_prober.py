"""Probes a source in S3 without downloading it: PyAV reads a presigned URL with range requests."""

from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.media_probe import EMPTY, probe_media
from backend.domain.media import MediaRejected, SourceInfo

HEAD_BYTES = 16
URL_LIFETIME_S = 900
PRESIGNED_URL_PROTOCOLS = "https,tls,tcp"


class S3PyAvProber:
    def __init__(
        self, clients: AwsClients, *, bucket: str, protocols: str = PRESIGNED_URL_PROTOCOLS
    ) -> None:
        """protocols: how the presigned URL may be read (an emulator may need plain http)."""
        self._clients = clients
        self._bucket = bucket
        self._protocols = protocols

    @property
    def _s3(self) -> Any:
        return self._clients.client("s3")

    def probe(self, key: str) -> SourceInfo:
        try:
            size = int(self._s3.head_object(Bucket=self._bucket, Key=key)["ContentLength"])
            head = b""
            if size:
                head = self._s3.get_object(
                    Bucket=self._bucket, Key=key, Range=f"bytes=0-{HEAD_BYTES - 1}"
                )["Body"].read()
        except ClientError as e:
            raise MediaRejected(EMPTY) from e
        url = self._s3.generate_presigned_url(
            "get_object", Params={"Bucket": self._bucket, "Key": key}, ExpiresIn=URL_LIFETIME_S
        )
        return probe_media(url, size=size, head=head, protocols=self._protocols)
