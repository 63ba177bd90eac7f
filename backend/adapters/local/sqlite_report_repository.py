from dataclasses import asdict, fields
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import ReportRow
from backend.domain.moderation import Report, ReportStatus


class SqliteReportRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, report: Report) -> None:
        with Session(self._engine) as session:
            session.add(ReportRow(**(asdict(report) | {"status": report.status.value})))
            session.commit()

    def get(self, report_id: str) -> Report | None:
        with Session(self._engine) as session:
            row = session.get(ReportRow, report_id)
            return _report(row) if row else None

    def open(self, *, limit: int) -> list[Report]:
        query = (
            select(ReportRow)
            .where(ReportRow.status == ReportStatus.OPEN.value)
            .order_by(col(ReportRow.created_at), col(ReportRow.report_id))
            .limit(limit)
        )
        with Session(self._engine) as session:
            return [_report(r) for r in session.exec(query).all()]

    def resolve(self, report_id: str, *, resolution: str, by: str, at: datetime) -> bool:
        still_open = (col(ReportRow.report_id) == report_id) & (
            col(ReportRow.status) == ReportStatus.OPEN.value
        )
        values = {
            "status": ReportStatus.RESOLVED.value,
            "resolution": resolution,
            "resolved_by": by,
            "resolved_at": at,
        }
        with Session(self._engine) as session:
            result = session.exec(update(ReportRow).where(still_open).values(**values))  # type: ignore[call-overload]
            session.commit()
            return result.rowcount == 1


def _report(row: ReportRow) -> Report:
    values = {f.name: getattr(row, f.name) for f in fields(Report)}
    values["status"] = ReportStatus(row.status)
    values["created_at"] = utc(row.created_at)
    values["resolved_at"] = utc(row.resolved_at)
    return Report(**values)
