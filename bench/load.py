"""Load benchmark: viewers and creators against `valvid run` while its worker transcodes.

N anonymous viewers (browse, search, open a watch page: video, playback grant, master and media
playlist, init and 3 segments; think time between steps) and M creators polling their studio
list every 2 s hit the app for --duration seconds, with a 720p upload being transcoded by the
app's worker all along. Then 100 wrong-password logins for one account arrive at once.

Baseline, measured in the same run: every route requested one at a time with nothing else in
flight and the worker idle. Each route's p95 under load is printed as a ratio to it.
Goals (issue 9): 0 errors; catalog (browse and search) p95 <= 50 ms at 50 viewers; wrong logins:
server RSS growth <= 100 MiB and at most 5 evaluated (401) for the account, the rest 429.

    .venv/bin/python bench/load.py [--duration 60] [--viewers 50] [--creators 5]

Loopback only (127.0.0.1); bounded; stops by itself. Server RSS is the app's process tree
without the worker and its ffmpeg. The load generator runs on the same machine as the app.
"""

import argparse
import asyncio
import sys
import tempfile
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.load_app import MIB, PeakServerRss, RunningApp, running_app  # noqa: E402
from bench.load_clients import (  # noqa: E402
    ROUTES,
    LoadPlan,
    Recorder,
    run_baseline,
    run_load,
    wrong_logins,
)
from bench.load_seed import (  # noqa: E402
    TARGET_EMAIL,
    Creator,
    creator_email,
    make_clip,
    seed_data_dir,
    watchable_videos,
)

CATALOG_ROUTES = ("browse", "search")
CATALOG_P95_GOAL_MS = 50
LOGIN_RSS_GOAL_MIB = 100
LOGIN_EVALUATED_GOAL = 5


def quantile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[int(q * (len(ordered) - 1))] if ordered else float("nan")


def options() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--creators", type=int, default=5)
    parser.add_argument("--think-s", type=float, default=1.0, help="viewer pause between steps")
    parser.add_argument("--poll-s", type=float, default=2.0, help="studio poll interval")
    parser.add_argument("--logins", type=int, default=100, help="concurrent wrong logins")
    parser.add_argument("--filler", type=int, default=500, help="older published videos")
    parser.add_argument("--watchable", type=int, default=3, help="processed clips to watch")
    parser.add_argument("--baseline-rounds", type=int, default=30)
    return parser.parse_args()


def main() -> None:
    args = options()
    with tempfile.TemporaryDirectory(prefix="valvid-load-") as tmp:
        folder = Path(tmp)
        data_dir = folder / "data"
        seed_data_dir(data_dir, creators=max(1, args.creators), filler=args.filler)
        busy_clip = make_clip(folder / "busy.mp4", seconds=args.duration + 40, size="1280x720")
        print(f"app log: {folder / 'valvid-run.log'} (removed at the end)", flush=True)
        with running_app(data_dir, folder / "valvid-run.log") as app:
            report(args, *measure(args, app, folder, busy_clip))


def measure(args, app: RunningApp, folder: Path, busy_clip: Path):
    with httpx.Client(base_url=app.url, timeout=60) as client:
        creators = [Creator(client, creator_email(n)) for n in range(max(1, args.creators))]
        video_ids = watchable_videos(creators[0], folder, args.watchable)
        token = creators[0].token
        asyncio.run(run_baseline(app.url, token, video_ids, 3))  # warm-up, not recorded
        baseline = asyncio.run(run_baseline(app.url, token, video_ids, args.baseline_rounds))
        idle_rss = app.rss()
        busy = creators[0].upload(busy_clip, "Long transcode")
        creators[0].wait_for(busy, {"PROCESSING", "READY"})
        plan = LoadPlan(
            viewers=args.viewers,
            creator_tokens=[c.token for c in creators[: args.creators]],
            video_ids=video_ids,
            duration_s=args.duration,
            think_s=args.think_s,
            poll_s=args.poll_s,
        )
        with PeakServerRss(app) as load_rss:
            loaded, elapsed = asyncio.run(run_load(app.url, plan))
        busy_after = creators[0].status(busy)
        before_logins = app.rss()
        with PeakServerRss(app) as login_rss:
            logins = asyncio.run(wrong_logins(app.url, TARGET_EMAIL, args.logins))
        after_logins = app.rss()
    rss = {
        "idle": idle_rss,
        "load peak": load_rss.peak,
        "before logins": before_logins,
        "logins peak": login_rss.peak,
        "after logins": after_logins,
    }
    return baseline, loaded, elapsed, busy_after, rss, logins


