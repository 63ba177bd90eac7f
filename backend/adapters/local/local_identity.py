"""Local identity: argon2 password hashes and one-time codes delivered to an outbox."""

import logging
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.one_time_codes import OneTimeCodes
from backend.adapters.local.tables import (
    ConfirmationCodeRow,
    CredentialRow,
    OutboxRow,
    PasswordResetCodeRow,
)
from backend.domain.errors import InvalidInput
from backend.domain.models import OutboxMessage
from backend.ports.clock import Clock

log = logging.getLogger(__name__)
CODE_TTL = timedelta(hours=24)
RESET_CODE_TTL = timedelta(hours=1)
CODE_ATTEMPTS = 5
WRONG_CODE = "The confirmation code is wrong or has expired. Ask for a new one."
WRONG_RESET_CODE = "The reset code is wrong or has expired. Ask for a new one."


class LocalIdentity:
    def __init__(self, engine: Engine, *, clock: Clock, hasher: PasswordHasher | None = None):
        self._engine = engine
        self._clock = clock
        self._hasher = hasher or PasswordHasher()
        # Checked against when the account is unknown, so both paths cost one argon2 verify.
        self._decoy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        self._confirmations = OneTimeCodes(
            engine, clock=clock, table=ConfirmationCodeRow, ttl=CODE_TTL,
            subject="Your Valvid confirmation code", attempts=CODE_ATTEMPTS,
        )  # fmt: skip
        self._resets = OneTimeCodes(
            engine, clock=clock, table=PasswordResetCodeRow, ttl=RESET_CODE_TTL,
            subject="Your Valvid password reset code", attempts=CODE_ATTEMPTS,
        )  # fmt: skip

    def register(self, *, user_id: str, email: str, username: str, password: str) -> None:
        with Session(self._engine) as session:
            session.merge(
                CredentialRow(
                    email=email, user_id=user_id, password_hash=self._hasher.hash(password)
                )
            )
            session.commit()
        self._send_code(email)

    def spend_password_work(self, *, password: str) -> None:
        self._hasher.hash(password)

    def confirm(self, *, email: str, code: str) -> None:
        if not self._confirmations.spend(email, code):
            raise InvalidInput(WRONG_CODE, code="bad_code")

    def resend_code(self, *, email: str) -> None:
        self._send_code(email)

    def send_reset_code(self, *, email: str) -> None:
        self._resets.send(email)
        log.info("outbox: password reset code for %s written (see `valvid outbox`)", email)

    def reset_password(self, *, email: str, code: str, password: str) -> None:
        new_hash = self._hasher.hash(password)  # before the code is spent: it may fail
        if not self._resets.spend(email, code):
            raise InvalidInput(WRONG_RESET_CODE, code="bad_code")
        self._store_hash(email, new_hash)

    def set_password(self, *, email: str, password: str) -> None:
        self._store_hash(email, self._hasher.hash(password))

    def check_password(self, *, email: str, password: str) -> bool:
        with Session(self._engine) as session:
            row = session.get(CredentialRow, email)
        try:
            matched = self._hasher.verify(row.password_hash if row else self._decoy_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        return matched and row is not None

    def forget(self, *, email: str) -> None:
        with Session(self._engine) as session:
            row = session.get(CredentialRow, email)
            if row is not None:
                session.delete(row)
            session.commit()
        self._confirmations.forget(email)
        self._resets.forget(email)

    def outbox(self, email: str | None = None) -> list[OutboxMessage]:
        """Messages 'sent' in local mode, newest first (what Cognito would have emailed)."""
        query = select(OutboxRow).order_by(col(OutboxRow.id).desc())
        if email:
            query = query.where(OutboxRow.email == email.strip().lower())
        with Session(self._engine) as session:
            rows = session.exec(query).all()
        return [
            OutboxMessage(
                email=r.email, subject=r.subject, code=r.code, created_at=utc(r.created_at)
            )
            for r in rows
        ]

    def _send_code(self, email: str) -> None:
        self._confirmations.send(email)
        log.info("outbox: confirmation code for %s written (see `valvid outbox`)", email)

    def _store_hash(self, email: str, password_hash: str) -> None:
        with Session(self._engine) as session:
            session.exec(  # type: ignore[call-overload]
                update(CredentialRow)
                .where(col(CredentialRow.email) == email)
                .values(password_hash=password_hash)
            )
            session.commit()
