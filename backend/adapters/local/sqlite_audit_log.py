from dataclasses import asdict

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import AuditRow
from backend.domain.moderation import AuditEntry


class SqliteAuditLog:
    """Rows are only inserted; the table's triggers refuse UPDATE and DELETE."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def append(self, entry: AuditEntry) -> None:
        with Session(self._engine) as session:
            session.add(AuditRow(**asdict(entry)))
            session.commit()

    def recent(self, *, limit: int) -> list[AuditEntry]:
        query = select(AuditRow).order_by(col(AuditRow.at).desc(), col(AuditRow.entry_id).desc())
        with Session(self._engine) as session:
            rows = session.exec(query.limit(limit)).all()
        return [
            AuditEntry(
                entry_id=r.entry_id,
                at=utc(r.at),
                actor_id=r.actor_id,
                actor=r.actor,
                action=r.action,
                target=r.target,
                reason=r.reason,
            )
            for r in rows
        ]
