"""Reads a Dockerfile's instructions, and lays out and builds its image in a folder without
Docker, for the subset our Dockerfiles use: FROM, WORKDIR, COPY, ENV, RUN, EXPOSE, CMD."""

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# .dockerignore's patterns, matched on names (ours are names or **/name)
IGNORED = shutil.ignore_patterns(
    *(line.strip().removeprefix("**/") for line in (ROOT / ".dockerignore").read_text().split())
)


@dataclass
class Dockerfile:
    base: str
    platform: str | None
    instructions: list[tuple[str, str]]

    @property
    def cmd(self) -> list[str]:
        return json.loads([args for word, args in self.instructions if word == "CMD"][-1])

    @property
    def runs(self) -> list[str]:
        return [args for word, args in self.instructions if word == "RUN"]


def read_dockerfile(name: str) -> Dockerfile:
    text = (ROOT / name).read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    instructions = [
        (word, args)
        for word, args in (line.split(None, 1) for line in lines if line and line[0] != "#")
    ]
    (from_,) = [args for word, args in instructions if word == "FROM"]
    platform = re.search(r"--platform=(\S+)", from_)
    return Dockerfile(from_.split()[-1], platform and platform.group(1), instructions)


def build_in_folder(image: Dockerfile, root: Path, env: dict[str, str]) -> tuple[Path, dict]:
    """Runs the Dockerfile's steps with `root` standing for the image's "/"; returns the
    WORKDIR and the environment its ENV lines leave (on top of `env`)."""
    workdir = root
    env = dict(env)
    for word, args in image.instructions:
        if word == "WORKDIR":
            workdir = root / args.lstrip("/")
            workdir.mkdir(parents=True, exist_ok=True)
        elif word == "ENV":
            env.update(pair.split("=", 1) for pair in args.split())
        elif word == "COPY":
            *sources, dest = args.split()
            target = root / dest.lstrip("/") if dest.startswith("/") else workdir / dest
            into_folder = len(sources) > 1 or dest.endswith(("/", "."))
            for source in sources:
                _copy(ROOT / source, target, into_folder)
        elif word == "RUN":
            done = subprocess.run(
                ["bash", "-c", args], cwd=workdir, env=env, capture_output=True, text=True
            )
            assert done.returncode == 0, f"RUN {args}:\n{done.stdout[-3000:]}{done.stderr[-3000:]}"
        elif word not in ("FROM", "EXPOSE", "CMD"):
            raise AssertionError(f"{word}: teach tests/aws/image_files.py what it does")
    return workdir, env


def _copy(source: Path, dest: Path, into_folder: bool) -> None:
    """Docker's COPY: a folder's contents go into dest; a file goes into it or becomes it."""
    if source.is_dir():
        shutil.copytree(source, dest, ignore=IGNORED, dirs_exist_ok=True)
        return
    if into_folder:
        dest.mkdir(parents=True, exist_ok=True)
        dest = dest / source.name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source, dest)
