"""The Lambda image without Docker: the handlers' dependencies resolve to binary wheels for the
platform and Python of the image's base, through the very script Dockerfile.lambda runs."""

import json
import os
import subprocess
import sys

import pytest

from tests.aws.image_files import ROOT, read_dockerfile

pytestmark = pytest.mark.slow

# glibc of the Amazon Linux under each of Lambda's Python base images
# (public.ecr.aws/lambda/python:<version>): Amazon Linux 2 up to 3.11, Amazon Linux 2023 after.
LAMBDA_BASE_GLIBC = {"3.9": 26, "3.10": 26, "3.11": 26, "3.12": 34, "3.13": 34, "3.14": 34}
MACHINES = {"linux/amd64": "x86_64", "linux/arm64": "aarch64"}


def wheel_platforms(glibc_minor: int, machine: str) -> list[str]:
    """Every manylinux tag a glibc 2.<minor> system accepts (pip does not widen --platform)."""
    tags = [f"manylinux_2_{minor}_{machine}" for minor in range(glibc_minor, 16, -1)]
    return [*tags, f"manylinux2014_{machine}"]


def lambda_base() -> tuple[str, int, str]:
    image = read_dockerfile("Dockerfile.lambda")
    repository, _, version = image.base.partition(":")
    assert repository == "public.ecr.aws/lambda/python", image.base
    assert version in LAMBDA_BASE_GLIBC, f"unknown Lambda base {image.base}"
    machine = MACHINES.get(image.platform or "linux/amd64")
    return version, LAMBDA_BASE_GLIBC[version], machine or "unknown"


def test_handler_dependencies_are_binary_wheels_for_the_lambda_base(tmp_path):
    python, glibc_minor, machine = lambda_base()
    tags = wheel_platforms(glibc_minor, machine)
    platforms = [arg for tag in tags for arg in ("--platform", tag)]
    runs = read_dockerfile("Dockerfile.lambda").runs
    assert [r for r in runs if "pip" in r or "image-lambda.sh" not in r] == [], "steps: the script"
    report = tmp_path / "report.json"
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "image-lambda.sh"), str(tmp_path / "task-root"),
         "--dry-run", "--quiet", "--report", str(report), *platforms,
         "--python-version", python, "--implementation", "cp"],
        env=dict(os.environ, PYTHON=sys.executable), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, (
        f"Python {python}, glibc 2.{glibc_minor}, {machine}: " + result.stderr[-3000:]
    )
    installed = {i["metadata"]["name"].lower() for i in json.loads(report.read_text())["install"]}
    assert {"av", "boto3", "cryptography", "pyjwt", "pydantic-settings"} <= installed


def test_every_lambda_package_is_pinned_within_what_pyproject_allows():
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    lines = (ROOT / "scripts" / "lambda-requirements.txt").read_text().splitlines()
    pins = [Requirement(line) for line in lines if line.strip() and not line.startswith("#")]
    unpinned = [str(p) for p in pins if [s.operator for s in p.specifier] != ["=="]]
    assert not unpinned, f"not pinned exactly: {unpinned}"
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    allowed = {canonicalize_name(r.name): r for r in map(Requirement, project["dependencies"])}
    for pin in pins:
        wanted = allowed.get(canonicalize_name(pin.name))
        version = next(iter(pin.specifier)).version
        assert wanted is None or wanted.specifier.contains(version), (str(pin), str(wanted))


def test_handlers_import_with_nothing_but_the_lambda_packages(tmp_path):
    """The image holds backend/ and the pinned packages only: every module the aws-mode handlers
    load imports from that (here for this machine's platform and Python)."""
    import shutil

    task_root = tmp_path / "task-root"
    installed = subprocess.run(
        ["bash", str(ROOT / "scripts" / "image-lambda.sh"), str(task_root), "--quiet"],
        env=dict(os.environ, PYTHON=sys.executable), capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert installed.returncode == 0, installed.stderr[-3000:]
    shutil.copytree(ROOT / "backend", task_root / "backend")
    modules = ["backend.entrypoints.lambdas", "backend.adapters.cloudfront_signer"] + [
        f"backend.adapters.aws.{p.stem}" for p in (ROOT / "backend/adapters/aws").glob("[a-z]*.py")
    ]
    script = "import importlib, sys\nfor m in sys.argv[1:]: importlib.import_module(m)"
    result = subprocess.run(
        [sys.executable, "-S", "-c", script, *modules],  # -S: none of this venv's packages
        cwd=tmp_path, env={"PYTHONPATH": str(task_root), "PATH": os.environ["PATH"]},
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
