"""A viewer asks to become a creator; the answer comes from an admin (AdminService)."""

from backend.domain.errors import Conflict
from backend.domain.models import Principal
from backend.domain.moderation import CreatorRequest
from backend.domain.statuses import SignupPolicy
from backend.ports.clock import Clock
from backend.ports.creator_request_repository import CreatorRequestRepository
from backend.services import validation

MAX_NOTE = 500


class CreatorAccessService:
    def __init__(
        self, *, requests: CreatorRequestRepository, clock: Clock, policy: SignupPolicy
    ) -> None:
        self._requests = requests
        self._clock = clock
        self._policy = SignupPolicy(policy)

    def request(self, principal: Principal, *, note: str) -> CreatorRequest:
        """Ask for creator access with a short note (under the approval policy only)."""
        if principal.is_creator:
            raise Conflict("You can already publish videos.", code="already_creator")
        if self._policy is not SignupPolicy.APPROVAL:
            raise Conflict(
                "On this site the admins give creator access themselves; requests are closed.",
                code="requests_closed",
            )
        note = validation.check_text(note, field="note", max_chars=MAX_NOTE)
        request = CreatorRequest(
            user_id=principal.user_id, note=note, requested_at=self._clock.now()
        )
        if not self._requests.save(request):
            raise Conflict("Your request is waiting for an admin.", code="request_pending")
        return request

    def status(self, principal: Principal) -> CreatorRequest | None:
        """The caller's latest request (PENDING, APPROVED or DECLINED with a reason), if any."""
        return self._requests.get(principal.user_id)

    @property
    def accepts_requests(self) -> bool:
        return self._policy is SignupPolicy.APPROVAL
