"""Local identity: argon2 password hashes and confirmation codes delivered to an outbox."""

import hashlib
import hmac
import logging
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.local.database import utc
from backend.adapters.local.tables import ConfirmationCodeRow, CredentialRow, OutboxRow
from backend.domain.errors import InvalidInput
from backend.domain.models import OutboxMessage
from backend.ports.clock import Clock

log = logging.getLogger(__name__)
CODE_TTL = timedelta(hours=24)
CODE_ATTEMPTS = 5
WRONG_CODE = "The confirmation code is wrong or has expired. Ask for a new one."


class LocalIdentity:
    def __init__(self, engine: Engine, *, clock: Clock, hasher: PasswordHasher | None = None):
        self._engine = engine
        self._clock = clock
        self._hasher = hasher or PasswordHasher()
        # Checked against when the account is unknown, so both paths cost one argon2 verify.
        self._decoy_hash = self._hasher.hash(secrets.token_urlsafe(16))

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
        # Spend an attempt before comparing, in one UPDATE: concurrent guesses each use one.
        spend = (
            update(ConfirmationCodeRow)
            .where(
                col(ConfirmationCodeRow.email) == email,
                col(ConfirmationCodeRow.attempts_left) > 0,
                col(ConfirmationCodeRow.expires_at) > self._clock.now(),
            )
            .values(attempts_left=col(ConfirmationCodeRow.attempts_left) - 1)
            .returning(col(ConfirmationCodeRow.code_hash))
        )
        with Session(self._engine) as session:
            code_hash = session.exec(spend).scalar_one_or_none()  # type: ignore[call-overload]
            session.commit()
            if code_hash is None or not hmac.compare_digest(code_hash, _digest(code)):
                raise InvalidInput(WRONG_CODE, code="bad_code")
            session.exec(  # type: ignore[call-overload]
                delete(ConfirmationCodeRow).where(
                    col(ConfirmationCodeRow.email) == email,
                    col(ConfirmationCodeRow.code_hash) == code_hash,
                )
            )
            session.commit()

    def resend_code(self, *, email: str) -> None:
        self._send_code(email)

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
            for model in (CredentialRow, ConfirmationCodeRow):
                row = session.get(model, email)
                if row is not None:
                    session.delete(row)
            session.commit()

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
        code = f"{secrets.randbelow(10**6):06d}"
        now = self._clock.now()
        with Session(self._engine) as session:
            session.merge(
                ConfirmationCodeRow(
                    email=email,
                    code_hash=_digest(code),
                    expires_at=now + CODE_TTL,
                    attempts_left=CODE_ATTEMPTS,
                )
            )
            session.add(
                OutboxRow(
                    email=email, subject="Your Valvid confirmation code", code=code, created_at=now
                )
            )
            session.commit()
        log.info("outbox: confirmation code for %s written (see `valvid outbox`)", email)


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()
