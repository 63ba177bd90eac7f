from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from backend.adapters.aws.dynamodb_codec import compact, instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.aws.errors import is_condition_failure
from backend.domain.moderation import CreatorRequest, RequestStatus

PARTITION = "REQUEST"


class DynamoDbCreatorRequestRepository(DynamoDbTable):
    """One item per account in the REQUEST partition of the moderation table."""

    def save(self, request: CreatorRequest) -> bool:
        item = {
            "pk": PARTITION,
            "sk": request.user_id,
            "note": request.note,
            "requested_at": instant(request.requested_at),
            "status": request.status.value,
        }
        try:
            self._table.put_item(
                Item=compact(item),
                ConditionExpression="attribute_not_exists(pk) OR #s = :declined",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":declined": RequestStatus.DECLINED.value},
            )
        except ClientError as e:
            if is_condition_failure(e):
                return False
            raise
        return True

    def get(self, user_id: str) -> CreatorRequest | None:
        key = {"pk": PARTITION, "sk": user_id}
        item = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
        return _request(item) if item else None

    def pending(self, *, limit: int) -> list[CreatorRequest]:
        request: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(PARTITION),
            "FilterExpression": Attr("status").eq(RequestStatus.PENDING.value),
            "ConsistentRead": True,
        }
        found: list[CreatorRequest] = []
        while True:
            page = self._table.query(**request)
            found += [_request(i) for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return sorted(found, key=lambda r: r.requested_at)[:limit]

    def decide(
        self, user_id: str, *, status: RequestStatus, by: str, at: datetime, reason: str
    ) -> bool:
        return self._update(
            {"pk": PARTITION, "sk": user_id},
            {
                "status": status.value,
                "decided_by": by,
                "decided_at": instant(at),
                "reason": reason or None,
            },
            expected={"status": RequestStatus.PENDING.value},
        )


def _request(item: dict[str, Any]) -> CreatorRequest:
    requested = parse_instant(item["requested_at"])
    assert requested is not None
    return CreatorRequest(
        user_id=item["sk"],
        note=item.get("note", ""),
        requested_at=requested,
        status=RequestStatus(item["status"]),
        decided_at=parse_instant(item.get("decided_at")),
        decided_by=item.get("decided_by"),
        reason=item.get("reason"),
    )
