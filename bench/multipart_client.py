"""A resumable-upload client for benchmarks: parts PUT to their presigned URLs, N at a time."""

import queue
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx

MIB = 1024 * 1024
BLOCK = bytes(range(256)) * (MIB // 256)


@dataclass(frozen=True)
class Timing:
    total_s: float  # first part sent to the object assembled
    parts_s: float  # the parts alone
    part_size: int


def part_body(size: int) -> Iterator[bytes]:
    """size bytes of the same pattern the POST benchmark sends, 1 MiB at a time."""
    while size > 0:
        piece = BLOCK[: min(MIB, size)]
        size -= len(piece)
        yield piece


def multipart_upload(api: httpx.Client, public_url: str, size: int, *, parallel: int) -> Timing:
    """A file sent through the API's five routes and the storage endpoint, as a browser would."""
    video = api.post("/api/creators/videos", json={"title": "bench multipart"}).json()
    base = f"/api/creators/videos/{video['video_id']}/uploads"
    plan = api.post(base, json={"filename": "b.mp4", "content_type": "video/mp4", "size": size})
    plan.raise_for_status()
    upload_id, part_size, count = (plan.json()[k] for k in ("upload_id", "part_size", "part_count"))
    numbers = list(range(1, count + 1))
    targets: dict[int, str] = {}
    for first in range(0, count, 1000):
        batch = numbers[first : first + 1000]
        signed = api.post(f"{base}/{upload_id}/parts", json={"part_numbers": batch}).json()
        host = str(api.base_url).rstrip("/")
        urls = signed["urls"].items()
        targets.update({int(n): host + u.removeprefix(public_url) for n, u in urls})
    todo: queue.Queue[int] = queue.Queue()
    for n in numbers:
        todo.put(n)
    etags: dict[int, str] = {}
    failures: list[str] = []

    def sender() -> None:
        with httpx.Client(timeout=600) as client:
            while True:
                try:
                    n = todo.get_nowait()
                except queue.Empty:
                    return
                length = min(part_size, size - (n - 1) * part_size)
                answer = client.put(
                    targets[n], content=part_body(length), headers={"Content-Length": str(length)}
                )
                if answer.status_code != 200:
                    failures.append(answer.text)
                    return
                etags[n] = answer.headers["ETag"]

    start = time.perf_counter()
    threads = [threading.Thread(target=sender) for _ in range(parallel)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not failures, failures[0]
    sent = time.perf_counter()
    parts = [{"part_number": n, "etag": etags[n]} for n in numbers]
    done = api.post(f"{base}/{upload_id}/complete", json={"parts": parts}, timeout=600)
    finished = time.perf_counter()
    assert done.status_code == 200 and done.json()["size"] == size, done.text
    api.delete(f"/api/creators/videos/{video['video_id']}")
    return Timing(total_s=finished - start, parts_s=sent - start, part_size=part_size)
