"""Accounts and videos for the load benchmark.

Accounts and a filler catalog go straight into the data directory before the app starts; the
watchable videos are uploaded through the real API and processed by the app's own worker.
"""

import random
import time
from datetime import timedelta
from pathlib import Path

import httpx

from backend.bootstrap import build_services
from backend.config import Settings
from bench.catalog import WORDS
from tests.catalog_seed import T0, published, seed_user
from tests.clips import AAC, H264, ffmpeg, tone, video

PASSWORD = "load bench pass 1"
TARGET_EMAIL = "target@example.com"  # the account the wrong logins aim at


def creator_email(n: int) -> str:
    return f"creator{n}@example.com"


def seed_data_dir(data_dir: Path, *, creators: int, filler: int) -> None:
    """Confirmed accounts (creators, the login target) and `filler` older published videos."""
    svc = build_services(Settings(data_dir=data_dir))
    for n in range(creators):
        _account(svc, creator_email(n), f"creator{n}")
    _account(svc, TARGET_EMAIL, "target")
    rng = random.Random(7)
    owner = seed_user(svc.port("users"), "filler")
    for n in range(filler):
        svc.port("videos").add(
            published(
                n,
                owner,
                title=" ".join(rng.sample(WORDS, 4)).capitalize(),
                description=" ".join(rng.choices(WORDS, k=30)),
                tags=rng.sample(WORDS, 3),
                at=T0 + timedelta(seconds=n),
            )
        )


def _account(svc, email: str, username: str) -> None:
    svc.auth.sign_up(email=email, username=username, password=PASSWORD)
    svc.auth.confirm(email=email, code=svc.port("identity").outbox(email)[0].code)


def make_clip(out: Path, *, seconds: float, size: str) -> Path:
    ffmpeg(*video(size, seconds=seconds), *tone(seconds), *H264, *AAC, "-f", "mp4", str(out))
    return out


class Creator:
    """One creator's session against the API."""

    def __init__(self, client: httpx.Client, email: str) -> None:
        self.client = client
        response = client.post("/api/users/login", json={"email": email, "password": PASSWORD})
        response.raise_for_status()
        self.token = response.json()["token"]
        self.auth = {"Authorization": f"Bearer {self.token}"}

    def upload(self, clip: Path, title: str) -> str:
        video = self.client.post("/api/creators/videos", json={"title": title}, headers=self.auth)
        video.raise_for_status()
        video_id = video.json()["video_id"]
        ticket = self.client.post(f"/api/creators/videos/{video_id}/upload", headers=self.auth)
        ticket.raise_for_status()
        with open(clip, "rb") as f:
            sent = self.client.post(
                ticket.json()["url"],
                data=ticket.json()["fields"],
                files={"file": (clip.name, f, "video/mp4")},
                timeout=120,
            )
        sent.raise_for_status()
        return video_id

    def status(self, video_id: str) -> str:
        got = self.client.get(f"/api/creators/videos/{video_id}", headers=self.auth)
        got.raise_for_status()
        return got.json()["status"]

    def wait_for(self, video_id: str, wanted: set[str], timeout_s: float = 600) -> str:
        deadline = time.monotonic() + timeout_s
        while (status := self.status(video_id)) not in wanted | {"FAILED"}:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{video_id} still {status} after {timeout_s:.0f} s")
            time.sleep(0.5)
        return status

    def publish(self, video_id: str) -> None:
        self.client.post(
            f"/api/creators/videos/{video_id}/publish", headers=self.auth
        ).raise_for_status()


def watchable_videos(creator: Creator, folder: Path, count: int) -> list[str]:
    """Upload `count` short clips, wait for the worker to finish them, publish them."""
    clip = make_clip(folder / "watchable.mp4", seconds=12, size="640x360")
    ids = [creator.upload(clip, f"Watchable {WORDS[n % len(WORDS)]}") for n in range(count)]
    for video_id in ids:
        status = creator.wait_for(video_id, {"READY"})
        if status != "READY":
            raise RuntimeError(f"{video_id} ended {status}; see the app log")
        creator.publish(video_id)
    return ids
