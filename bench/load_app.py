"""`valvid run` on loopback for the load benchmark, and the RSS of its server processes."""

import contextlib
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil

from tests.app_process import valvid_run

MIB = 1024 * 1024


@dataclass
class RunningApp:
    url: str
    root: psutil.Process

    def processes(self, *, with_worker: bool) -> list[psutil.Process]:
        """The app's process tree; without the worker's subtree (worker, ffmpeg) if asked."""
        found, pending = [], [self.root]
        while pending:
            process = pending.pop()
            with contextlib.suppress(psutil.NoSuchProcess):
                if not with_worker and "worker" in process.cmdline()[-1:]:
                    continue
                found.append(process)
                pending.extend(process.children())
        return found

    def rss(self, *, with_worker: bool = False) -> int:
        total = 0
        for process in self.processes(with_worker=with_worker):
            with contextlib.suppress(psutil.NoSuchProcess):
                total += process.memory_info().rss
        return total


@contextlib.contextmanager
def running_app(data_dir: Path, log_path: Path) -> Iterator[RunningApp]:
    """`valvid run` (server plus one worker) listening on 127.0.0.1 only."""
    loopback = "127.0.0.1"
    with valvid_run(data_dir, log_path, host=loopback, REFLEX_BACKEND_HOST=loopback) as (
        url,
        process,
    ):
        httpx.get(url + "/api/health", timeout=30).raise_for_status()
        yield RunningApp(url=url, root=psutil.Process(process.pid))


class PeakServerRss:
    """Samples the server's RSS (worker excluded) in a thread; keeps the peak."""

    def __init__(self, app: RunningApp, every_s: float = 0.1) -> None:
        self.app, self.every_s, self.peak = app, every_s, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.app.rss())
            self._stop.wait(self.every_s)

    def __enter__(self) -> "PeakServerRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.app.rss())
