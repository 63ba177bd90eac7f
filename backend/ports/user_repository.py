from datetime import datetime
from typing import Protocol, TypedDict, Unpack

from backend.domain.models import User
from backend.domain.statuses import AccountStatus, Role


class UserChanges(TypedDict, total=False):
    """The fields a use case may change; email and username never change after sign-up."""

    account_status: AccountStatus
    last_login: datetime | None
    tokens_valid_after: datetime | None
    role: Role


class UserRepository(Protocol):
    def add(self, user: User) -> None:
        """Store a new user; Conflict if the email or username (case-insensitive) is taken,
        code username_taken whenever the username is (even if the email is taken too)."""
        ...

    def get(self, user_id: str) -> User | None: ...

    def get_by_email(self, email: str) -> User | None: ...

    def get_by_username(self, username: str) -> User | None:
        """The user with this username, ignoring case."""
        ...

    def update(
        self,
        user_id: str,
        *,
        expected_status: AccountStatus | None = None,
        **changes: Unpack[UserChanges],
    ) -> bool:
        """Write only the given fields, only if the user exists (and has expected_status).

        Returns False, changing nothing, when the user is gone or the condition no longer holds.
        """
        ...

    def add_storage_bytes(self, user_id: str, delta: int, *, limit: int | None = None) -> bool:
        """Atomically add delta (negative frees) to the user's stored bytes; False, changing
        nothing, when the user is gone or the total would pass limit."""
        ...

    def search(self, text: str, *, limit: int) -> list[User]:
        """Users whose email or username contains text (ignoring case; "" matches all),
        newest sign-up first, at most limit (an admin's look-up, not a public listing)."""
        ...

    def delete(self, user_id: str) -> None: ...
