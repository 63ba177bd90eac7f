from datetime import datetime
from typing import Protocol

from backend.domain.moderation import CreatorRequest, RequestStatus


class CreatorRequestRepository(Protocol):
    def save(self, request: CreatorRequest) -> bool:
        """Store a PENDING request, replacing a DECLINED one; False, changing nothing, when
        the account already has a PENDING or APPROVED request."""
        ...

    def get(self, user_id: str) -> CreatorRequest | None: ...

    def pending(self, *, limit: int) -> list[CreatorRequest]:
        """PENDING requests, oldest first."""
        ...

    def decide(
        self, user_id: str, *, status: RequestStatus, by: str, at: datetime, reason: str
    ) -> bool:
        """Record the decision only if the request is still PENDING (False otherwise)."""
        ...
