from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import SigningKeyRow
from backend.domain.models import SigningKey


class SqliteSigningKeyStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, key: SigningKey) -> None:
        with Session(self._engine) as session:
            session.add(SigningKeyRow(kid=key.kid, secret=key.secret, created_at=key.created_at))
            session.commit()

    def all(self) -> list[SigningKey]:
        query = select(SigningKeyRow).order_by(col(SigningKeyRow.created_at).desc())
        with Session(self._engine) as session:
            rows = session.exec(query).all()
        return [
            SigningKey(
                kid=r.kid, secret=r.secret, created_at=utc(r.created_at), not_after=utc(r.not_after)
            )
            for r in rows
        ]

    def retire(self, kid: str, not_after: datetime) -> None:
        with Session(self._engine) as session:
            row = session.get(SigningKeyRow, kid)
            if row is not None:
                row.not_after = not_after
                session.add(row)
                session.commit()

    def delete(self, kid: str) -> None:
        with Session(self._engine) as session:
            row = session.get(SigningKeyRow, kid)
            if row is not None:
                session.delete(row)
                session.commit()
