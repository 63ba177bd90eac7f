"""Every admin action leaves an entry: who, what, when and why (the audit log is append-only)."""

import logging

from backend.domain.errors import InvalidInput
from backend.domain.ids import new_id
from backend.domain.models import Principal, User, Video
from backend.domain.moderation import AuditEntry, Report
from backend.ports.audit_log import AuditLog
from backend.ports.clock import Clock
from backend.services import validation

log = logging.getLogger(__name__)
MAX_REASON, MAX_LIST = 500, 200


class AuditTrail:
    def __init__(self, *, audit: AuditLog, clock: Clock) -> None:
        self._audit = audit
        self._clock = clock

    def record(
        self, principal: Principal, action: str, target: User | Video | Report | str, reason: str
    ) -> None:
        if isinstance(target, str):
            target_id = target
        elif isinstance(target, User):
            target_id = f"{target.user_id} ({target.email})"
        elif isinstance(target, Video):
            target_id = target.video_id
        else:
            target_id = f"{target.report_id} (video {target.video_id})"
        entry = AuditEntry(
            entry_id=new_id("aud"),
            at=self._clock.now(),
            actor_id=principal.user_id,
            actor=principal.username,
            action=action,
            target=target_id,
            reason=reason,
        )
        self._audit.append(entry)
        log.info("admin %s: %s %s", principal.user_id, action, entry.target)

    def recent(self, *, limit: int) -> list[AuditEntry]:
        return self._audit.recent(limit=checked_limit(limit))


def reason_text(text: str, *, required: bool = False, field: str = "reason") -> str:
    return validation.check_text(text, field=field, max_chars=MAX_REASON, required=required)


def checked_limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIST:
        raise InvalidInput(f"limit must be 1-{MAX_LIST}.")
    return limit
