"""Accounts: sign up, confirm, log in, refresh, log out everywhere, suspend."""

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from backend.domain.errors import (
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Throttled,
    Unauthorized,
)
from backend.domain.ids import new_id
from backend.domain.models import User
from backend.domain.statuses import AccountStatus, Role, SignupPolicy
from backend.ports.clock import Clock
from backend.ports.identity import IdentityProvider
from backend.ports.notifier import AccountNotifier
from backend.ports.user_repository import UserRepository
from backend.services import validation
from backend.services.throttle import AttemptThrottle
from backend.services.tokens import IssuedToken, TokenService

log = logging.getLogger(__name__)
BAD_LOGIN = "Email or password is incorrect."
WRONG_CODE = "The confirmation code is wrong or has expired. Ask for a new one."


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
        throttle: AttemptThrottle,
        clock: Clock,
        notifier: AccountNotifier,
        password_checks: int = 2,
        signup_policy: SignupPolicy = SignupPolicy.OPEN,
        invited: Callable[[str], bool] = lambda email: False,
    ) -> None:
        self._users = users
        self._identity = identity
        self._tokens = tokens
        self._throttle = throttle
        self._clock = clock
        self._notifier = notifier
        self._open_signup = SignupPolicy(signup_policy) is SignupPolicy.OPEN
        self._invited = invited
        # argon2 needs 64 MiB per hash: however many requests arrive, memory stays flat.
        self.hashing = threading.BoundedSemaphore(password_checks)

    def sign_up(self, *, email: str, username: str, password: str, client: str = "") -> str:
        """The normalised email. A taken email gets the same answer as a new one (its owner
        is told by email instead); a taken username is reported, usernames being public."""
        checked = validation.fields(
            email=(validation.normalise_email, email),
            username=(validation.check_username, username),
            password=(validation.check_password, password),
        )
        email, username = checked["email"], checked["username"]
        if client:  # one client address: 20 sign-ups per window, new or taken emails alike
            self._throttle.reserve(f"signup-client:{client}")
        user = User(
            user_id=new_id("usr"),
            email=email,
            username=username,
            signup_date=self._clock.now(),
            role=Role.CREATOR if self._open_signup or self._invited(email) else Role.VIEWER,
        )
        try:
            self._users.add(user)
        except Conflict as e:
            if e.code == "username_taken" or self._users.get_by_email(email) is None:
                raise Conflict("This username is taken.", code="username_taken") from e
            with self.hashing:  # as long as a new sign-up takes
                self._identity.spend_password_work(password=password)
            if self._count_mail(email, client):
                self._notifier.account_exists(email=email)
            return email
        self._count_mail(email, client)  # so a taken email leaves the same trace as a new one
        try:
            with self.hashing:
                self._identity.register(
                    user_id=user.user_id, email=email, username=username, password=password
                )
        except Exception:
            self._users.delete(user.user_id)
            raise
        log.info("user %s signed up", user.user_id)
        return email

    def confirm(self, *, email: str, code: str) -> User:
        """Any failure is the same bad_code answer, whatever state the account is in."""
        email = validation.normalise_email(email)
        key = f"code:{email}"
        reservation = self._throttle.reserve(key)
        user = self._users.get_by_email(email)
        if user is None or user.account_status is not AccountStatus.PENDING_CONFIRMATION:
            raise InvalidInput(WRONG_CODE, code="bad_code")
        try:
            self._identity.confirm(email=user.email, code=(code or "").strip())
        except InvalidInput as e:
            raise InvalidInput(WRONG_CODE, code="bad_code") from e
        if not self._users.update(
            user.user_id,
            expected_status=AccountStatus.PENDING_CONFIRMATION,
            account_status=AccountStatus.ACTIVE,
        ):
            raise InvalidInput(WRONG_CODE, code="bad_code")
        self._throttle.succeeded(reservation, clear=[key])
        user.account_status = AccountStatus.ACTIVE
        return user

    def resend_code(self, *, email: str, client: str = "") -> None:
        """Send a new code if the account waits for one. Throttled per email and per client
        whether or not the account exists; earlier wrong guesses still count."""
        email = validation.normalise_email(email)
        self._throttle.reserve(*resend_keys(email, client))
        user = self._users.get_by_email(email)
        if user is not None and user.account_status is AccountStatus.PENDING_CONFIRMATION:
            self._identity.resend_code(email=user.email)

    def log_in(self, *, email: str, password: str, client: str) -> Session:
        email = (email or "").strip().lower()
        account = f"account:{email}"
        reservation = self._throttle.reserve(account, f"client:{client}")
        user = self._users.get_by_email(email)
        # Always check a password, so an unknown account takes as long as a known one.
        with self.hashing:
            right = self._identity.check_password(email=email, password=password or "")
        if user is None or not right:
            raise Unauthorized(BAD_LOGIN, code="bad_credentials")
        self._throttle.succeeded(reservation, clear=[account])
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
        # Dated when the old token was checked: a "log out everywhere" after that moment
        # revokes the new token too, even one that lands while this refresh is in flight.
        checked_at = self._clock.now()
        user = self._tokens.verify(token)
        return Session(user=user, token=self._tokens.issue(user, issued_at=checked_at))

    def log_out_everywhere(self, token: str) -> None:
        user = self._tokens.verify(token)
        user.tokens_valid_after = self._clock.now()
        self._users.update(user.user_id, tokens_valid_after=user.tokens_valid_after)

    def _count_mail(self, email: str, client: str) -> bool:
        """Count a mail to email against the resend limits; False when over them."""
        try:
            self._throttle.reserve(*resend_keys(email, client))
        except Throttled:
            return False
        return True

    def set_status(self, *, email: str, status: AccountStatus) -> User:
        """Suspend or reactivate an account (an operator's action)."""
        user = self._users.get_by_email(validation.normalise_email(email))
        if user is None:
            raise NotFound(f"No account with email {email}.")
        user.account_status = status
        if not self._users.update(user.user_id, account_status=status):
            raise NotFound(f"No account with email {email}.")
        return user


def resend_keys(email: str, client: str) -> list[str]:
    return [f"resend-account:{email}"] + ([f"resend-client:{client}"] if client else [])
