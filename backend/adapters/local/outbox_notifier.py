"""Local mode: account notices go to the same outbox as the confirmation codes."""

import logging

from sqlalchemy.engine import Engine
from sqlmodel import Session

from backend.adapters.local.tables import OutboxRow
from backend.adapters.notice_text import ACCOUNT_EXISTS_SUBJECT, creator_decision_text
from backend.ports.clock import Clock

log = logging.getLogger(__name__)


class OutboxNotifier:
    def __init__(self, engine: Engine, *, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    def account_exists(self, *, email: str) -> None:
        with Session(self._engine) as session:
            session.add(
                OutboxRow(
                    email=email,
                    subject=ACCOUNT_EXISTS_SUBJECT,
                    code="",
                    created_at=self._clock.now(),
                )
            )
            session.commit()
        log.info("outbox: account notice for %s written (see `valvid outbox`)", email)

    def creator_decision(self, *, email: str, approved: bool, reason: str) -> None:
        subject, body = creator_decision_text(approved=approved, reason=reason)
        with Session(self._engine) as session:  # the outbox keeps a subject and a "code": the text
            session.add(
                OutboxRow(email=email, subject=subject, code=body, created_at=self._clock.now())
            )
            session.commit()
        log.info("outbox: creator decision for %s written (see `valvid outbox`)", email)
