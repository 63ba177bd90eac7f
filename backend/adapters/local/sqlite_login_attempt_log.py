from datetime import datetime

from sqlalchemy import DateTime, bindparam, delete, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import LoginFailureRow

# One statement: SQLite takes the write lock before the count runs, so concurrent
# reservations (threads or processes) see each other and cannot exceed the limit.
RESERVE = text(
    "INSERT INTO login_failures (key, at) SELECT :key, :at "
    "WHERE (SELECT count(*) FROM login_failures WHERE key = :key AND at >= :since) < :limit"
).bindparams(bindparam("at", type_=DateTime), bindparam("since", type_=DateTime))


class SqliteLoginAttemptLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def reserve(self, key: str, at: datetime, *, since: datetime, limit: int) -> str | None:
        with self._engine.begin() as connection:
            result = connection.execute(
                RESERVE, {"key": key, "at": at, "since": since, "limit": limit}
            )
            return str(result.lastrowid) if result.rowcount == 1 else None

    def release(self, key: str, attempt_id: str) -> None:
        with Session(self._engine) as session:
            session.exec(  # type: ignore[call-overload]
                delete(LoginFailureRow).where(
                    col(LoginFailureRow.key) == key, col(LoginFailureRow.id) == int(attempt_id)
                )
            )
            session.commit()

    def failures_since(self, key: str, since: datetime) -> list[datetime]:
        query = (
            select(LoginFailureRow.at)
            .where(col(LoginFailureRow.key) == key, col(LoginFailureRow.at) >= since)
            .order_by(col(LoginFailureRow.at))
        )
        with Session(self._engine) as session:
            return [utc(at) for at in session.exec(query).all()]

    def clear(self, key: str) -> None:
        with Session(self._engine) as session:
            session.exec(delete(LoginFailureRow).where(col(LoginFailureRow.key) == key))  # type: ignore[call-overload]
            session.commit()
