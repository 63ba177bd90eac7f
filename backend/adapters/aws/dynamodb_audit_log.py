from typing import Any

from boto3.dynamodb.conditions import Key

from backend.adapters.aws.dynamodb_codec import compact, instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.domain.moderation import AuditEntry

PARTITION = "AUDIT"


class DynamoDbAuditLog(DynamoDbTable):
    """Entries in one partition of the moderation table, sorted by time; only ever put."""

    def append(self, entry: AuditEntry) -> None:
        item = {
            "pk": PARTITION,
            "sk": f"{instant(entry.at)}#{entry.entry_id}",
            "entry_id": entry.entry_id,
            "at": instant(entry.at),
            "actor_id": entry.actor_id,
            "actor": entry.actor,
            "action": entry.action,
            "target": entry.target,
            "reason": entry.reason,
        }
        self._table.put_item(Item=compact(item), ConditionExpression="attribute_not_exists(pk)")

    def recent(self, *, limit: int) -> list[AuditEntry]:
        items = self._table.query(
            KeyConditionExpression=Key("pk").eq(PARTITION),
            ScanIndexForward=False,
            Limit=limit,
            ConsistentRead=True,
        )["Items"]
        return [_entry(i) for i in items]


def _entry(item: dict[str, Any]) -> AuditEntry:
    at = parse_instant(item["at"])
    assert at is not None
    return AuditEntry(
        entry_id=item["entry_id"],
        at=at,
        actor_id=item["actor_id"],
        actor=item["actor"],
        action=item["action"],
        target=item["target"],
        reason=item.get("reason", ""),
    )
