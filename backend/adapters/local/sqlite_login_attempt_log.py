from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import LoginFailureRow


class SqliteLoginAttemptLog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def record_failure(self, key: str, at: datetime) -> None:
        with Session(self._engine) as session:
            session.add(LoginFailureRow(key=key, at=at))
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
