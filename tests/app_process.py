"""Runs `valvid run` (the real Reflex app, built for production) as a child process."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx

from tests.live_server import free_port

VALVID = str(Path(sys.executable).with_name("valvid"))
BUILD_TIMEOUT_S = 900


def valvid(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    full_env = dict(os.environ, VALVID_DATA_DIR=str(data_dir), **env)
    return subprocess.run([VALVID, *args], env=full_env, capture_output=True, text=True, timeout=60)


@contextmanager
def running_app(data_dir: Path, log_path: Path, **settings: str) -> Iterator[str]:
    with valvid_run(data_dir, log_path, **settings) as (url, _):
        yield url


@contextmanager
def valvid_run(
    data_dir: Path,
    log_path: Path,
    *,
    host: str = "localhost",
    command: tuple[str, ...] = ("run",),
    **settings: str,
) -> Iterator[tuple[str, subprocess.Popen]]:
    """`valvid run` (or another serving command) at its URL (the process too); stopped with
    its whole group."""
    port = free_port()
    url = f"http://{host}:{port}"
    env = dict(os.environ, VALVID_DATA_DIR=str(data_dir), VALVID_PUBLIC_URL=url, **settings)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [VALVID, *command, "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_serving(url, process, log_path)
        yield url, process
    finally:
        stop_process_group(process)


def stop_process_group(process: subprocess.Popen) -> None:
    """SIGTERM to the process and its children, SIGKILL if they are not gone within 30 s."""
    with suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def group_left(process: subprocess.Popen, wait_s: float = 30) -> bool:
    """Whether any process of the group is still there after waiting up to wait_s."""
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return False
        time.sleep(0.5)
    return True


def port_free(port: int) -> bool:
    """Whether a server could listen on the port now (connections in TIME_WAIT do not count,
    as for any server that sets SO_REUSEADDR)."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _wait_until_serving(url: str, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"valvid run exited early:\n{log_path.read_text()[-4000:]}")
        try:
            if httpx.get(url + "/", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(1)
    raise RuntimeError(f"valvid run did not serve in time:\n{log_path.read_text()[-4000:]}")
