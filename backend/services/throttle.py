"""Attempt throttling: each attempt is reserved before it is evaluated, so concurrent callers
cannot run more attempts than the limit; too many failures lock the key for a while."""

from collections.abc import Iterable, Mapping
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


@dataclass(frozen=True, slots=True)
class Reservation:
    attempts: tuple[tuple[str, str], ...]  # (key, attempt id)


class AttemptThrottle:
    """Keys are "<kind>:<value>" (e.g. "account:ann@example.com"); the kind picks the policy."""

    def __init__(
        self, *, attempts: LoginAttemptLog, clock: Clock, policies: Mapping[str, ThrottlePolicy]
    ) -> None:
        self._attempts = attempts
        self._clock = clock
        self._policies = policies

    def reserve(self, *keys: str) -> Reservation:
        """Count one attempt against every key, or none of them and raise Throttled."""
        now = self._clock.now()
        for key in keys:
            until = self._locked_until(key, now)
            if until is not None and until > now:
                raise _throttled(until, now)
        taken: list[tuple[str, str]] = []
        for key in keys:
            policy = self._policy(key)
            attempt = self._attempts.reserve(
                key, now, since=now - policy.window, limit=policy.max_failures
            )
            if attempt is None:
                for reserved in taken:
                    self._attempts.release(*reserved)
                raise _throttled(self._free_at(key, now), now)
            taken.append((key, attempt))
        return Reservation(tuple(taken))

    def succeeded(self, reservation: Reservation, *, clear: Iterable[str] = ()) -> None:
        """The attempt was right: clear the keys named, and do not count it against the rest."""
        cleared = set(clear)
        for key, attempt in reservation.attempts:
            if key in cleared:
                self._attempts.clear(key)
            else:
                self._attempts.release(key, attempt)

    def clear(self, *keys: str) -> None:
        """Forget the failures of keys (their owner proved who they are another way)."""
        for key in keys:
            self._attempts.clear(key)

    def _policy(self, key: str) -> ThrottlePolicy:
        return self._policies[key.split(":", 1)[0]]

    def _locked_until(self, key: str, now: datetime) -> datetime | None:
        """When the latest run of max_failures failures inside one window stops locking."""
        policy = self._policy(key)
        failures = self._attempts.failures_since(key, now - policy.window - policy.lockout)
        n = policy.max_failures
        runs = [
            failures[i] + policy.lockout
            for i in range(n - 1, len(failures))
            if failures[i] - failures[i - n + 1] <= policy.window
        ]
        return max(runs, default=None)

    def _free_at(self, key: str, now: datetime) -> datetime:
        """When a refused key may try again: its lockout, or the window freeing a place."""
        policy = self._policy(key)
        recent = self._attempts.failures_since(key, now - policy.window)
        surplus = len(recent) - policy.max_failures
        window_frees = recent[surplus] + policy.window if surplus >= 0 else now
        return max(window_frees, self._locked_until(key, now) or now)


def _throttled(until: datetime, now: datetime) -> Throttled:
    return Throttled(retry_after_s=max(1, int((until - now).total_seconds())))
