import random
import secrets
from datetime import datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from backend.adapters.aws.dynamodb_codec import instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.aws.errors import is_condition_failure

KEEP = timedelta(days=1)  # TTL: DynamoDB removes old attempts by itself
SLOT = "slot#"
CONTENDED_ROUNDS = 16  # more lost races than this in one call: refuse, as if throttled


class DynamoDbLoginAttemptLog(DynamoDbTable):
    """A key has `limit` slots (sort key "slot#<n>"). An attempt takes a free slot, or one
    whose attempt is older than the window, with a conditional write: however many callers
    race, at most `limit` attempts of the key fall inside one window."""

    def reserve(self, key: str, at: datetime, *, since: datetime, limit: int) -> str | None:
        for _ in range(CONTENDED_ROUNDS):
            slots = {i["at"]: i for i in self._query(Key("pk").eq(key)) if _is_slot(i, limit)}
            free = [f"{SLOT}{n}" for n in range(limit) if f"{SLOT}{n}" not in slots]
            stale = [s for s, i in slots.items() if i["attempt_at"] < instant(since)]
            if not free and not stale:
                return None
            slot = random.choice(free or stale)  # noqa: S311 (spreads racers, not a secret)
            attempt_id = f"{slot}:{secrets.token_hex(8)}"
            try:
                self._table.put_item(
                    Item={
                        "pk": key,
                        "at": slot,
                        "attempt_at": instant(at),
                        "attempt_id": attempt_id,
                        "expires_at": int((at + KEEP).timestamp()),
                    },
                    ConditionExpression=Attr("pk").not_exists()
                    | Attr("attempt_at").lt(instant(since)),
                )
            except ClientError as e:
                if not is_condition_failure(e):
                    raise
                continue  # another caller took this slot first
            return attempt_id
        return None

    def release(self, key: str, attempt_id: str) -> None:
        try:
            self._table.delete_item(
                Key={"pk": key, "at": attempt_id.split(":")[0]},
                ConditionExpression=Attr("attempt_id").eq(attempt_id),
            )
        except ClientError as e:
            if not is_condition_failure(e):  # the slot has moved on to a newer attempt
                raise

    def failures_since(self, key: str, since: datetime) -> list[datetime]:
        items = self._query(Key("pk").eq(key))
        found = sorted(i["attempt_at"] for i in items if "attempt_at" in i)
        return [parse_instant(a) for a in found if a >= instant(since)]  # type: ignore[misc]

    def clear(self, key: str) -> None:
        for item in self._query(Key("pk").eq(key)):
            self._table.delete_item(Key={"pk": key, "at": item["at"]})

    def _query(self, condition: Any) -> list[dict[str, Any]]:
        request: dict[str, Any] = {"KeyConditionExpression": condition, "ConsistentRead": True}
        items: list[dict[str, Any]] = []
        while True:
            page = self._table.query(**request)
            items += page["Items"]
            if "LastEvaluatedKey" not in page:
                return items
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def _is_slot(item: dict[str, Any], limit: int) -> bool:
    slot = str(item["at"])
    return slot.startswith(SLOT) and int(slot.removeprefix(SLOT)) < limit
