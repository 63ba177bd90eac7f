"""Secrets of local mode, generated into the data directory on first use and never committed."""

import os
import secrets
import tempfile
from collections.abc import Callable
from pathlib import Path

from backend.domain.errors import ConfigError


def load_or_create_secret(path: Path, *, nbytes: int = 32) -> str:
    return load_or_create_file(path, lambda: secrets.token_urlsafe(nbytes).encode()).decode()


def load_or_create_file(path: Path, make: Callable[[], bytes]) -> bytes:
    """The file's bytes; on first use, make them and write them readable by the owner only."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=path.parent)  # created with mode 0600
        with os.fdopen(fd, "wb") as f:
            f.write(make())
        try:
            os.link(temp, path)  # atomic: exactly one process's secret wins
        except FileExistsError:
            pass
        finally:
            os.unlink(temp)
    return read_secret_file(path)


def read_secret_file(path: Path) -> bytes:
    """A secret file's bytes; ConfigError if it is empty (a full disk or a careless copy)."""
    secret = path.read_bytes()
    if not secret.strip():
        raise ConfigError(
            f"The secret file {path} is empty: restore it, or delete it for a new one."
        )
    return secret
