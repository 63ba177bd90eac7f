from datetime import datetime
from typing import Protocol


class LoginAttemptLog(Protocol):
    """Failed logins by key (an account or a client address), for throttling."""

    def record_failure(self, key: str, at: datetime) -> None: ...

    def failures_since(self, key: str, since: datetime) -> list[datetime]:
        """Instants of the key's failures at or after since, oldest first."""
        ...

    def clear(self, key: str) -> None: ...
