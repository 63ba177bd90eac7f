"""Playwright journeys against `valvid run` in local mode on a temporary data directory,
in Debian's Chromium (Playwright cannot download browsers here)."""

import shutil
import time
from pathlib import Path

import pytest

from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.statuses import VideoStatus
from tests.app_process import running_app, valvid
from tests.e2e.recording import provide_playwright_ffmpeg
from tests.integration.local.pipeline_helpers import creator, receive

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    "--autoplay-policy=no-user-gesture-required",
]  # fmt: skip
UPLOAD_LIMIT = 24 * 1024 * 1024
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
APP_ENV = {
    "VALVID_MAX_UPLOAD_BYTES": str(UPLOAD_LIMIT),
    "VALVID_TOKEN_LIFETIME_S": "900",  # short enough that renewal is due at once
}
provide_playwright_ffmpeg()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (scripts/setup-system.sh)"
        )
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e-data")


@pytest.fixture(scope="session")
def app_url(data_dir, tmp_path_factory):
    log = tmp_path_factory.mktemp("e2e-logs") / "valvid-run.log"
    with running_app(data_dir, log, **APP_ENV) as url:
        yield url


@pytest.fixture(scope="session")
def base_url(app_url):
    return app_url


@pytest.fixture(scope="session")
def svc(data_dir, app_url):
    """The same platform the app runs, for seeding and checking through services."""
    return build_services(
        Settings(data_dir=data_dir, public_url=app_url, max_upload_bytes=UPLOAD_LIMIT)
    )


def wait_until(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("timed out")


@pytest.fixture(scope="session")
def published_video(svc):
    """A READY and PUBLIC video seeded through the services; the app's worker processes it."""
    owner = creator(svc, "seeder")
    video = receive(svc, owner, "landscape", "Sunset over the harbour")
    svc.videos.update(owner, video.video_id, description="Boats coming home.", tags=["sea"])
    wait_until(lambda: svc.videos.get(owner, video.video_id).status is VideoStatus.READY)
    return svc.videos.publish(owner, video.video_id)


def outbox_code(data_dir: Path, email: str) -> str:
    out = valvid(data_dir, "outbox", "--email", email, "--last", "1")
    assert out.returncode == 0, out.stderr
    return out.stdout.strip().split()[-1]


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
