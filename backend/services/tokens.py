"""Platform JWTs: HS256 signed with the newest signing key, verified against every kept key."""

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from backend.domain.errors import Unauthorized
from backend.domain.ids import new_id
from backend.domain.models import Principal, SigningKey, User
from backend.domain.statuses import AccountStatus
from backend.ports.clock import Clock
from backend.ports.signing_key_store import SigningKeyStore
from backend.ports.user_repository import UserRepository

log = logging.getLogger(__name__)
ALGORITHM = "HS256"
INVALID = "The session is invalid or has expired; please log in again."


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_in: int


class TokenService:
    def __init__(
        self, *, keys: SigningKeyStore, users: UserRepository, clock: Clock, lifetime_s: int
    ) -> None:
        self._keys = keys
        self._users = users
        self._clock = clock
        self._lifetime = timedelta(seconds=lifetime_s)

    def issue(self, user: User, *, issued_at: datetime | None = None) -> IssuedToken:
        """A token for user; issued_at (default now) is when its right to one was checked."""
        key = self._current_key()
        now = issued_at or self._clock.now()
        claims = {
            "sub": user.user_id,
            "username": user.username,
            "iat": round(now.timestamp(), 6),  # sub-second, so "log out everywhere" is exact
            "exp": int((now + self._lifetime).timestamp()),
        }
        token = jwt.encode(claims, key.secret, algorithm=ALGORITHM, headers={"kid": key.kid})
        return IssuedToken(token=token, expires_in=int(self._lifetime.total_seconds()))

    def verify(self, token: str) -> User:
        """The ACTIVE user a token speaks for, or Unauthorized."""
        claims = self._decode(token)
        user = self._users.get(str(claims.get("sub", "")))
        if user is None or user.account_status is not AccountStatus.ACTIVE:
            raise Unauthorized(INVALID)
        valid_after = user.tokens_valid_after
        if valid_after is not None and claims["iat"] < valid_after.timestamp():
            raise Unauthorized(INVALID)
        return user

    def principal(self, token: str) -> Principal:
        user = self.verify(token)
        return Principal(user_id=user.user_id, username=user.username, role=user.role)

    def rotate(self) -> SigningKey:
        """Sign with a fresh key from now on; keep old ones until their tokens have expired."""
        now = self._clock.now()
        for key in self._keys.all():
            if key.not_after is None:
                self._keys.retire(key.kid, now + self._lifetime)
            elif key.not_after <= now:
                self._keys.delete(key.kid)
        return self._create_key()

    def _current_key(self) -> SigningKey:
        for key in self._keys.all():
            if key.not_after is None:
                return key
        return self._create_key()

    def _create_key(self) -> SigningKey:
        key = SigningKey(
            kid=new_id("key"), secret=secrets.token_bytes(32), created_at=self._clock.now()
        )
        self._keys.add(key)
        log.info("signing key %s created", key.kid)
        return key

    def _decode(self, token: str) -> dict:
        """Claims of a token signed by a kept key and not yet expired (by this service's clock)."""
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as e:
            raise Unauthorized(INVALID) from e
        now = self._clock.now()
        key = next((k for k in self._keys.all() if k.kid == kid), None)
        if key is None or (key.not_after is not None and key.not_after <= now):
            raise Unauthorized(INVALID)
        try:
            claims = jwt.decode(
                token,
                key.secret,
                algorithms=[ALGORITHM],
                options={
                    "require": ["sub", "iat", "exp"],
                    "verify_exp": False,
                    "verify_iat": False,
                },
            )
        except jwt.PyJWTError as e:
            raise Unauthorized(INVALID) from e
        if not all(isinstance(claims[c], int | float) for c in ("iat", "exp")):
            raise Unauthorized(INVALID)
        if claims["exp"] <= now.timestamp():
            raise Unauthorized(INVALID)
        return claims
