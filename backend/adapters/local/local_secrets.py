"""Secrets of local mode, generated into the data directory on first use and never committed."""

import os
import secrets
from pathlib import Path


def load_or_create_secret(path: Path, *, nbytes: int = 32) -> str:
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(nbytes)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value)
    return value
