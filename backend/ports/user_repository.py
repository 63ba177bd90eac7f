from typing import Protocol

from backend.domain.models import User


class UserRepository(Protocol):
    def add(self, user: User) -> None:
        """Store a new user; Conflict if the email or username (case-insensitive) is taken,
        code username_taken whenever the username is (even if the email is taken too)."""
        ...

    def get(self, user_id: str) -> User | None: ...

    def get_by_email(self, email: str) -> User | None: ...

    def save(self, user: User) -> None:
        """Replace the stored fields of an existing user."""
        ...

    def delete(self, user_id: str) -> None: ...
