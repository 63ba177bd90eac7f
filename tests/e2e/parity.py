"""The README's parity table: each journey's outcome in each mode, from the run that made it.

Written only by a run of the whole journey suite (every file, nothing deselected), so a partial
run never shrinks it."""

import re
from pathlib import Path

from tests.e2e.platforms import MODES

HERE = Path(__file__).resolve().parent
README = HERE.parents[1] / "README.md"
START, END = "<!-- parity:start -->", "<!-- parity:end -->"
_OUTCOMES: dict[tuple[str, str], str] = {}
_RANK = {"pass": 0, "skipped": 1, "FAIL": 2}


def journey_key(nodeid: str) -> tuple[str, str] | None:
    """(journey, mode) of a test id; a journey's other parameters (colour scheme...) share it."""
    match = re.fullmatch(r"tests/e2e/(test_\w+)\.py::test_(\w+)\[(.*)\]", nodeid)
    modes = [part for part in match.group(3).split("-") if part in MODES] if match else []
    return (match.group(2).replace("_", " "), modes[0]) if match and modes else None


def record_outcome(report) -> None:  # type: ignore[no-untyped-def]
    key = journey_key(report.nodeid)
    if key is None or (report.when != "call" and report.passed):
        return
    outcome = "pass" if report.passed else "skipped" if report.skipped else "FAIL"
    if key not in _OUTCOMES or _RANK[outcome] > _RANK[_OUTCOMES[key]]:
        _OUTCOMES[key] = outcome


def write_parity_table(session) -> None:  # type: ignore[no-untyped-def]
    files = {Path(str(item.fspath)).name for item in session.items if _is_journey(item)}
    every_file = {path.name for path in HERE.glob("test_*.py")}
    ran = {journey_key(item.nodeid) for item in session.items if _is_journey(item)}
    if not every_file or files != every_file or ran != set(_OUTCOMES) or session.shouldstop:
        return
    text = README.read_text()
    if START not in text:
        return
    table = _table()
    README.write_text(re.sub(f"{START}.*?{END}", f"{START}\n{table}\n{END}", text, flags=re.S))


def _is_journey(item) -> bool:  # type: ignore[no-untyped-def]
    return Path(str(item.fspath)).parent == HERE


def _table() -> str:
    journeys = sorted({journey for journey, _ in _OUTCOMES})
    lines = ["| journey | " + " | ".join(MODES) + " |", "|---|" + "---|" * len(MODES)]
    for journey in journeys:
        cells = [_OUTCOMES.get((journey, mode), "not run") for mode in MODES]
        lines.append(f"| {journey} | " + " | ".join(cells) + " |")
    return "\n".join(lines)
