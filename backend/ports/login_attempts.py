from datetime import datetime
from typing import Protocol


class LoginAttemptLog(Protocol):
    """Attempts by key (an account or a client address, per purpose), for throttling.

    An attempt is reserved before it is evaluated and stays recorded as a failure unless it
    is released; reservations are atomic, so concurrent callers cannot exceed the limit.
    """

    def reserve(self, key: str, at: datetime, *, since: datetime, limit: int) -> str | None:
        """Record an attempt at `at` unless the key already has `limit` attempts at or after
        `since`; the attempt's id, or None when refused (nothing recorded then)."""
        ...

    def release(self, key: str, attempt_id: str) -> None:
        """Forget one reserved attempt (it succeeded)."""
        ...

    def failures_since(self, key: str, since: datetime) -> list[datetime]:
        """Instants of the key's recorded attempts at or after since, oldest first."""
        ...

    def clear(self, key: str) -> None: ...
