"""Catalog benchmark: 10,000 published videos; p50/p95 of a browse page of 24 and of a search.

Goal: p95 <= 20 ms for a page and <= 30 ms for a search, measured through CatalogService (the
path the API and UI take: SQLite query, user join, signed poster URLs).
Baseline, measured in the same run: fetching 24 videos by primary key (the floor for 24 rows).

    .venv/bin/python bench/catalog.py [--videos 10000] [--runs 300]
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text  # noqa: E402

from backend.bootstrap import build_services  # noqa: E402
from backend.config import Settings  # noqa: E402
from tests.catalog_seed import T0, published, seed_user  # noqa: E402

WORDS = (  # noqa: SIM905
    "travel cooking pasta mountain biking river sunset city night drone guitar lesson piano "
    "review unboxing garden winter summer beach football tennis chess puzzle science space "
    "history python coding robot music concert family holiday wedding dance yoga fitness "
    "recipe baking bread coffee street market ocean forest camping kayak climbing snow"
).split()


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def timed(fn, runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--videos", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    svc = build_services(Settings(data_dir=Path(tempfile.mkdtemp(prefix="valvid-catalog-"))))
    owners = [seed_user(svc.port("users"), f"creator{i}") for i in range(50)]
    engine = svc.port("engine")
    with engine.begin() as connection:
        connection.execute(text("PRAGMA synchronous=OFF"))
    for n in range(args.videos):
        svc.port("videos").add(
            published(
                n,
                rng.choice(owners),
                title=" ".join(rng.sample(WORDS, 4)).capitalize(),
                description=" ".join(rng.choices(WORDS, k=30)),
                tags=rng.sample(WORDS, 3),
                at=T0 + timedelta(seconds=n),
            )
        )
    pages = [None]
    for _ in range(20):  # cursors deep into the list, too
        pages.append(svc.catalog.browse(cursor=pages[-1], limit=24).next_cursor)
    ids = [f"vid_{n:06d}" for n in range(args.videos)]
    videos = svc.port("videos")

    browse = timed(lambda: svc.catalog.browse(cursor=rng.choice(pages), limit=24), args.runs)
    search = timed(
        lambda: svc.catalog.browse(query=" ".join(rng.sample(WORDS, rng.randint(1, 2))), limit=24),
        args.runs,
    )
    baseline = timed(lambda: [videos.get(i) for i in rng.sample(ids, 24)], args.runs)
    with engine.connect() as connection:
        plan = connection.execute(
            text(
                "EXPLAIN QUERY PLAN SELECT video_id FROM videos WHERE visibility = 'PUBLIC' "
                "AND status = 'READY' ORDER BY published_at DESC, video_id DESC LIMIT 25"
            )
        ).fetchall()

    base50, base95 = percentiles(baseline)
    print(f"videos: {args.videos}, runs: {args.runs}, page size 24")
    print(f"baseline (24 videos by primary key): p50 {base50:6.2f} ms  p95 {base95:6.2f} ms")
    for name, samples, goal in (("browse page", browse, 20), ("search", search, 30)):
        p50, p95 = percentiles(samples)
        verdict = "OK" if p95 <= goal else "MISSED"
        print(
            f"{name:12s}: p50 {p50:6.2f} ms  p95 {p95:6.2f} ms  "
            f"({p95 / base95:4.2f}x baseline p95)  goal p95 <= {goal} ms  {verdict}"
        )
    print("listing plan:", "; ".join(str(row[-1]) for row in plan))


if __name__ == "__main__":
    main()
