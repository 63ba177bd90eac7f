"""The backfills of aws mode, by name: `valvid aws backfill NAME [--dry-run]`.

A backfill stays here after it has run: a site upgrading from an older version runs each one
its new version lists once, after `cdk deploy` has added what it fills (a new index).
"""

from typing import Any

from boto3.dynamodb.conditions import Attr

from backend.adapters.aws.dynamodb_backfill import Backfill


def _public_by_owner(item: dict[str, Any]) -> dict[str, Any] | None:
    if "public_pk" not in item or "public_owner" in item:
        return None
    return {
        "UpdateExpression": "SET public_owner = owner_id",
        "ConditionExpression": Attr("public_pk").exists() & Attr("public_owner").not_exists(),
    }


BACKFILLS = {
    backfill.name: backfill
    for backfill in [
        Backfill(
            name="public-by-owner",
            table="videos",
            summary="List videos published before channel pages in the public_by_owner index.",
            update=_public_by_owner,
        ),
    ]
}
