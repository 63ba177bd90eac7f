"""Failure videos without a download: Playwright records through an ffmpeg it expects in its
own browsers folder; we point that folder into the venv and link imageio-ffmpeg's binary there."""

import json
import os
import sys
from pathlib import Path

import imageio_ffmpeg
import playwright


def provide_playwright_ffmpeg() -> None:
    folder = Path(sys.prefix) / "share" / "valvid" / "playwright"
    os.environ["PLAYWRIGHT_BROWSERS_PATH"] = str(folder)  # Chromium itself comes from Debian
    manifest = Path(playwright.__file__).parent / "driver" / "package" / "browsers.json"
    browsers = json.loads(manifest.read_text())["browsers"]
    revision = next(b["revision"] for b in browsers if b["name"] == "ffmpeg")
    target = folder / f"ffmpeg-{revision}" / "ffmpeg-linux"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.symlink_to(imageio_ffmpeg.get_ffmpeg_exe())
