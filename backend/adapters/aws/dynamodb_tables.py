"""The DynamoDB tables of aws mode: names, keys and indexes (the CDK app provisions the same)."""

from typing import Any

S = "S"
TABLES: dict[str, dict[str, Any]] = {
    # user items (pk USER#id) and uniqueness claims (pk EMAIL#…, USERNAME#…), written together
    "users": {"keys": [("pk", S)]},
    "videos": {
        "keys": [("video_id", S)],
        "indexes": {
            "by_owner": [("owner_id", S), ("created_sort", S)],
            # sparse: only PUBLIC and READY videos carry public_pk
            "public_newest": [("public_pk", S), ("published_sort", S)],
            # sparse too: a creator's channel (public_owner = owner_id while listed)
            "public_by_owner": [("public_owner", S), ("published_sort", S)],
        },
    },
    "uploads": {"keys": [("upload_id", S)], "indexes": {"by_video": [("video_id", S)]}},
    # one partition: every kept key is one Query away, no Scan
    "signing_keys": {"keys": [("pk", S), ("kid", S)]},
    "login_failures": {"keys": [("pk", S), ("at", S)], "ttl": "expires_at"},
    # one job per received upload; open jobs are found by status for the sweeper
    "jobs": {
        "keys": [("upload_id", S)],
        "indexes": {"by_video": [("video_id", S)], "by_state": [("state", S), ("touched_at", S)]},
    },
    # admin records, one partition per kind: AUDIT (sk time#id), REQUEST (sk user), REPORT
    "moderation": {"keys": [("pk", S), ("sk", S)]},
}


def table_name(prefix: str, table: str) -> str:
    return f"{prefix}-{table}"


def create_tables(dynamodb_client: Any, prefix: str) -> None:
    """Create every table (on-demand); for tests and local experiments against moto."""
    for table, spec in TABLES.items():
        attributes = dict(spec["keys"])
        for index_keys in spec.get("indexes", {}).values():
            attributes.update(dict(index_keys))
        request: dict[str, Any] = {
            "TableName": table_name(prefix, table),
            "BillingMode": "PAY_PER_REQUEST",
            "AttributeDefinitions": [
                {"AttributeName": n, "AttributeType": t} for n, t in attributes.items()
            ],
            "KeySchema": _key_schema(spec["keys"]),
        }
        if spec.get("indexes"):
            request["GlobalSecondaryIndexes"] = [
                {"IndexName": name, "KeySchema": _key_schema(keys),
                 "Projection": {"ProjectionType": "ALL"}}
                for name, keys in spec["indexes"].items()
            ]  # fmt: skip
        dynamodb_client.create_table(**request)


def _key_schema(keys: list[tuple[str, str]]) -> list[dict[str, str]]:
    kinds = ("HASH", "RANGE")
    return [{"AttributeName": name, "KeyType": kinds[i]} for i, (name, _) in enumerate(keys)]
