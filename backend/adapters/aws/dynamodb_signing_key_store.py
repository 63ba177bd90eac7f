from datetime import datetime

from boto3.dynamodb.conditions import Key

from backend.adapters.aws.dynamodb_codec import instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.domain.models import SigningKey

PARTITION = "KEYS"


class DynamoDbSigningKeyStore(DynamoDbTable):
    """Every kept key in one partition: verification is one Query, never a Scan."""

    def add(self, key: SigningKey) -> None:
        self._table.put_item(
            Item={"pk": PARTITION, "kid": key.kid, "secret": key.secret,
                  "created_at": instant(key.created_at)}
        )  # fmt: skip

    def all(self) -> list[SigningKey]:
        items = self._table.query(
            KeyConditionExpression=Key("pk").eq(PARTITION), ConsistentRead=True
        )["Items"]
        keys = [
            SigningKey(
                kid=i["kid"],
                secret=bytes(i["secret"]),
                created_at=parse_instant(i["created_at"]),  # type: ignore[arg-type]
                not_after=parse_instant(i.get("not_after")),
            )
            for i in items
        ]
        return sorted(keys, key=lambda k: k.created_at, reverse=True)

    def retire(self, kid: str, not_after: datetime) -> None:
        self._table.update_item(
            Key={"pk": PARTITION, "kid": kid},
            UpdateExpression="SET not_after = :t",
            ConditionExpression="attribute_exists(kid)",
            ExpressionAttributeValues={":t": instant(not_after)},
        )

    def delete(self, kid: str) -> None:
        self._table.delete_item(Key={"pk": PARTITION, "kid": kid})
