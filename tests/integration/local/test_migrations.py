"""Schema migrations: a database from before migrations upgrades to head and loses nothing."""

import shutil
import sqlite3
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from backend.adapters.local.database import open_database
from backend.adapters.local.schema_migrations import head_revision, include_object
from backend.bootstrap import build_services
from backend.config import Settings
from tests.unit.helpers import PASSWORD

V1_DATABASE = Path(__file__).parents[2] / "fixtures" / "valvid-v1.db"
TABLES = [
    "users",
    "videos",
    "uploads",
    "signing_keys",
    "local_credentials",
    "confirmation_codes",
    "outbox",
    "login_failures",
    "processing_jobs",
]


def rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(path) as db:
        return {t: sorted(db.execute(f"SELECT * FROM {t}").fetchall(), key=repr) for t in TABLES}


def revision(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("SELECT version_num FROM alembic_version").fetchone()[0]


@pytest.fixture
def v1_data_dir(tmp_path) -> Path:
    shutil.copy(V1_DATABASE, tmp_path / "valvid.db")
    return tmp_path


def test_a_database_from_before_migrations_upgrades_to_head_without_losing_rows(v1_data_dir):
    database = v1_data_dir / "valvid.db"
    before = rows(database)
    assert all(before[t] for t in TABLES), "the fixture has a row in every table"

    svc = build_services(Settings(data_dir=v1_data_dir))
    listed = svc.catalog.browse()  # the first use opens the database, which upgrades it

    assert revision(database) == head_revision()
    after = rows(database)
    assert {t: len(after[t]) for t in TABLES} == {t: len(before[t]) for t in TABLES}
    # columns added later come last: every old column keeps its value
    assert [row[: len(before["videos"][0])] for row in after["videos"]] == before["videos"]
    with sqlite3.connect(database) as db:
        stored = dict(db.execute("SELECT username, storage_bytes FROM users").fetchall())
        (source_size,) = db.execute("SELECT SUM(source_size) FROM videos").fetchone()
    assert stored == {"ada": source_size, "Bob": 0} and source_size > 0
    session = svc.auth.log_in(email="ada@example.com", password=PASSWORD, client="t")
    assert [v.entry.video.title for v in listed.items] == ["Sunrise over the harbour"]
    hits = svc.catalog.browse(query="harbour")
    assert [v.entry.video.title for v in hits.items] == ["Sunrise over the harbour"]
    owner = svc.tokens.principal(session.token.token)
    assert len(svc.videos.list_mine(owner).items) == 2


def test_a_new_database_at_head_matches_the_models(tmp_path):
    """Adding a field to tables.py without a revision fails here."""
    engine = open_database(f"sqlite:///{tmp_path / 'new.db'}")
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_object": include_object, "compare_type": True}
        )
        assert compare_metadata(context, SQLModel.metadata) == []


def test_the_upgraded_fixture_matches_a_new_database(v1_data_dir, tmp_path):
    open_database(f"sqlite:///{v1_data_dir / 'valvid.db'}")
    open_database(f"sqlite:///{tmp_path / 'new.db'}")

    def schema(path: Path) -> list[tuple]:
        with sqlite3.connect(path) as db:
            return sorted(db.execute("SELECT type, name, tbl_name FROM sqlite_master").fetchall())

    assert schema(v1_data_dir / "valvid.db") == schema(tmp_path / "new.db")


def _open(url: str) -> str | None:
    engine = open_database(url)
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def test_processes_starting_together_migrate_once_and_all_start(tmp_path):
    url = f"sqlite:///{tmp_path / 'valvid.db'}"
    with ProcessPoolExecutor(4) as pool:
        revisions = list(pool.map(_open, [url] * 8))
    assert revisions == [head_revision()] * 8


def test_editing_a_video_field_that_is_not_searched_leaves_its_search_row_alone(v1_data_dir):
    database = v1_data_dir / "valvid.db"
    open_database(f"sqlite:///{database}")
    indexed_title = "SELECT title FROM video_search WHERE rowid = ?"
    with sqlite3.connect(database) as db:
        (rowid,) = db.execute("SELECT rowid FROM videos WHERE status = 'READY'").fetchone()
        db.execute("UPDATE video_search SET title = 'sentinel' WHERE rowid = ?", (rowid,))
        db.execute("UPDATE videos SET progress = 99 WHERE rowid = ?", (rowid,))
        untouched = db.execute(indexed_title, (rowid,)).fetchone()
        db.execute("UPDATE videos SET title = 'Dawn at the harbour' WHERE rowid = ?", (rowid,))
        reindexed = db.execute(indexed_title, (rowid,)).fetchone()
    assert untouched == ("sentinel",)
    assert reindexed == ("Dawn at the harbour",)


def valvid_db(data_dir: Path, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "backend.entrypoints.cli", "db", *args],
        env={"VALVID_DATA_DIR": str(data_dir), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def test_valvid_db_shows_upgrades_and_lists_revisions(v1_data_dir):
    assert "at revision 0001; head is" in valvid_db(v1_data_dir, "current")
    assert f"at revision {head_revision()} (was 0001)" in valvid_db(v1_data_dir, "upgrade")
    assert "up to date" in valvid_db(v1_data_dir, "current")
    history = valvid_db(v1_data_dir, "history").splitlines()
    assert history[0].startswith(head_revision() or "?") and history[-1].startswith("0001")


def test_a_new_revision_is_written_from_the_models(tmp_path, monkeypatch):
    """`valvid db revision`: with the models at head, the next revision changes nothing."""
    from backend.adapters.local import schema_migrations

    copy = tmp_path / "migrations"
    shutil.copytree(schema_migrations.MIGRATIONS, copy)
    monkeypatch.setattr(schema_migrations, "MIGRATIONS", copy)
    head = int(head_revision() or 0)
    path = schema_migrations.new_revision("nothing new")
    assert path.parent == copy / "versions" and path.name.startswith(f"{head + 1:04d}_nothing")
    text = path.read_text()
    assert f"down_revision: str | None = '{head:04d}'" in text
    upgrade = text.split("def upgrade() -> None:", 1)[1].split("def downgrade")[0]
    assert [line.strip() for line in upgrade.splitlines() if line.strip() and "#" not in line] == [
        "pass"
    ]


def test_every_revision_goes_back_down_to_an_empty_database(tmp_path):
    from backend.adapters.local.schema_migrations import SqliteSchema

    schema = SqliteSchema(f"sqlite:///{tmp_path / 'valvid.db'}")
    schema.upgrade()
    schema.downgrade("base")
    with sqlite3.connect(tmp_path / "valvid.db") as db:
        left = {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
    assert {n for n in left if "alembic_version" not in n} == set()
    schema.upgrade()  # and up again
    assert schema.current() == head_revision()
