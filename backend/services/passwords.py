"""Passwords: reset with a code sent by email, and change with the current one. Either way
every session issued before the change stops working."""

import logging
import threading
from datetime import datetime

from backend.domain.errors import InvalidInput
from backend.domain.models import User
from backend.domain.statuses import AccountStatus
from backend.ports.clock import Clock
from backend.ports.identity import IdentityProvider
from backend.ports.user_repository import UserRepository
from backend.services import validation
from backend.services.auth import Session, resend_keys
from backend.services.throttle import AttemptThrottle
from backend.services.tokens import TokenService

log = logging.getLogger(__name__)
WRONG_RESET_CODE = "The reset code is wrong or has expired. Ask for a new one."
WRONG_CURRENT = "Your current password is not right."


class PasswordService:
    def __init__(
        self,
        *,
        users: UserRepository,
        identity: IdentityProvider,
        tokens: TokenService,
        throttle: AttemptThrottle,
        clock: Clock,
        hashing: threading.BoundedSemaphore,
    ) -> None:
        self._users = users
        self._identity = identity
        self._tokens = tokens
        self._throttle = throttle
        self._clock = clock
        self._hashing = hashing

    def request_reset(self, *, email: str, client: str = "") -> None:
        """Send a reset code if a confirmed account has this email; the same answer either way.
        Counted like code resends (per email and per client), whether or not it exists."""
        email = validation.normalise_email(email)
        self._throttle.reserve(*resend_keys(email, client))
        user = self._users.get_by_email(email)
        if user is not None and user.account_status is AccountStatus.ACTIVE:
            self._identity.send_reset_code(email=user.email)

    def reset(self, *, email: str, code: str, password: str) -> User:
        """A new password with the code from the email. Wrong codes are throttled like
        confirmation codes; a reset also lifts a log-in lock-out of the account."""
        checked = validation.fields(
            email=(validation.normalise_email, email),
            password=(validation.check_password, password),
        )
        email = checked["email"]
        key = f"reset-code:{email}"
        reservation = self._throttle.reserve(key)
        user = self._users.get_by_email(email)
        if user is None or user.account_status is not AccountStatus.ACTIVE:
            raise InvalidInput(WRONG_RESET_CODE, code="bad_code")
        try:
            with self._hashing:
                self._identity.reset_password(
                    email=user.email, code=(code or "").strip(), password=password
                )
        except InvalidInput as e:
            if e.code != "bad_code":
                raise
            raise InvalidInput(WRONG_RESET_CODE, code="bad_code") from e
        self._revoke_sessions(user)
        self._throttle.succeeded(reservation, clear=[key])
        self._throttle.clear(f"account:{email}")
        log.info("user %s reset their password", user.user_id)
        return user

    def change(self, token: str, *, current: str, new: str, client: str) -> Session:
        """A new password for the signed-in user, who proves the current one (wrong ones count
        as failed log-ins). Other sessions end; the answer carries a fresh one."""
        user = self._tokens.verify(token)
        validation.fields(new_password=(validation.check_password, new))
        account = f"account:{user.email}"
        reservation = self._throttle.reserve(account, f"client:{client}")
        with self._hashing:
            right = self._identity.check_password(email=user.email, password=current or "")
        if not right:
            raise InvalidInput(WRONG_CURRENT, code="wrong_password")
        self._throttle.succeeded(reservation, clear=[account])
        with self._hashing:
            self._identity.set_password(email=user.email, password=new)
        changed_at = self._revoke_sessions(user)
        log.info("user %s changed their password", user.user_id)
        return Session(user=user, token=self._tokens.issue(user, issued_at=changed_at))

    def _revoke_sessions(self, user: User) -> datetime:
        """Tokens issued before now stop working; the instant is returned."""
        now = self._clock.now()
        user.tokens_valid_after = now
        self._users.update(user.user_id, tokens_valid_after=now)
        return now
