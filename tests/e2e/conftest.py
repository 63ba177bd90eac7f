"""Playwright journeys, each in both modes: against `valvid run` (local mode) and `valvid aws-local
run` (aws mode on the emulated AWS), in Debian's Chromium (Playwright cannot download browsers
here). The run writes the README's parity table (journey × mode)."""

import shutil
import time
from pathlib import Path

import pytest

from backend.domain.statuses import VideoStatus
from tests.e2e.parity import record_outcome, write_parity_table
from tests.e2e.platforms import MODES, Platform, platform_in
from tests.e2e.recording import provide_playwright_ffmpeg

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
    "VALVID_SIGNUP_POLICY": "approval",  # journeys' sign-ups are approved (journeys.py)
    # every journey signs up from this one machine's address within minutes
    "VALVID_CLIENT_CODES_PER_WINDOW": "1000",
}
provide_playwright_ffmpeg()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


def pytest_runtest_logreport(report):
    record_outcome(report)


def pytest_sessionfinish(session):
    write_parity_table(session)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not Path(CHROMIUM).exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (scripts/setup-system.sh)"
        )
    return {"executable_path": CHROMIUM, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session", params=MODES)
def platform(request, tmp_path_factory):
    """The running platform in each mode; every journey runs against both."""
    with platform_in(request.param, tmp_path_factory.mktemp(request.param), **APP_ENV) as running:
        yield running


@pytest.fixture(scope="session")
def data_dir(platform):
    """The platform, under the name journeys knew it by (they read its mail through it)."""
    return platform


@pytest.fixture(scope="session")
def app_url(platform):
    return platform.url


@pytest.fixture(scope="session")
def base_url(app_url):
    return app_url


@pytest.fixture(scope="session")
def svc(platform):
    return platform.svc


def wait_until(condition, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    raise AssertionError("timed out")


@pytest.fixture(scope="session")
def published_video(platform, tmp_path_factory):
    """A READY and PUBLIC video, uploaded as a browser does and processed by the platform."""
    svc = platform.svc
    owner = platform.creator("seeder")
    video_id = platform.upload(
        owner, "Sunset over the harbour", "landscape", tmp_path_factory.mktemp("seed")
    )
    svc.videos.update(owner, video_id, description="Boats coming home.", tags=["sea"])
    wait_until(lambda: svc.videos.get(owner, video_id).status is VideoStatus.READY)
    return svc.videos.publish(owner, video_id)


def outbox_code(platform: Platform, email: str) -> str:
    return platform.code_for(email)


def console_errors(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
