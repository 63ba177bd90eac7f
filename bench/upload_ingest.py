"""Upload ingest benchmark: 1 GiB through the single presigned POST and 4 GiB as a multipart
upload (16 MiB parts, 4 in parallel, assembled on Complete), into the local storage endpoint
over loopback.

Baseline (measured in the same run): a plain buffered copy of the same bytes to the same disk.
Prints throughput as a ratio to that baseline and the server's peak RSS growth per path.
Goal: ratio >= 0.5 and RSS growth <= 64 MiB on both paths.

    .venv/bin/python bench/upload_ingest.py [--size-mib 1024] [--multipart-mib 4096]
        [--parallel 4] [--rounds 3]

The server is granian (the ASGI server `valvid run` uses) in its own process tree.
"""

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

from backend.bootstrap import build_services  # noqa: E402
from backend.config import Settings  # noqa: E402
from bench.multipart_client import multipart_upload  # noqa: E402
from tests.live_server import free_port  # noqa: E402
from tests.multipart_form import CHUNK, form_stream  # noqa: E402

MIB = 1024 * 1024


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for p in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


class PeakRss:
    def __init__(self, process: psutil.Process) -> None:
        self.process, self.peak, self._stop = process, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.process))
            time.sleep(0.02)

    def __enter__(self) -> "PeakRss":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def baseline_copy(folder: Path, size: int) -> float:
    """Plain buffered write of the same byte pattern to a file on the same disk."""
    _, body, _ = form_stream({}, size)
    next(body)  # skip the form head; keep only the file bytes
    target = folder / "baseline.bin"
    start = time.perf_counter()
    with open(target, "wb") as out:
        for piece in body:
            out.write(piece)
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed


def upload_once(svc, url: str, size: int) -> float:
    principal = svc.tokens.principal(
        svc.auth.log_in(email="bench@example.com", password="bench-pass1", client="b").token.token
    )
    video = svc.videos.create(principal, title="bench")
    ticket = svc.uploads.request_ticket(principal, video.video_id)
    content_type, body, length = form_stream(ticket.fields, size)
    start = time.perf_counter()
    response = httpx.post(
        url + "/api/storage/upload",
        content=body,
        headers={"Content-Type": content_type, "Content-Length": str(length)},
        timeout=600,
    )
    elapsed = time.perf_counter() - start
    assert response.status_code == 201, response.text
    svc.videos.delete(principal, video.video_id)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024)
    parser.add_argument("--multipart-mib", type=int, default=4096)
    parser.add_argument("--parallel", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    size = args.size_mib * MIB
    big = args.multipart_mib * MIB
    data_dir = Path(tempfile.mkdtemp(prefix="valvid-bench-"))
    limit = max(size, big) + MIB
    settings = Settings(data_dir=data_dir, max_upload_bytes=limit)
    svc = build_services(settings)
    svc.auth.sign_up(email="bench@example.com", username="bench", password="bench-pass1")
    svc.auth.confirm(email="bench@example.com", code=svc.port("identity").outbox()[0].code)

    port = free_port()
    env = dict(os.environ, VALVID_DATA_DIR=str(data_dir), VALVID_MAX_UPLOAD_BYTES=str(limit))
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "granian",
            "--interface",
            "asgi",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "bench.upload_api:app",
        ],
        env=env,
        cwd=Path(__file__).resolve().parents[1],
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(url + "/api/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        process = psutil.Process(server.pid)
        upload_once(svc, url, 4 * MIB)  # warm up imports and connections
        token = svc.auth.log_in(email="bench@example.com", password="bench-pass1", client="b")
        api = httpx.Client(
            base_url=url, headers={"Authorization": f"Bearer {token.token.token}"}, timeout=60
        )
        public = settings.public_url.rstrip("/")
        multipart_upload(api, public, 32 * MIB, parallel=args.parallel)  # warm up
        idle = tree_rss(process)
        copies, uploads, peaks = [], [], []
        big_copies, multiparts, big_peaks = [], [], []
        for round_ in range(args.rounds):
            for which in ("copy", "upload") if round_ % 2 == 0 else ("upload", "copy"):
                os.sync()  # each timing starts with no dirty pages left by the other
                if which == "copy":
                    copies.append(baseline_copy(data_dir, size))
                    continue
                with PeakRss(process) as rss:
                    uploads.append(upload_once(svc, url, size))
                peaks.append(rss.peak - idle)
        for round_ in range(max(1, args.rounds // 2)):
            for which in ("copy", "upload") if round_ % 2 == 0 else ("upload", "copy"):
                os.sync()
                if which == "copy":
                    big_copies.append(baseline_copy(data_dir, big))
                    continue
                with PeakRss(process) as rss:
                    multiparts.append(multipart_upload(api, public, big, parallel=args.parallel))
                big_peaks.append(rss.peak - idle)
    finally:
        server.terminate()
        server.wait(10)

    copy_s, upload_s = statistics.median(copies), statistics.median(uploads)
    print(f"single POST: {args.size_mib} MiB, rounds: {args.rounds}, chunk: {CHUNK // 1024} KiB")
    report(size, copy_s, upload_s, max(peaks))
    big_copy_s = statistics.median(big_copies)
    total_s = statistics.median(m.total_s for m in multiparts)
    parts_s = statistics.median(m.parts_s for m in multiparts)
    part_mib = multiparts[0].part_size // MIB
    print(
        f"multipart: {args.multipart_mib} MiB in {part_mib} MiB parts, {args.parallel} in "
        f"parallel, rounds: {len(multiparts)}; parts alone {big / MIB / parts_s:.1f} MiB/s, "
        f"Complete (assembly) {total_s - parts_s:.2f} s"
    )
    report(big, big_copy_s, total_s, max(big_peaks))


def report(size: int, copy_s: float, upload_s: float, peak: int) -> None:
    ratio = copy_s / upload_s
    growth = peak / MIB
    print(f"  baseline buffered copy: {size / MIB / copy_s:8.1f} MiB/s (median {copy_s:.2f} s)")
    print(f"  upload endpoint:        {size / MIB / upload_s:8.1f} MiB/s (median {upload_s:.2f} s)")
    print(
        f"  throughput ratio (upload / copy): {ratio:.2f}  goal >= 0.50  "
        f"{'OK' if ratio >= 0.5 else 'MISSED'}"
    )
    print(
        f"  server peak RSS growth: {growth:.1f} MiB  goal <= 64 MiB  "
        f"{'OK' if growth <= 64 else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
