from typing import Any

from boto3.dynamodb.conditions import Key
from botocore.exceptions import ClientError

from backend.adapters.aws.dynamodb_codec import compact, instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.aws.errors import is_condition_failure
from backend.domain.models import Upload
from backend.domain.statuses import UploadStatus


class DynamoDbUploadRepository(DynamoDbTable):
    def add(self, upload: Upload) -> None:
        item = {
            "upload_id": upload.upload_id,
            "video_id": upload.video_id,
            "owner_id": upload.owner_id,
            "key": upload.key,
            "expires_at": instant(upload.expires_at),
            "max_bytes": upload.max_bytes,
            "created_at": instant(upload.created_at),
            "status": upload.status.value,
            "size": upload.size,
            "multipart_id": upload.multipart_id,
        }
        self._table.put_item(Item=compact(item))

    def get(self, upload_id: str) -> Upload | None:
        item = self._table.get_item(Key={"upload_id": upload_id}, ConsistentRead=True).get("Item")
        if item is None:
            return None
        expires, created = parse_instant(item["expires_at"]), parse_instant(item["created_at"])
        assert expires is not None and created is not None
        return Upload(
            upload_id=item["upload_id"],
            video_id=item["video_id"],
            owner_id=item["owner_id"],
            key=item["key"],
            expires_at=expires,
            max_bytes=int(item["max_bytes"]),
            created_at=created,
            status=UploadStatus(item["status"]),
            size=int(item["size"]) if "size" in item else None,
            multipart_id=item.get("multipart_id"),
        )

    def set_status(
        self,
        upload_id: str,
        status: UploadStatus,
        *,
        expected: UploadStatus,
        size: int | None = None,
    ) -> bool:
        update = "SET #s = :new"
        values: dict[str, object] = {":new": status.value, ":expected": expected.value}
        if size is not None:
            update += ", #z = :size"
            values[":size"] = size
        names = {"#s": "status"} | ({"#z": "size"} if size is not None else {})
        try:
            self._table.update_item(
                Key={"upload_id": upload_id},
                UpdateExpression=update,
                ConditionExpression="attribute_exists(upload_id) AND #s = :expected",
                ExpressionAttributeNames=names,
                ExpressionAttributeValues=values,
            )
        except ClientError as e:
            if is_condition_failure(e):
                return False
            raise
        return True

    def delete_for_video(self, video_id: str) -> None:
        request: dict[str, Any] = {
            "IndexName": "by_video",
            "KeyConditionExpression": Key("video_id").eq(video_id),
        }
        while True:
            page = self._table.query(**request)
            for item in page["Items"]:
                self._table.delete_item(Key={"upload_id": item["upload_id"]})
            if "LastEvaluatedKey" not in page:
                return
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
