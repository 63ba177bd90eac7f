"""Durable processing jobs in SQLite, shared by every worker process on the data directory.

A claim is one conditional UPDATE, so two workers never run the same job; a running job
heartbeats, and the sweeper requeues (or, after the last attempt, gives up on) jobs whose
worker stopped heartbeating.
"""

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import func, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from backend.adapters.local.tables import JobRow
from backend.domain.ids import new_id
from backend.domain.jobs import Job, JobState
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

    def position(self, video_id: str) -> int | None:
        with Session(self._engine) as session:
            mine = session.exec(
                select(JobRow.created_at)
                .where(col(JobRow.video_id) == video_id, col(JobRow.status) == "QUEUED")
                .order_by(col(JobRow.created_at).desc())
            ).first()
            if mine is None:
                return None
            ahead = select(func.count()).where(
                col(JobRow.status) == "QUEUED", col(JobRow.created_at) < mine
            )
            return int(session.exec(ahead).one())

    def status_of(self, job_id: str) -> str | None:
        with Session(self._engine) as session:
            row = session.get(JobRow, job_id)
            return row.status if row else None

    def recent(self, limit: int, status: str | None = None) -> list[JobState]:
        """Newest jobs first, for the operator."""
        query = select(JobRow).order_by(col(JobRow.created_at).desc()).limit(limit)
        if status:
            query = query.where(col(JobRow.status) == status)
        with Session(self._engine) as session:
            return [
                JobState(
                    job=Job(row.job_id, row.video_id, row.upload_id, row.attempts),
                    status=row.status,
                    created_at=row.created_at,
                    claimed_by=row.claimed_by,
                    cause=row.error,
                )
                for row in session.exec(query).all()
            ]

    def claim(self, worker_id: str) -> Job | None:
        """Take the oldest queued job, atomically; None when there is none."""
        with Session(self._engine) as session:
            while True:
                row = session.exec(
                    select(JobRow)
                    .where(col(JobRow.status) == "QUEUED")
                    .order_by(col(JobRow.created_at))
                    .limit(1)
                ).first()
                if row is None:
                    return None
                job = Job(row.job_id, row.video_id, row.upload_id, row.attempts + 1)
                claimed = session.exec(  # type: ignore[call-overload]
                    update(JobRow)
                    .where(col(JobRow.job_id) == row.job_id, col(JobRow.status) == "QUEUED")
                    .values(
                        status="RUNNING",
                        claimed_by=worker_id,
                        heartbeat_at=self._clock.now(),
                        attempts=JobRow.attempts + 1,
                    )
                )
                session.commit()
                if claimed.rowcount == 1:
                    return job

    def heartbeat(self, job_id: str, worker_id: str) -> bool:
        """Record that the job is alive; False when it was cancelled or taken away meanwhile."""
        return self._update_own(job_id, worker_id, heartbeat_at=self._clock.now())

    def finish(self, job_id: str, worker_id: str, status: str, error: str | None = None) -> bool:
        return self._update_own(job_id, worker_id, status=status, error=error)

    def _update_own(self, job_id: str, worker_id: str, **values: object) -> bool:
        """Change a job only while this worker still runs it."""
        with Session(self._engine) as session:
            result = session.exec(  # type: ignore[call-overload]
                update(JobRow)
                .where(
                    col(JobRow.job_id) == job_id,
                    col(JobRow.claimed_by) == worker_id,
                    col(JobRow.status) == "RUNNING",
                )
                .values(**values)
            )
            session.commit()
            return result.rowcount == 1

    def release_stale(
        self,
        stale_before: datetime,
        max_attempts: int,
        *,
        keep: Callable[[str], bool] = lambda worker_id: False,
    ) -> tuple[list[Job], list[Job]]:
        """Jobs whose worker went quiet: (requeued, given up after max_attempts). Jobs whose
        worker id satisfies keep (a worker known to be alive) stay with it."""
        requeued: list[Job] = []
        failed: list[Job] = []
        with Session(self._engine) as session:
            rows = session.exec(
                select(JobRow).where(
                    col(JobRow.status) == "RUNNING", col(JobRow.heartbeat_at) < stale_before
                )
            ).all()
            for row in rows:
                if row.claimed_by and keep(row.claimed_by):
                    continue
                job = Job(row.job_id, row.video_id, row.upload_id, row.attempts)
                status = "QUEUED" if row.attempts < max_attempts else "FAILED"
                result = session.exec(  # type: ignore[call-overload]
                    update(JobRow)
                    .where(
                        col(JobRow.job_id) == row.job_id,
                        col(JobRow.status) == "RUNNING",
                        col(JobRow.heartbeat_at) == row.heartbeat_at,
                    )
                    .values(status=status, claimed_by=None, error="worker stopped responding")
                )
                session.commit()
                if result.rowcount == 1:
                    (requeued if status == "QUEUED" else failed).append(job)
        return requeued, failed

    def requeue_failed(self, job_id: str) -> bool:
        """An admin's retry: a FAILED job queued again with fresh attempts (False otherwise)."""
        with Session(self._engine) as session:
            result = session.exec(  # type: ignore[call-overload]
                update(JobRow)
                .where(col(JobRow.job_id) == job_id, col(JobRow.status) == "FAILED")
                .values(status="QUEUED", attempts=0, claimed_by=None, error=None)
            )
            session.commit()
            return result.rowcount == 1
