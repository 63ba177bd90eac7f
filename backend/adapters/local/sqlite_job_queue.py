"""Durable processing jobs in SQLite; workers (a later step) claim them atomically."""

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.adapters.local.tables import JobRow
from backend.domain.ids import new_id
from backend.ports.clock import Clock

UNFINISHED = ("QUEUED", "RUNNING")


class SqliteJobQueue:
    def __init__(self, engine: Engine, *, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def enqueue(self, *, video_id: str, upload_id: str) -> str:
        with Session(self._engine) as session:
            existing = session.exec(select(JobRow).where(JobRow.upload_id == upload_id)).first()
            if existing:
                return existing.job_id
            row = JobRow(
                job_id=new_id("job"),
                video_id=video_id,
                upload_id=upload_id,
                status="QUEUED",
                created_at=self._clock.now(),
            )
            session.add(row)
            try:
                session.commit()
            except IntegrityError:  # the same upload was queued concurrently
                session.rollback()
                return (
                    session.exec(select(JobRow).where(JobRow.upload_id == upload_id)).one().job_id
                )
            return row.job_id

    def cancel_for_video(self, video_id: str) -> int:
        statement = (
            update(JobRow)
            .where(col(JobRow.video_id) == video_id, col(JobRow.status).in_(UNFINISHED))
            .values(status="CANCELED")
        )
        with Session(self._engine) as session:
            result = session.exec(statement)  # type: ignore[call-overload]
            session.commit()
            return result.rowcount

    def status_of(self, job_id: str) -> str | None:
        with Session(self._engine) as session:
            row = session.get(JobRow, job_id)
            return row.status if row else None