def report(
    args, baseline: Recorder, loaded: Recorder, elapsed: float, busy_after: str, rss, logins
):
    print(
        f"\n{args.viewers} viewers (think {args.think_s:g} s), {args.creators} creators "
        f"(poll {args.poll_s:g} s), {elapsed:.1f} s; catalog of {args.filler + args.watchable} "
        f"videos; worker transcoding a 720p upload (status at the end: {busy_after})"
    )
    print("baseline: each route alone, one request at a time, worker idle\n")
    head = f"{'route':16s} {'requests':>8s} {'errors':>6s} {'req/s':>7s} "
    print(head + f"{'p50 ms':>7s} {'p95 ms':>7s} {'p99 ms':>7s} {'base p95':>8s} {'ratio':>6s}")
    for route in ROUTES:
        samples, base = loaded.latencies_ms[route], baseline.latencies_ms[route]
        count = len(samples) + loaded.errors[route]
        ratio = quantile(samples, 0.95) / quantile(base, 0.95) if samples and base else 0
        print(
            f"{route:16s} {count:8d} {loaded.errors[route]:6d} {count / elapsed:7.1f} "
            f"{quantile(samples, 0.5):7.1f} {quantile(samples, 0.95):7.1f} "
            f"{quantile(samples, 0.99):7.1f} {quantile(base, 0.95):8.1f} {ratio:5.1f}x"
        )
    total = sum(len(s) for s in loaded.latencies_ms.values()) + sum(loaded.errors.values())
    errors = sum(loaded.errors.values())
    print(f"{'all':16s} {total:8d} {errors:6d} {total / elapsed:7.1f}")
    for route, text in loaded.examples.items():
        print(f"  first {route} error: {text}")
    print(
        "server RSS (MiB): " + ", ".join(f"{name} {value / MIB:.0f}" for name, value in rss.items())
    )
    catalog = [ms for r in CATALOG_ROUTES for ms in loaded.latencies_ms[r]]
    catalog_base = [ms for r in CATALOG_ROUTES for ms in baseline.latencies_ms[r]]
    p95 = quantile(catalog, 0.95)
    evaluated = logins[401]
    growth = (rss["logins peak"] - rss["before logins"]) / MIB
    print(f"\n{args.logins} concurrent wrong logins for one account: {status_line(logins)}")
    print("\ngoals")
    verdict("errors under load", f"{errors}", "0", errors == 0)
    verdict(
        f"catalog p95 at {args.viewers} viewers",
        f"{p95:.1f} ms ({p95 / quantile(catalog_base, 0.95):.1f}x baseline "
        f"{quantile(catalog_base, 0.95):.1f} ms)",
        f"<= {CATALOG_P95_GOAL_MS} ms at 50 viewers",
        p95 <= CATALOG_P95_GOAL_MS,
    )
    verdict(
        "wrong logins evaluated (401)",
        f"{evaluated} of {args.logins}",
        f"<= {LOGIN_EVALUATED_GOAL}",
        evaluated <= LOGIN_EVALUATED_GOAL,
    )
    verdict(
        "server RSS growth, wrong logins",
        f"{growth:.1f} MiB",
        f"<= {LOGIN_RSS_GOAL_MIB} MiB",
        growth <= LOGIN_RSS_GOAL_MIB,
    )
    if busy_after not in ("PROCESSING", "UPLOADED"):
        print(
            "note: the transcode ended before the load did; raise the clip length to keep it busy"
        )


def status_line(statuses: Counter) -> str:
    names = {401: "evaluated (401)", 429: "throttled (429)"}
    return ", ".join(f"{names.get(k, k)}: {n}" for k, n in sorted(statuses.items(), key=str))


def verdict(name: str, value: str, goal: str, ok: bool) -> None:
    print(f"  {name:34s} {value:40s} goal {goal:24s} {'OK' if ok else 'MISSED'}")


if __name__ == "__main__":
    main()
