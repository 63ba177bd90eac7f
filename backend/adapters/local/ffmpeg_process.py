"""Running ffmpeg as a low-priority child that dies with its worker, and telling the machine's
faults (disk full, killed) from the source's."""

import contextlib
import ctypes
import os
import signal
from collections.abc import Callable

from backend.domain.media import ProcessingFault

# What ffmpeg prints when the machine failed it; never a property of the source.
MACHINE_ERRORS = (
    "No space left on device",
    "Disk quota exceeded",
    "Input/output error",
    "Read-only file system",
    "Cannot allocate memory",
    "Too many open files",
)
PR_SET_PDEATHSIG = 1


def child_setup(niceness: int) -> Callable[[], None]:
    """niceness 0 runs ffmpeg at normal priority (benchmarks compare it with plain ffmpeg)."""

    def setup() -> None:
        os.nice(niceness)
        # Viewers first: transcoding gets the CPU time nothing else wants (Linux SCHED_IDLE).
        with contextlib.suppress(AttributeError, OSError):
            if niceness > 0:
                os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        # Die with the worker: a killed worker must not leave ffmpeg running.
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)

    return setup


def raise_machine_fault(returncode: int, errors: str) -> None:
    """ProcessingFault when ffmpeg was killed or the machine failed it (not the source)."""
    if returncode < 0:
        raise ProcessingFault(f"ffmpeg was killed by signal {-returncode}")
    for message in MACHINE_ERRORS:
        if returncode != 0 and message in errors:
            raise ProcessingFault(f"ffmpeg: {message}: {errors.strip()[-300:]}")
