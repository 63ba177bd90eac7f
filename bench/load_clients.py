"""The load benchmark's simulated users: anonymous viewers, studio-polling creators, a prober.

Every request is recorded under its route with its latency; a status >= 400 or a transport
error counts as an error. Users stop by themselves at a deadline.
"""

import asyncio
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import httpx

from bench.catalog import WORDS

ROUTES = (
    "browse",
    "search",
    "video",
    "playback",
    "master playlist",
    "media playlist",
    "segment",
    "studio list",
    "health",
)
SEGMENTS_PER_WATCH = 3


@dataclass
class Recorder:
    latencies_ms: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    async def get(
        self, client: httpx.AsyncClient, route: str, url: str, **kwargs
    ) -> httpx.Response | None:
        start = time.perf_counter()
        try:
            response = await client.get(url, **kwargs)
        except httpx.HTTPError as e:
            self._error(route, f"{type(e).__name__}: {e}")
            return None
        self.latencies_ms[route].append((time.perf_counter() - start) * 1000)
        if response.status_code >= 400:
            self._error(route, f"HTTP {response.status_code}: {response.text[:120]}")
            return None
        return response

    def _error(self, route: str, text: str) -> None:
        self.errors[route] += 1
        self.examples.setdefault(route, text)


def uris(playlist: str) -> list[str]:
    """Every URI of an HLS playlist, in order: URI="..." attributes and plain lines."""
    found = []
    for line in playlist.splitlines():
        if 'URI="' in line:
            found.append(line.split('URI="', 1)[1].split('"', 1)[0])
        elif line and not line.startswith("#"):
            found.append(line)
    return found


async def watch(client: httpx.AsyncClient, rec: Recorder, video_id: str, rng) -> None:
    """What a watch page does: the video, its grant, master and one media playlist, segments."""
    if await rec.get(client, "video", f"/api/viewers/videos/{video_id}") is None:
        return
    grant = await rec.get(client, "playback", f"/api/viewers/videos/{video_id}/playback")
    if grant is None:
        return
    master = await rec.get(client, "master playlist", grant.json()["url"])
    if master is None:
        return
    media = await rec.get(client, "media playlist", rng.choice(uris(master.text)))
    if media is None:
        return
    for segment in uris(media.text)[: 1 + SEGMENTS_PER_WATCH]:  # init segment first
        await rec.get(client, "segment", segment)


async def viewer(client, rec: Recorder, video_ids: list[str], until: float, think_s: float, seed):
    """Browse (following a cursor now and then), search, open a watch page; think in between."""
    rng = random.Random(seed)
    cursor = None
    while time.monotonic() < until:
        params = {"cursor": cursor} if cursor else {}
        page = await rec.get(client, "browse", "/api/viewers/videos", params=params)
        cursor = page.json()["next_cursor"] if page is not None and rng.random() < 0.5 else None
        await _think(rng, think_s, until)
        words = " ".join(rng.sample(WORDS, rng.randint(1, 2)))
        await rec.get(client, "search", "/api/viewers/videos", params={"q": words})
        await _think(rng, think_s, until)
        await watch(client, rec, rng.choice(video_ids), rng)
        await _think(rng, think_s, until)


async def creator(client, rec: Recorder, token: str, until: float, poll_s: float) -> None:
    """The studio page: the creator's own list, every poll_s seconds."""
    headers = {"Authorization": f"Bearer {token}"}
    while time.monotonic() < until:
        await rec.get(client, "studio list", "/api/creators/videos", headers=headers)
        await asyncio.sleep(max(0.0, min(poll_s, until - time.monotonic())))


async def prober(client, rec: Recorder, until: float, every_s: float = 0.25) -> None:
    while time.monotonic() < until:
        await rec.get(client, "health", "/api/health")
        await asyncio.sleep(every_s)


async def _think(rng: random.Random, think_s: float, until: float) -> None:
    if think_s > 0:
        await asyncio.sleep(
            max(0.0, min(rng.uniform(0.5, 1.5) * think_s, until - time.monotonic()))
        )


def client_for(url: str, connections: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)
    return httpx.AsyncClient(base_url=url, limits=limits, timeout=30)


@dataclass(frozen=True)
class LoadPlan:
    viewers: int
    creator_tokens: list[str]
    video_ids: list[str]
    duration_s: float
    think_s: float
    poll_s: float


async def run_load(url: str, plan: LoadPlan) -> tuple[Recorder, float]:
    """All users at once until the deadline; returns the record and the seconds it took."""
    rec = Recorder()
    start = time.monotonic()
    until = start + plan.duration_s
    async with client_for(url, plan.viewers + len(plan.creator_tokens) + 1) as client:
        users = [
            *(
                viewer(client, rec, plan.video_ids, until, plan.think_s, seed)
                for seed in range(plan.viewers)
            ),
            *(creator(client, rec, t, until, plan.poll_s) for t in plan.creator_tokens),
            prober(client, rec, until),
        ]
        await asyncio.wait_for(asyncio.gather(*users), plan.duration_s + 120)
    return rec, time.monotonic() - start


async def run_baseline(url: str, token: str, video_ids: list[str], rounds: int) -> Recorder:
    """The same requests one at a time with nothing else in flight: the unloaded baseline."""
    rec = Recorder()
    rng = random.Random(1)
    headers = {"Authorization": f"Bearer {token}"}
    async with client_for(url, 1) as client:
        for _ in range(rounds):
            await rec.get(client, "browse", "/api/viewers/videos")
            words = " ".join(rng.sample(WORDS, rng.randint(1, 2)))
            await rec.get(client, "search", "/api/viewers/videos", params={"q": words})
            await watch(client, rec, rng.choice(video_ids), rng)
            await rec.get(client, "studio list", "/api/creators/videos", headers=headers)
            await rec.get(client, "health", "/api/health")
    return rec


async def wrong_logins(url: str, email: str, attempts: int) -> Counter:
    """`attempts` wrong-password logins for one account, all in flight at once: status counts."""
    body = {"email": email, "password": "not the password"}
    statuses: Counter = Counter()
    async with client_for(url, attempts) as client:

        async def attempt() -> None:
            try:
                statuses[(await client.post("/api/users/login", json=body)).status_code] += 1
            except httpx.HTTPError as e:
                statuses[type(e).__name__] += 1

        await asyncio.wait_for(asyncio.gather(*(attempt() for _ in range(attempts))), 600)
    return statuses
