from typing import Any, Unpack

from boto3.dynamodb.conditions import Attr, Key

from backend.adapters.aws.dynamodb_codec import (
    listing_changes,
    video_attributes,
    video_from_item,
    video_item,
)
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.cursor import decode_cursor, encode_cursor
from backend.domain.errors import InvalidCursor
from backend.domain.models import Page, Video
from backend.domain.statuses import VideoStatus, Visibility
from backend.ports.video_repository import VideoChanges, check_publishing

MAX_KEY_CHARS = 1024  # the sort key limit in bytes; every key this table writes is ASCII


class DynamoDbVideoRepository(DynamoDbTable):
    def add(self, video: Video) -> None:
        self._table.put_item(
            Item=video_item(video), ConditionExpression=Attr("video_id").not_exists()
        )

    def get(self, video_id: str) -> Video | None:
        item = self._table.get_item(Key={"video_id": video_id}, ConsistentRead=True).get("Item")
        return video_from_item(item) if item else None

    def update(
        self,
        video_id: str,
        *,
        expected_status: VideoStatus | None = None,
        expected_upload_id: str | None = None,
        expected_visibility: Visibility | None = None,
        **changes: Unpack[VideoChanges],
    ) -> bool:
        check_publishing(changes, expected_status)
        values = dict(changes)
        attributes = video_attributes(values) | listing_changes(video_id, values)
        expected: dict[str, Any] = {}
        if expected_status is not None:
            expected["status"] = expected_status.value
        if expected_upload_id is not None:
            expected["current_upload_id"] = expected_upload_id
        if expected_visibility is not None:
            expected["visibility"] = expected_visibility.value
        hidden = ""
        if changes.get("visibility") is Visibility.PUBLIC:  # a taken-down video stays hidden
            hidden = "attribute_not_exists(takedown_reason)"
        return self._update({"video_id": video_id}, attributes, expected=expected, condition=hidden)

    def delete(self, video_id: str) -> bool:
        response = self._table.delete_item(Key={"video_id": video_id}, ReturnValues="ALL_OLD")
        return "Attributes" in response

    def search_all(self, text: str, *, limit: int) -> list[Video]:
        """A Scan filtered here: an admin's occasional look-up, not a hot path."""
        request: dict[str, Any] = {}
        text, found = text.lower(), []
        while True:
            page = self._table.scan(**request)
            videos = map(video_from_item, page.get("Items", []))
            found += [v for v in videos if text in f"{v.video_id} {v.title} {v.owner_id}".lower()]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        found.sort(key=lambda v: (v.created_at, v.video_id), reverse=True)
        return found[:limit]

    def list_by_owner(self, owner_id: str, *, limit: int, cursor: str | None) -> Page[Video]:
        return query_page(
            self._table,
            index="by_owner",
            partition=("owner_id", owner_id),
            keys=("video_id", "owner_id", "created_sort"),
            limit=limit,
            cursor=cursor,
            convert=video_from_item,
        )


def query_page(table: Any, *, index: str, partition: tuple[str, str], keys: tuple[str, ...],
               limit: int, cursor: str | None, convert: Any, forward: bool = False,
               ) -> Page[Any]:  # fmt: skip
    """Newest (forward: oldest) first from an index; the cursor is the last item's keys, opaque."""
    name, value = partition
    request: dict[str, Any] = {
        "IndexName": index,
        "KeyConditionExpression": Key(name).eq(value),
        "ScanIndexForward": forward,
        "Limit": limit + 1,
    }
    if cursor:
        start = decode_cursor(cursor, *keys)
        # DynamoDB answers a ValidationException for empty or oversized key values
        if start[name] != value or not all(0 < len(start[k]) <= MAX_KEY_CHARS for k in keys):
            raise InvalidCursor()
        request["ExclusiveStartKey"] = {k: start[k] for k in keys}
    items = table.query(**request)["Items"]
    page = items[:limit]
    more = len(items) > limit
    next_cursor = encode_cursor({k: page[-1][k] for k in keys}) if more and page else None
    return Page(items=[convert(i) for i in page], next_cursor=next_cursor)
