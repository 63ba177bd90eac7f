"""The data directory holds signing keys, password hashes and uploads: its owner's eyes only."""

import os
import stat
from pathlib import Path

from backend.adapters.local.network_fs import refuse_network_filesystem

PRIVATE_UMASK = 0o077  # whatever this process or its children (ffmpeg) create: owner only
OTHERS = stat.S_IRWXG | stat.S_IRWXO


def keep_new_files_private() -> None:
    os.umask(PRIVATE_UMASK)


def prepare_data_dir(path: Path) -> None:
    """Create the data directory owner-only on a local disk; tighten an older, readable one."""
    keep_new_files_private()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = path.resolve()
    refuse_network_filesystem(path)
    if path.stat().st_mode & OTHERS:
        make_private(path)


def make_private(root: Path) -> None:
    """Take group and other permissions off the directory and everything below it."""
    _strip(root)
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            _strip(Path(folder) / name)


def _strip(path: Path) -> None:
    mode = path.lstat().st_mode
    if not stat.S_ISLNK(mode) and mode & OTHERS:
        path.chmod(stat.S_IMODE(mode) & ~OTHERS)
