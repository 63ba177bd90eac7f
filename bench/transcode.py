"""Transcode benchmark: Valvid's whole processing of a 30 s 1080p30 noisy source, against

  (a) the plain hand-written single ffmpeg command with the same ladder settings (the floor), and
  (b) one ffmpeg process per rung, run one after another (as PeerTube and MediaCMS do),

all measured in the same run on the same source. Goal: Valvid <= 1.10x (a) and <= 0.80x (b).

    .venv/bin/python bench/transcode.py [--seconds 30] [--rounds 1]
"""

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backend.bootstrap import build_services  # noqa: E402
from backend.config import Settings  # noqa: E402
from backend.domain.statuses import VideoStatus  # noqa: E402
from backend.entrypoints.worker import Worker  # noqa: E402
from tests.clips import FFMPEG, ffmpeg  # noqa: E402
from tests.integration.local.pipeline_helpers import creator  # noqa: E402

# The ladder for a 1080p30 source, written out by hand: (name, width, height, video k, audio k).
RUNGS = [
    ("1080p", 1920, 1080, 5000, 128, "4.0"),
    ("720p", 1280, 720, 2800, 128, "3.1"),
    ("480p", 854, 480, 1400, 96, "3.0"),
    ("360p", 640, 360, 800, 96, "3.0"),
    ("240p", 426, 240, 400, 64, "2.1"),
]
X264 = ["-c:v", "libx264", "-preset", "veryfast", "-profile:v", "high", "-pix_fmt", "yuv420p",
        "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
        "-force_key_frames", "expr:gte(t,n_forced*2)", "-x264-params", "open_gop=0",
        "-c:a", "aac", "-ac", "2", "-ar", "48000"]  # fmt: skip
HLS = ["-f", "hls", "-hls_time", "6", "-hls_playlist_type", "vod", "-hls_segment_type", "fmp4",
       "-hls_flags", "independent_segments"]  # fmt: skip


def rate_args(i: int, rung: tuple) -> list[str]:
    _, _, _, vk, ak, level = rung
    return [f"-b:v:{i}", f"{vk}k", f"-maxrate:v:{i}", f"{int(vk * 1.07)}k",
            f"-bufsize:v:{i}", f"{int(vk * 1.5)}k", f"-level:v:{i}", level,
            f"-b:a:{i}", f"{ak}k"]  # fmt: skip


def single_command(source: Path, out: Path) -> list[str]:
    split = "".join(f"[s{i}]" for i in range(len(RUNGS)))
    graph = f"[0:v:0]fps=30,format=yuv420p,split={len(RUNGS)}{split};" + ";".join(
        f"[s{i}]scale={w}:{h}:flags=bicubic,setsar=1[v{i}]" for i, (_, w, h, *_) in enumerate(RUNGS)
    )
    command = [FFMPEG, "-v", "error", "-y", "-i", str(source), "-filter_complex", graph]
    for i in range(len(RUNGS)):
        command += ["-map", f"[v{i}]", "-map", "0:a:0"]
    command += X264
    for i, rung in enumerate(RUNGS):
        command += rate_args(i, rung)
    streams = " ".join(f"v:{i},a:{i},name:{r[0]}" for i, r in enumerate(RUNGS))
    return command + [*HLS, "-hls_segment_filename", f"{out}/%v/seg_%05d.m4s",
                      "-var_stream_map", streams, f"{out}/%v/index.m3u8"]  # fmt: skip


def per_rung_commands(source: Path, out: Path) -> list[list[str]]:
    commands = []
    for rung in RUNGS:
        name, w, h = rung[:3]
        (out / name).mkdir(parents=True, exist_ok=True)
        commands.append(
            [FFMPEG, "-v", "error", "-y", "-i", str(source),
             "-vf", f"fps=30,format=yuv420p,scale={w}:{h}:flags=bicubic,setsar=1",
             "-map", "0:v:0", "-map", "0:a:0", *X264, *rate_args(0, rung), *HLS,
             "-hls_segment_filename", f"{out}/{name}/seg_%05d.m4s", f"{out}/{name}/index.m3u8"]
        )  # fmt: skip
    return commands


def timed_commands(commands: list[list[str]]) -> float:
    start = time.perf_counter()
    for command in commands:
        subprocess.run(command, check=True)
    return time.perf_counter() - start


def timed_valvid(source: Path, work: Path) -> float:
    data = work / "valvid"
    svc = build_services(Settings(data_dir=data))
    owner = creator(svc)
    video = svc.videos.create(owner, title="bench")
    ticket = svc.uploads.request_ticket(owner, video.video_id)
    path = svc.port("objects").path_for(ticket.fields["key"])
    path.parent.mkdir(parents=True)
    shutil.copy(source, path)
    svc.uploads.object_received(ticket.fields["key"], path.stat().st_size)
    start = time.perf_counter()
    Worker(svc).run_once()
    elapsed = time.perf_counter() - start
    done = svc.videos.get(owner, video.video_id)
    assert done.status is VideoStatus.READY, done.failure_reason
    assert [r.name for r in done.renditions] == [r[0] for r in RUNGS]
    shutil.rmtree(data)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="valvid-transcode-"))
    source = work / "source.mp4"
    ffmpeg("-f", "lavfi", "-i", f"testsrc2=s=1920x1080:r=30:d={args.seconds},noise=alls=25:allf=t",
           "-f", "lavfi", "-i", f"sine=frequency=440:duration={args.seconds}",
           "-c:v", "libx264", "-preset", "ultrafast", "-crf", "18", "-pix_fmt", "yuv420p",
           "-c:a", "aac", "-shortest", str(source))  # fmt: skip
    valvid, single, per_rung = [], [], []
    for _ in range(args.rounds):
        single.append(timed_commands([single_command(source, work / "single")]))
        valvid.append(timed_valvid(source, work))
        per_rung.append(timed_commands(per_rung_commands(source, work / "per-rung")))
    v, a, b = (statistics.median(x) for x in (valvid, single, per_rung))
    print(f"source: {args.seconds} s 1080p30 with noise, rounds: {args.rounds}")
    print(f"valvid processing (probe, ladder, master, poster, READY): {v:7.1f} s")
    print(f"(a) hand-written single ffmpeg command:                  {a:7.1f} s")
    print(f"(b) one ffmpeg per rung, sequential:                     {b:7.1f} s")
    print(f"valvid / (a) = {v / a:.2f}  goal <= 1.10  {'OK' if v / a <= 1.10 else 'MISSED'}")
    print(f"valvid / (b) = {v / b:.2f}  goal <= 0.80  {'OK' if v / b <= 0.80 else 'MISSED'}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
