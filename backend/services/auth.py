"""Accounts: sign up, confirm, log in, refresh, log out everywhere, suspend."""

import logging
from dataclasses import dataclass

from backend.domain.errors import Conflict, Forbidden, NotFound, Unauthorized
from backend.domain.ids import new_id
from backend.domain.models import User
from backend.domain.statuses import AccountStatus
from backend.ports.clock import Clock
from backend.ports.identity import IdentityProvider
from backend.ports.user_repository import UserRepository
from backend.services import validation
from backend.services.throttle import LoginThrottle
from backend.services.tokens import IssuedToken, TokenService

log = logging.getLogger(__name__)
BAD_LOGIN = "Email or password is incorrect."


@dataclass(frozen=True, slots=True)
class Session:
    user: User
    token: IssuedToken


class AuthService:
    def __init__(
        self,
        *,
        users: UserRepository,
        identity: IdentityProvider,
        tokens: TokenService,
        throttle: LoginThrottle,
        clock: Clock,
    ) -> None:
        self._users = users
        self._identity = identity
        self._tokens = tokens
        self._throttle = throttle
        self._clock = clock

    def sign_up(self, *, email: str, username: str, password: str) -> User:
        email = validation.normalise_email(email)
        username = validation.check_username(username)
        validation.check_password(password)
        user = User(
            user_id=new_id("usr"), email=email, username=username, signup_date=self._clock.now()
        )
        self._users.add(user)  # raises Conflict on a taken email or username
        try:
            self._identity.register(
                user_id=user.user_id, email=email, username=username, password=password
            )
        except Exception:
            self._users.delete(user.user_id)
            raise
        log.info("user %s signed up", user.user_id)
        return user

    def confirm(self, *, email: str, code: str) -> User:
        user = self._users.get_by_email(validation.normalise_email(email))
        if user is None:
            raise NotFound("No account is waiting for confirmation with this email.")
        if user.account_status is not AccountStatus.PENDING_CONFIRMATION:
            raise Conflict("This account is already confirmed.", code="already_confirmed")
        self._identity.confirm(email=user.email, code=(code or "").strip())
        if not self._users.update(
            user.user_id,
            expected_status=AccountStatus.PENDING_CONFIRMATION,
            account_status=AccountStatus.ACTIVE,
        ):
            raise Conflict("This account is already confirmed.", code="already_confirmed")
        user.account_status = AccountStatus.ACTIVE
        return user

    def resend_code(self, *, email: str) -> None:
        user = self._users.get_by_email(validation.normalise_email(email))
        if user is not None and user.account_status is AccountStatus.PENDING_CONFIRMATION:
            self._identity.resend_code(email=user.email)

    def log_in(self, *, email: str, password: str, client: str) -> Session:
        email = (email or "").strip().lower()
        keys = (f"account:{email}", f"client:{client}")
        self._throttle.check(*keys)
        user = self._users.get_by_email(email)
        # Always check a password, so an unknown account takes as long as a known one.
        right = self._identity.check_password(email=email, password=password or "")
        if user is None or not right:
            self._throttle.failed(*keys)
            raise Unauthorized(BAD_LOGIN, code="bad_credentials")
        self._throttle.succeeded(keys[0])
        if user.account_status is AccountStatus.PENDING_CONFIRMATION:
            raise Forbidden("Confirm your email address before logging in.", code="unconfirmed")
        if user.account_status is AccountStatus.SUSPENDED:
            raise Forbidden("This account is suspended.", code="suspended")
        user.last_login = self._clock.now()
        if not self._users.update(
            user.user_id, expected_status=AccountStatus.ACTIVE, last_login=user.last_login
        ):
            raise Forbidden("This account is suspended.", code="suspended")
        return Session(user=user, token=self._tokens.issue(user))

    def refresh(self, token: str) -> Session:
        user = self._tokens.verify(token)
        return Session(user=user, token=self._tokens.issue(user))

    def log_out_everywhere(self, token: str) -> None:
        user = self._tokens.verify(token)
        user.tokens_valid_after = self._clock.now()
        self._users.update(user.user_id, tokens_valid_after=user.tokens_valid_after)

    def set_status(self, *, email: str, status: AccountStatus) -> User:
        """Suspend or reactivate an account (an operator's action)."""
        user = self._users.get_by_email(validation.normalise_email(email))
        if user is None:
            raise NotFound(f"No account with email {email}.")
        user.account_status = status
        if not self._users.update(user.user_id, account_status=status):
            raise NotFound(f"No account with email {email}.")
        return user
