import secrets
from datetime import datetime, timedelta
from typing import Any

from boto3.dynamodb.conditions import Key

from backend.adapters.aws.dynamodb_codec import instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable

KEEP = timedelta(days=1)  # TTL: DynamoDB removes old failures by itself


class DynamoDbLoginAttemptLog(DynamoDbTable):
    def record_failure(self, key: str, at: datetime) -> None:
        self._table.put_item(
            Item={
                "pk": key,
                "at": f"{instant(at)}#{secrets.token_hex(4)}",  # two failures may share an instant
                "expires_at": int((at + KEEP).timestamp()),
            }
        )

    def failures_since(self, key: str, since: datetime) -> list[datetime]:
        items = self._query(Key("pk").eq(key) & Key("at").gte(instant(since)))
        return [parse_instant(i["at"].split("#")[0]) for i in items]  # type: ignore[misc]

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
