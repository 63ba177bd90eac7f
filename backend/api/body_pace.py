"""How long a request body may take: each chunk within the idle time, and the body as a whole
at a minimum average rate after a grace of the idle time, so that dripping a byte just before
every idle timeout cannot hold a connection open for days."""

import time


class BodyPace:
    def __init__(self, *, idle_s: float, min_bytes_per_s: float) -> None:
        self._idle_s = idle_s
        self._min_rate = min_bytes_per_s
        self._start = time.monotonic()
        self._received = 0

    def received(self, n: int) -> None:
        self._received += n

    def wait_s(self) -> float:
        """How long to wait for the next chunk; 0 when the body has already fallen behind."""
        due = self._start + self._idle_s + self._received / self._min_rate
        return max(0.0, min(self._idle_s, due - time.monotonic()))
