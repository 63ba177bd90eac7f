from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.errors import is_condition_failure


@dataclass(frozen=True)
class CopyOf:
    """An update value that is the item's own value of another attribute (`SET a = b`)."""

    attribute: str


class DynamoDbTable:
    """Base of the DynamoDB adapters: one table, reached lazily through the client factory."""

    def __init__(self, clients: AwsClients, table: str) -> None:
        self._clients = clients
        self._name = table

    @property
    def _table(self) -> Any:
        return self._clients.resource("dynamodb").Table(self._name)

    def _update(
        self,
        key: dict[str, str],
        attributes: dict[str, Any],
        *,
        expected: dict[str, Any],
        add: dict[str, int] | None = None,
        condition: str = "",
        values: dict[str, Any] | None = None,
    ) -> bool:
        """One update_item: SET the given attributes (REMOVE those given as None), ADD numbers,
        only if the item exists and every expected attribute still has its value (plus any
        extra condition over values). False when the condition failed."""
        names, vals = {}, dict(values or {})
        sets, removes, adds = [], [], []
        for i, (name, value) in enumerate(attributes.items()):
            names[f"#a{i}"] = name
            if value is None:
                removes.append(f"#a{i}")
            elif isinstance(value, CopyOf):
                names[f"#c{i}"] = value.attribute
                sets.append(f"#a{i} = #c{i}")
            else:
                sets.append(f"#a{i} = :a{i}")
                vals[f":a{i}"] = value
        for i, (name, value) in enumerate((add or {}).items()):
            names[f"#n{i}"], vals[f":n{i}"] = name, value
            adds.append(f"#n{i} :n{i}")
        conditions = [f"attribute_exists(#k{i})" for i in range(len(key))]
        names |= {f"#k{i}": name for i, name in enumerate(key)}
        for i, (name, value) in enumerate(expected.items()):
            names[f"#e{i}"], vals[f":e{i}"] = name, value
            conditions.append(f"#e{i} = :e{i}")
        if condition:
            conditions.append(condition)
        clauses = [("SET", sets), ("REMOVE", removes), ("ADD", adds)]
        request: dict[str, Any] = {
            "Key": key,
            "UpdateExpression": " ".join(f"{verb} {', '.join(p)}" for verb, p in clauses if p),
            "ConditionExpression": " AND ".join(conditions),
            "ExpressionAttributeNames": names,
        }
        if vals:
            request["ExpressionAttributeValues"] = vals
        try:
            self._table.update_item(**request)
        except ClientError as e:
            if is_condition_failure(e):
                return False
            raise
        return True
