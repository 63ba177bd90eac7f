"""What admins do about accounts: answer creator requests, invite, suspend or reactivate,
change roles. Every action is audited; anyone who is not an admin gets NotFound."""

from dataclasses import dataclass

from backend.domain.errors import Conflict, NotFound
from backend.domain.models import Principal, User
from backend.domain.moderation import AuditEntry, CreatorRequest, RequestStatus
from backend.domain.statuses import AccountStatus, Role
from backend.ports.clock import Clock
from backend.ports.creator_request_repository import CreatorRequestRepository
from backend.ports.notifier import AccountNotifier
from backend.ports.user_repository import UserRepository
from backend.services import validation
from backend.services.audit_trail import AuditTrail, checked_limit, reason_text
from backend.services.roles import require_admin

CLI = Principal(user_id="cli", username="command line", role=Role.ADMIN)
INVITED = "Sign up with this email address: your account will be able to publish at once."


def invitation_key(email: str) -> str:
    """Invitations are kept as approved creator requests of an address without an account."""
    return f"invite:{email}"


@dataclass(frozen=True, slots=True)
class PendingRequest:
    request: CreatorRequest
    user: User


class AdminService:
    def __init__(
        self,
        *,
        users: UserRepository,
        requests: CreatorRequestRepository,
        trail: AuditTrail,
        notifier: AccountNotifier,
        clock: Clock,
    ) -> None:
        self._users = users
        self._requests = requests
        self._trail = trail
        self._notifier = notifier
        self._clock = clock

    # creator requests
    def pending_requests(self, principal: Principal, *, limit: int = 50) -> list[PendingRequest]:
        require_admin(principal)
        found = []
        for request in self._requests.pending(limit=checked_limit(limit)):
            user = self._users.get(request.user_id)
            if user is not None:
                found.append(PendingRequest(request=request, user=user))
        return found

    def decide_request(
        self, principal: Principal, user_id: str, *, approve: bool, reason: str = ""
    ) -> User:
        """Approve (the account becomes a creator) or decline (a reason is required); the
        applicant is mailed the answer."""
        require_admin(principal)
        reason = reason_text(reason, required=not approve)
        user = self._user(user_id)
        status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
        at = self._clock.now()
        if not self._requests.decide(
            user_id, status=status, by=principal.user_id, at=at, reason=reason
        ):
            raise Conflict("This request has already been answered.", code="request_answered")
        if approve and user.role is Role.VIEWER:
            self._users.update(user_id, role=Role.CREATOR)
            user.role = Role.CREATOR
        self._trail.record(
            principal, "request.approve" if approve else "request.decline", user, reason
        )
        self._notifier.creator_decision(email=user.email, approved=approve, reason=reason)
        return user

    # accounts
    def find_users(self, principal: Principal, text: str = "", *, limit: int = 50) -> list[User]:
        require_admin(principal)
        return self._users.search((text or "").strip(), limit=checked_limit(limit))

    def set_role(self, principal: Principal, user_id: str, role: Role, *, reason: str = "") -> User:
        """Make an account a viewer, creator or admin; it takes effect on its next request."""
        require_admin(principal)
        user = self._other_user(principal, user_id)
        if not self._users.update(user_id, role=role):
            raise NotFound("No such account.")
        user.role = role
        self._trail.record(principal, f"user.role.{role.value.lower()}", user, reason_text(reason))
        return user

    def set_suspended(
        self, principal: Principal, user_id: str, *, suspended: bool, reason: str = ""
    ) -> User:
        """Suspend (every token it holds stops working at once) or reactivate an account."""
        require_admin(principal)
        reason = reason_text(reason, required=suspended)
        user = self._other_user(principal, user_id)
        if user.account_status is AccountStatus.PENDING_CONFIRMATION:
            raise Conflict("This account has not confirmed its email yet.", code="unconfirmed")
        now = self._clock.now()
        status = AccountStatus.SUSPENDED if suspended else AccountStatus.ACTIVE
        # tokens from before a suspension stay dead after reactivation: log in again
        if not self._users.update(user_id, account_status=status, tokens_valid_after=now):
            raise NotFound("No such account.")
        user.account_status, user.tokens_valid_after = status, now
        self._trail.record(
            principal, "user.suspend" if suspended else "user.reactivate", user, reason
        )
        return user

    def audit_log(self, principal: Principal, *, limit: int = 100) -> list[AuditEntry]:
        require_admin(principal)
        return self._trail.recent(limit=limit)

    def invite(self, principal: Principal, email: str) -> User | None:
        """Let email publish: an account with it becomes a creator now; otherwise it will be
        one when it signs up. The address is mailed either way."""
        require_admin(principal)
        email = validation.normalise_email(email)
        user = self._users.get_by_email(email)
        if user is None:
            at = self._clock.now()
            self._requests.save(CreatorRequest(user_id=invitation_key(email), note="invited",
                                               requested_at=at))  # fmt: skip
            self._requests.decide(invitation_key(email), status=RequestStatus.APPROVED,
                                  by=principal.user_id, at=at, reason="")  # fmt: skip
            self._trail.record(principal, "user.invite", email, "")
            self._notifier.creator_decision(email=email, approved=True, reason=INVITED)
            return None
        if user.role is Role.VIEWER:
            self._users.update(user.user_id, role=Role.CREATOR)
            user.role = Role.CREATOR
        self._trail.record(principal, "user.invite", user, "")
        self._notifier.creator_decision(email=email, approved=True, reason="")
        return user

    def is_invited(self, email: str) -> bool:
        """Whether an admin invited this address to publish before it had an account."""
        invitation = self._requests.get(invitation_key(email.lower()))
        return invitation is not None and invitation.status is RequestStatus.APPROVED

    # the command line (the first admin comes from there)
    def grant_by_email(self, email: str, role: Role) -> User:
        user = self._users.get_by_email(validation.normalise_email(email))
        if user is None:
            raise NotFound(f"No account with email {email}.")
        if role is Role.CREATOR and user.role is Role.ADMIN:
            return user  # an admin already publishes
        if role is Role.CREATOR:
            at = self._clock.now()
            self._requests.decide(
                user.user_id, status=RequestStatus.APPROVED, by=CLI.user_id, at=at, reason=""
            )
        return self.set_role(CLI, user.user_id, role)

    def _user(self, user_id: str) -> User:
        user = self._users.get(user_id)
        if user is None:
            raise NotFound("No such account.")
        return user

    def _other_user(self, principal: Principal, user_id: str) -> User:
        if user_id == principal.user_id:
            raise Conflict("Admins cannot change their own account here.", code="own_account")
        return self._user(user_id)
