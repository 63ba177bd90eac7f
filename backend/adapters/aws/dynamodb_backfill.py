"""Backfills: give the items already in a DynamoDB table what new writes carry by themselves.

DynamoDB has no schema to migrate. A new attribute, or a new sparse index keyed on one, needs
the existing items rewritten: a backfill scans the table page by page and updates each item that
needs it with a conditional write. An item the app changed in the meantime fails the condition
and is left alone (the app's own write already carries the attribute), so a run can be stopped,
repeated or resumed from the key it printed, at any time, with the app running.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.aws.errors import is_condition_failure


@dataclass(frozen=True)
class Backfill:
    name: str
    table: str  # as in dynamodb_tables.TABLES
    summary: str
    update: Callable[[dict[str, Any]], dict[str, Any] | None]
    """The update_item arguments (besides Key) a scanned item needs, or None if it needs none."""


@dataclass
class BackfillReport:
    scanned: int = 0
    updated: int = 0
    changed_meanwhile: int = 0  # the condition failed: the app rewrote the item first
    resume_from: dict[str, Any] | None = None  # where a stopped run can go on


class BackfillRunner:
    def __init__(self, clients: AwsClients, prefix: str) -> None:
        self._clients = clients
        self._prefix = prefix

    def run(self, backfill: Backfill, *, dry_run: bool = False, page_size: int = 200,
            start_key: dict[str, Any] | None = None, max_pages: int | None = None,
            ) -> BackfillReport:  # fmt: skip
        table = self._clients.resource("dynamodb").Table(table_name(self._prefix, backfill.table))
        report = BackfillReport()
        request: dict[str, Any] = {"Limit": page_size, "ConsistentRead": True}
        if start_key:
            request["ExclusiveStartKey"] = start_key
        pages = 0
        while max_pages is None or pages < max_pages:
            page = table.scan(**request)
            pages += 1
            for item in page["Items"]:
                report.scanned += 1
                change = backfill.update(item)
                if change is not None and not dry_run:
                    self._apply(table, item, change, report)
                elif change is not None:
                    report.updated += 1
            report.resume_from = page.get("LastEvaluatedKey")
            if report.resume_from is None:
                break
            request["ExclusiveStartKey"] = report.resume_from
        return report

    @staticmethod
    def _apply(table: Any, item: dict[str, Any], change: dict[str, Any], report: BackfillReport,
               ) -> None:  # fmt: skip
        key = {k["AttributeName"]: item[k["AttributeName"]] for k in table.key_schema}
        try:
            table.update_item(Key=key, **change)
        except ClientError as e:
            if not is_condition_failure(e):
                raise
            report.changed_meanwhile += 1
            return
        report.updated += 1
