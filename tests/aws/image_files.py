"""Reads a Dockerfile the way the image build would: base, WORKDIR, COPY, ENV and CMD lines."""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Dockerfile:
    base: str
    platform: str | None
    workdir: str = "/"
    copies: list[tuple[list[str], str]] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)
    run: list[str] = field(default_factory=list)
    cmd: list[str] = field(default_factory=list)


def read_dockerfile(name: str) -> Dockerfile:
    text = (ROOT / name).read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines()]
    instructions = [line.split(None, 1) for line in lines if line and not line.startswith("#")]
    (from_,) = [args for word, args in instructions if word == "FROM"]
    platform = re.search(r"--platform=(\S+)", from_)
    image = Dockerfile(base=from_.split()[-1], platform=platform and platform.group(1))
    for word, args in instructions:
        if word == "WORKDIR":
            image.workdir = args
        elif word == "COPY":
            *sources, dest = args.split()
            image.copies.append((sources, dest))
        elif word == "ENV":
            image.env.update(pair.split("=", 1) for pair in args.split())
        elif word == "RUN":
            image.run.append(args)
        elif word == "CMD":
            image.cmd = json.loads(args)
    return image
