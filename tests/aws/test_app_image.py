"""The app image without Docker: a folder laid out by the Dockerfile's COPY lines, built by its
RUN steps (the scripts the image build runs) into a clean virtualenv with a non-editable install,
then started with its CMD in aws mode against moto: it serves /api/health and the pages, with the
frontend built at image build time, not at start, within the load balancer's grace period."""

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from infra.images import APP_START_GRACE_S
from tests.app_process import stop_process_group
from tests.aws.image_files import ROOT, build_in_folder, read_dockerfile
from tests.conftest import FAKE_AWS_ENV
from tests.live_server import free_port

pytestmark = pytest.mark.slow

GIVE_UP_S = 900  # a bound on a broken start, not the measure of a good one


def clean_env(venv: Path, port: int) -> dict[str, str]:
    """What the image's processes see: its Python first on PATH, none of this checkout."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env = {k: v for k, v in env.items() if not k.startswith(("VALVID_", "REFLEX_"))}
    env["PATH"] = os.pathsep.join([str(venv / "bin"), env["PATH"]])
    env["VALVID_PORT"] = str(port)  # the image's 3000 may be taken on this machine
    env.setdefault("BUN_INSTALL_CACHE_DIR", str(Path.home() / ".bun" / "install" / "cache"))
    return env


def settings_env(settings) -> dict[str, str]:
    return {
        f"VALVID_{name.upper()}": str(getattr(settings, name)) for name in settings.model_fields_set
    }


def project_version() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def test_app_image_serves_its_prebuilt_frontend_in_aws_mode(tmp_path, aws_settings):
    image = read_dockerfile("Dockerfile")
    assert image.runs == ["bash scripts/image-app.sh"], "build steps belong in the script"
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    port = free_port()
    workdir, env = build_in_folder(image, tmp_path / "image", clean_env(venv, port))
    index = workdir / ".web" / "build" / "client" / "index.html"
    built = index.stat() if index.exists() else None

    env.update(settings_env(aws_settings), **FAKE_AWS_ENV)
    log_path = tmp_path / "start.log"
    with open(log_path, "w") as log:
        started = time.monotonic()
        process = subprocess.Popen(
            image.cmd, cwd=workdir, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    try:
        health = _wait_for_health(f"http://localhost:{port}", process, log_path)
        start_s = time.monotonic() - started
        assert (health["mode"], health["version"]) == ("aws", project_version())
        page = httpx.get(f"http://localhost:{port}/", timeout=30)
        assert page.status_code == 200 and "<title>Valvid</title>" in page.text
        process.terminate()  # what ECS does to the container's first process when it stops a task
        assert _group_gone(process), "SIGTERM to the start command left the server running"
    finally:
        stop_process_group(process)
    assert built is not None, "the image build must build the frontend"
    now = index.stat()
    assert (now.st_ino, now.st_mtime_ns) == (built.st_ino, built.st_mtime_ns), "built at start"
    print(f"app image started in {start_s:.1f} s (grace period {APP_START_GRACE_S} s)")
    assert start_s < APP_START_GRACE_S


def _group_gone(process: subprocess.Popen) -> bool:
    process.wait(GIVE_UP_S)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.5)
    return False


def _wait_for_health(url: str, process: subprocess.Popen, log_path: Path) -> dict:
    deadline = time.monotonic() + GIVE_UP_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the start command exited:\n{log_path.read_text()[-4000:]}")
        try:
            response = httpx.get(url + "/api/health", timeout=5)
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"no /api/health in {GIVE_UP_S} s:\n{log_path.read_text()[-4000:]}")


def test_the_image_is_replayed_on_its_own_python():
    base = read_dockerfile("Dockerfile").base
    assert base.startswith("python:") and base.endswith("-slim"), base
    version = base.removeprefix("python:").removesuffix("-slim")
    assert version == "{}.{}".format(*sys.version_info), f"{base}: replay it on Python {version}"
