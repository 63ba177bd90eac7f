"""Login throttling: too many failures for one account or one address locks it out for a while."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.domain.errors import Throttled
from backend.ports.clock import Clock
from backend.ports.login_attempts import LoginAttemptLog


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    lockout: timedelta = timedelta(minutes=15)


class LoginThrottle:
    def __init__(self, *, attempts: LoginAttemptLog, clock: Clock, policy: ThrottlePolicy) -> None:
        self._attempts = attempts
        self._clock = clock
        self._policy = policy

    def check(self, *keys: str) -> None:
        """Throttled when any key has max_failures within the window and is still locked out."""
        now = self._clock.now()
        since = now - self._policy.window - self._policy.lockout
        for key in keys:
            failures = self._attempts.failures_since(key, since)
            retry_after = self._locked_until(failures)
            if retry_after is not None and retry_after > now:
                raise Throttled(
                    "Too many failed attempts. Try again later.",
                    retry_after_s=max(1, int((retry_after - now).total_seconds())),
                )

    def failed(self, *keys: str) -> None:
        now = self._clock.now()
        for key in keys:
            self._attempts.record_failure(key, now)

    def succeeded(self, key: str) -> None:
        self._attempts.clear(key)

    def _locked_until(self, failures: list[datetime]) -> datetime | None:
        """When the latest run of max_failures failures inside one window stops locking."""
        n = self._policy.max_failures
        runs = [
            failures[i] + self._policy.lockout
            for i in range(n - 1, len(failures))
            if failures[i] - failures[i - n + 1] <= self._policy.window
        ]
        return max(runs, default=None)
