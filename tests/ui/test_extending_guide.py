"""docs/extending.md names real files: a recipe that points nowhere fails here."""

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
GUIDE = ROOT / "docs" / "extending.md"


def test_every_file_the_guide_names_exists():
    named = set(
        re.findall(r"`((?:backend|valvid_ui|tests|infra|docs)/[\w/.-]+\.\w+)`", GUIDE.read_text())
    )
    assert len(named) > 30
    missing = sorted(p for p in named if not (ROOT / p).exists())
    assert missing == []


def test_the_readme_links_the_guide():
    assert "docs/extending.md" in (ROOT / "README.md").read_text()
