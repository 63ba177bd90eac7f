"""S3 multipart uploads into the raw bucket: the client PUTs each part to a presigned
UploadPart URL; S3 itself emits Object Created (reason CompleteMultipartUpload) on Complete."""

from datetime import datetime
from typing import Any, NoReturn

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.errors import code_of
from backend.domain.errors import NotFound, StorageRejected
from backend.domain.models import StoredPart
from backend.ports.clock import Clock

REJECTIONS = ("InvalidPart", "InvalidPartOrder", "EntityTooSmall", "MalformedXML")
GONE = ("NoSuchUpload", "404")


class S3MultipartStore:
    announces_objects = True

    def __init__(self, clients: AwsClients, *, raw_bucket: str, clock: Clock) -> None:
        self._clients = clients
        self._bucket = raw_bucket
        self._clock = clock

    @property
    def _s3(self) -> Any:
        return self._clients.client("s3")

    def create(self, *, key: str, content_type: str, part_size: int) -> str:
        made = self._s3.create_multipart_upload(
            Bucket=self._bucket, Key=key, ContentType=content_type
        )
        return str(made["UploadId"])

    def presign_part(
        self, *, key: str, multipart_id: str, part_number: int, expires_at: datetime
    ) -> str:
        seconds = max(1, int((expires_at - self._clock.now()).total_seconds()))
        return str(
            self._s3.generate_presigned_url(
                ClientMethod="upload_part",
                Params={
                    "Bucket": self._bucket,
                    "Key": key,
                    "UploadId": multipart_id,
                    "PartNumber": part_number,
                },
                ExpiresIn=seconds,
                HttpMethod="PUT",
            )
        )

    def list_parts(self, *, key: str, multipart_id: str) -> list[StoredPart]:
        request = {"Bucket": self._bucket, "Key": key, "UploadId": multipart_id}
        parts: list[StoredPart] = []
        try:
            for page in self._s3.get_paginator("list_parts").paginate(**request):
                parts += [
                    StoredPart(p["PartNumber"], p["ETag"].strip('"'), int(p["Size"]))
                    for p in page.get("Parts", [])
                ]
        except ClientError as e:
            _raise_domain_error(e)
        return parts

    def complete(self, *, key: str, multipart_id: str, parts: list[StoredPart]) -> int:
        named = [{"PartNumber": p.part_number, "ETag": f'"{p.etag.strip(chr(34))}"'} for p in parts]
        try:
            self._s3.complete_multipart_upload(
                Bucket=self._bucket,
                Key=key,
                UploadId=multipart_id,
                MultipartUpload={"Parts": named},
            )
            return int(self._s3.head_object(Bucket=self._bucket, Key=key)["ContentLength"])
        except ClientError as e:
            _raise_domain_error(e)

    def abort(self, *, key: str, multipart_id: str) -> None:
        try:
            self._s3.abort_multipart_upload(Bucket=self._bucket, Key=key, UploadId=multipart_id)
        except ClientError as e:
            if code_of(e) not in GONE:
                raise


def _raise_domain_error(error: ClientError) -> NoReturn:
    """S3's refusal as the domain error; any other error as it is."""
    code = code_of(error)
    message = str(error.response.get("Error", {}).get("Message", "")) or code
    if code in GONE:
        gone = "The upload does not exist: it was completed or aborted."
        raise NotFound(gone, code=code) from error
    if code in REJECTIONS:
        raise StorageRejected(message, code=code) from error
    raise error
