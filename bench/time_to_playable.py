"""Time to playable: upload end -> first playable and -> full ladder (READY), for generated
1080p30 sources through the real path (stored upload, object-created event, a running worker),
against two baselines measured in the same run on the same source:

  floor:  the lowest rung alone, one ffmpeg command;
  ladder: the hand-written single-command ladder (bench/transcode.py's).

Goals (issue 12): an unfit 8-bit 20 Mb/s source plays within 0.35x its duration; an unfit
10-bit source within 1.5x its floor; the 5 Mb/s source fit to stream within 5 s, with a full
ladder CPU time <= 0.8x the hand-written ladder's; unfit sources' full ladder <= 1.15x it.

    .venv/bin/python bench/time_to_playable.py [--seconds 60] [--sources fit,unfit8,unfit10]
"""

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.adapters.local.ffmpeg_transcoder import FfmpegTranscoder  # noqa: E402
from backend.bootstrap import build_services  # noqa: E402
from backend.config import Settings  # noqa: E402
from backend.domain.statuses import VideoStatus  # noqa: E402
from backend.entrypoints.worker import Worker  # noqa: E402
from bench.transcode import per_rung_commands, single_command  # noqa: E402
from tests.clips import ffmpeg  # noqa: E402
from tests.integration.local.pipeline_helpers import creator  # noqa: E402

SAMPLE_S = 0.05
PICTURE = "testsrc2=s=1920x1080:r=30:d={s},noise=alls=12:allf=t"
SOURCES = {
    "fit": ("8-bit H.264 High, 5 Mb/s, 2 s GOPs, AAC (fit to stream)",
            ["-pix_fmt", "yuv420p", "-profile:v", "high", "-b:v", "5000k", "-maxrate", "5500k",
             "-bufsize", "10000k", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0"]),
    "unfit8": ("8-bit H.264 High, 20 Mb/s (too many bits to pass through)",
               ["-pix_fmt", "yuv420p", "-profile:v", "high", "-b:v", "20000k"]),
    "unfit10": ("10-bit H.264 High 10, 10 Mb/s",
                ["-pix_fmt", "yuv420p10le", "-profile:v", "high10", "-b:v", "10000k"]),
}  # fmt: skip


@dataclass
class Run:
    playable_s: float
    ready_s: float
    cpu_s: float


def cpu_now() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def make_source(kind: str, seconds: int, out: Path) -> None:
    ffmpeg("-f", "lavfi", "-i", PICTURE.format(s=seconds),
           "-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}",
           "-c:v", "libx264", "-preset", "superfast", *SOURCES[kind][1],
           "-c:a", "aac", "-ac", "2", "-b:a", "128k", "-shortest", str(out))  # fmt: skip


def timed_commands(commands: list[list[str]]) -> tuple[float, float]:
    """(wall, CPU) seconds of running the commands one after another."""
    start, cpu = time.perf_counter(), cpu_now()
    for command in commands:
        subprocess.run(command, check=True)
    return time.perf_counter() - start, cpu_now() - cpu


def timed_valvid(source: Path, work: Path) -> Run:
    """Upload end (the object-created event) -> PLAYABLE and -> READY, a worker running."""
    data = work / "valvid"
    store = build_services(Settings(data_dir=data)).port("objects")
    # ffmpeg at the baselines' priority (the app runs it at idle priority, behind viewers)
    svc = build_services(Settings(data_dir=data), transcoder=FfmpegTranscoder(store, niceness=0))
    owner = creator(svc)
    video = svc.videos.create(owner, title="bench")
    ticket = svc.uploads.request_ticket(owner, video.video_id)
    path = svc.port("objects").path_for(ticket.fields["key"])
    path.parent.mkdir(parents=True)
    shutil.copy(source, path)
    stop = threading.Event()
    worker = threading.Thread(target=Worker(svc).run, args=(stop,), daemon=True)
    worker.start()
    time.sleep(2)  # the worker is idle and polling, as in `valvid run`
    start, cpu = time.perf_counter(), cpu_now()
    svc.uploads.object_received(ticket.fields["key"], path.stat().st_size)
    playable_s = None
    while True:
        current = svc.videos.get(owner, video.video_id)
        now = time.perf_counter() - start
        if playable_s is None and current.is_watchable:
            playable_s = now
        if current.status in (VideoStatus.READY, VideoStatus.FAILED):
            break
        time.sleep(SAMPLE_S)
    cpu_s = cpu_now() - cpu
    stop.set()
    worker.join()
    assert current.status is VideoStatus.READY, current.failure_reason
    shutil.rmtree(data)
    return Run(playable_s or now, now, cpu_s)


def verdict(value: float, goal: float) -> str:
    return f"{value:5.2f}  goal <= {goal:<5g} {'OK' if value <= goal else 'MISSED'}"


def bench(kind: str, seconds: int, work: Path) -> None:
    source = work / f"{kind}.mp4"
    make_source(kind, seconds, source)
    floor, _ = timed_commands([per_rung_commands(source, work / "floor")[-1]])
    ladder, ladder_cpu = timed_commands([single_command(source, work / "ladder")])
    run = timed_valvid(source, work)
    shutil.rmtree(work / "floor"), shutil.rmtree(work / "ladder")
    print(f"\n{kind}: {SOURCES[kind][0]}, {seconds} s 1080p30")
    share = run.playable_s / seconds
    print(f"  valvid first playable {run.playable_s:7.1f} s   ({share:.2f}x duration)")
    print(f"  valvid full ladder    {run.ready_s:7.1f} s   CPU {run.cpu_s:7.1f} s")
    print(f"  floor (lowest rung)   {floor:7.1f} s")
    print(f"  hand-written ladder   {ladder:7.1f} s   CPU {ladder_cpu:7.1f} s")
    if kind == "fit":
        print(f"  first playable s       {verdict(run.playable_s, 5)}")
        print(f"  full CPU / ladder CPU  {verdict(run.cpu_s / ladder_cpu, 0.8)}")
        return
    if kind == "unfit8":
        print(f"  playable / duration    {verdict(run.playable_s / seconds, 0.35)}")
    print(f"  playable / floor       {verdict(run.playable_s / floor, 1.5)}")
    print(f"  full / ladder          {verdict(run.ready_s / ladder, 1.15)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="source length (shorter: faster)")
    parser.add_argument("--sources", default=",".join(SOURCES))
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="valvid-playable-"))
    try:
        for kind in args.sources.split(","):
            bench(kind, args.seconds, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
