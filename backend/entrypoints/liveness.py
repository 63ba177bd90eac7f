"""Is a worker alive? Worker ids are `host:pid/slot`; local mode is one host (DESIGN.md)."""

import logging
import os
import socket
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)


def worker_id_prefix() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def is_alive(worker_id: str) -> bool:
    """True when worker_id names a running (not zombie) process on this host."""
    host, _, rest = worker_id.partition(":")
    pid_text = rest.split("/", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


class Heartbeat:
    """Beats for a job from its own thread for as long as the job runs, whatever step it is in;
    `wanted` turns False once the job was cancelled or taken away."""

    def __init__(self, beat: Callable[[], bool], every_s: float) -> None:
        self._beat = beat
        self._every_s = every_s
        self._done = threading.Event()
        self._lost = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    @property
    def wanted(self) -> bool:
        return not self._lost.is_set()

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(self._every_s):
            try:
                still_ours = self._beat()
            except Exception:  # a busy database: try again at the next beat
                log.exception("heartbeat failed")
                continue
            if not still_ours:
                self._lost.set()
                return
