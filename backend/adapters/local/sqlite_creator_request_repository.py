from dataclasses import asdict, fields
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import CreatorRequestRow
from backend.domain.moderation import CreatorRequest, RequestStatus


class SqliteCreatorRequestRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def save(self, request: CreatorRequest) -> bool:
        values = asdict(request) | {"status": request.status.value}
        declined = (col(CreatorRequestRow.user_id) == request.user_id) & (
            col(CreatorRequestRow.status) == RequestStatus.DECLINED.value
        )
        with Session(self._engine) as session:
            replaced = session.exec(update(CreatorRequestRow).where(declined).values(**values))  # type: ignore[call-overload]
            if replaced.rowcount == 1:
                session.commit()
                return True
            session.add(CreatorRequestRow(**values))
            try:
                session.commit()
            except IntegrityError:  # a PENDING or APPROVED request is there
                return False
            return True

    def get(self, user_id: str) -> CreatorRequest | None:
        with Session(self._engine) as session:
            row = session.get(CreatorRequestRow, user_id)
            return _request(row) if row else None

    def pending(self, *, limit: int) -> list[CreatorRequest]:
        query = (
            select(CreatorRequestRow)
            .where(CreatorRequestRow.status == RequestStatus.PENDING.value)
            .order_by(col(CreatorRequestRow.requested_at))
            .limit(limit)
        )
        with Session(self._engine) as session:
            return [_request(r) for r in session.exec(query).all()]

    def decide(
        self, user_id: str, *, status: RequestStatus, by: str, at: datetime, reason: str
    ) -> bool:
        pending = (col(CreatorRequestRow.user_id) == user_id) & (
            col(CreatorRequestRow.status) == RequestStatus.PENDING.value
        )
        values = {"status": status.value, "decided_by": by, "decided_at": at, "reason": reason}
        with Session(self._engine) as session:
            result = session.exec(update(CreatorRequestRow).where(pending).values(**values))  # type: ignore[call-overload]
            session.commit()
            return result.rowcount == 1


def _request(row: CreatorRequestRow) -> CreatorRequest:
    values = {f.name: getattr(row, f.name) for f in fields(CreatorRequest)}
    values["status"] = RequestStatus(row.status)
    values["requested_at"] = utc(row.requested_at)
    values["decided_at"] = utc(row.decided_at)
    return CreatorRequest(**values)
