"""Six-digit codes sent by email in local mode (confirmation, password reset): stored as a
hash, one live code per email, a few attempts each, compared in constant time."""

import hashlib
import hmac
import secrets
from datetime import timedelta

from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from backend.adapters.local.tables import ConfirmationCodeRow, OutboxRow, PasswordResetCodeRow
from backend.ports.clock import Clock

CodeRow = type[ConfirmationCodeRow] | type[PasswordResetCodeRow]


class OneTimeCodes:
    def __init__(
        self, engine: Engine, *, clock: Clock, table: CodeRow, subject: str,
        ttl: timedelta, attempts: int = 5,
    ) -> None:  # fmt: skip
        self._engine = engine
        self._clock = clock
        self._table = table
        self._subject = subject
        self._ttl = ttl
        self._attempts = attempts

    def send(self, email: str) -> None:
        """A new code replaces the email's previous one and goes to the outbox."""
        code = f"{secrets.randbelow(10**6):06d}"
        now = self._clock.now()
        with Session(self._engine) as session:
            session.merge(
                self._table(
                    email=email,
                    code_hash=_digest(code),
                    expires_at=now + self._ttl,
                    attempts_left=self._attempts,
                )
            )
            session.add(OutboxRow(email=email, subject=self._subject, code=code, created_at=now))
            session.commit()

    def spend(self, email: str, code: str) -> bool:
        """True once for the right, unexpired code (then it is gone); every try uses an
        attempt, taken in one UPDATE before comparing, so concurrent guesses each use one."""
        table = self._table
        take = (
            update(table)
            .where(
                col(table.email) == email,
                col(table.attempts_left) > 0,
                col(table.expires_at) > self._clock.now(),
            )
            .values(attempts_left=col(table.attempts_left) - 1)
            .returning(col(table.code_hash))
        )
        with Session(self._engine) as session:
            code_hash = session.exec(take).scalar_one_or_none()  # type: ignore[call-overload]
            session.commit()
            if code_hash is None or not hmac.compare_digest(code_hash, _digest(code)):
                return False
            gone = delete(table).where(col(table.email) == email, col(table.code_hash) == code_hash)
            session.exec(gone)  # type: ignore[call-overload]
            session.commit()
        return True

    def forget(self, email: str) -> None:
        with Session(self._engine) as session:
            session.exec(delete(self._table).where(col(self._table.email) == email))  # type: ignore[call-overload]
            session.commit()


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
