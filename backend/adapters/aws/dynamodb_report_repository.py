from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Attr, Key

from backend.adapters.aws.dynamodb_codec import compact, instant, parse_instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.domain.moderation import Report, ReportStatus

PARTITION = "REPORT"


class DynamoDbReportRepository(DynamoDbTable):
    """One item per report in the REPORT partition of the moderation table."""

    def add(self, report: Report) -> None:
        item = {
            "pk": PARTITION,
            "sk": report.report_id,
            "video_id": report.video_id,
            "reporter_id": report.reporter_id,
            "reason": report.reason,
            "note": report.note,
            "created_at": instant(report.created_at),
            "status": report.status.value,
        }
        self._table.put_item(Item=compact(item), ConditionExpression="attribute_not_exists(pk)")

    def get(self, report_id: str) -> Report | None:
        key = {"pk": PARTITION, "sk": report_id}
        item = self._table.get_item(Key=key, ConsistentRead=True).get("Item")
        return _report(item) if item else None

    def open(self, *, limit: int) -> list[Report]:
        request: dict[str, Any] = {
            "KeyConditionExpression": Key("pk").eq(PARTITION),
            "FilterExpression": Attr("status").eq(ReportStatus.OPEN.value),
            "ConsistentRead": True,
        }
        found: list[Report] = []
        while True:
            page = self._table.query(**request)
            found += [_report(i) for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return sorted(found, key=lambda r: (r.created_at, r.report_id))[:limit]

    def resolve(self, report_id: str, *, resolution: str, by: str, at: datetime) -> bool:
        return self._update(
            {"pk": PARTITION, "sk": report_id},
            {
                "status": ReportStatus.RESOLVED.value,
                "resolution": resolution,
                "resolved_by": by,
                "resolved_at": instant(at),
            },
            expected={"status": ReportStatus.OPEN.value},
        )


def _report(item: dict[str, Any]) -> Report:
    created = parse_instant(item["created_at"])
    assert created is not None
    return Report(
        report_id=item["sk"],
        video_id=item["video_id"],
        reporter_id=item["reporter_id"],
        reason=item["reason"],
        note=item.get("note", ""),
        created_at=created,
        status=ReportStatus(item["status"]),
        resolution=item.get("resolution"),
        resolved_by=item.get("resolved_by"),
        resolved_at=parse_instant(item.get("resolved_at")),
    )
