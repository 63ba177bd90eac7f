"""Schema migrations of local mode (Alembic revisions in migrations/versions/).

Every process that opens the database upgrades it to head first. The upgrade runs in one
`BEGIN IMMEDIATE` transaction, so when `valvid run` and `valvid worker` start together one
migrates and the other waits, then finds the database at head; a failed revision leaves the
schema as it was.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).parent / "migrations"
BASELINE = "0001"  # the schema of every database made before migrations existed
UNMANAGED_TABLE_PREFIX = "video_search"  # FTS5 and its shadow tables: made by revisions only
UNMANAGED_INDEXES = {"ix_videos_public_newest", "ix_videos_public_by_owner"}  # partial: revisions


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str | None:
    return _head_of(str(MIGRATIONS))


@cache
def _head_of(location: str) -> str | None:
    """Read once per process: every database the process opens compares itself with it."""
    return ScriptDirectory(location).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        if _unversioned(connection):
            return BASELINE
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> None:
    if revision == "head" and current_revision(engine) == head_revision():
        return
    with _exclusive_connection(engine) as connection, connection.begin():
        command.upgrade(alembic_config(connection), revision)


def new_revision(message: str) -> Path:
    """Write the next revision from what the models have and head does not (for developers)."""
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{folder}/head.db", poolclass=NullPool)
        upgrade(engine)
        number = f"{int(head_revision() or 0) + 1:04d}"
        with engine.connect() as connection:
            script = command.revision(
                alembic_config(connection), message=message, autogenerate=True, rev_id=number
            )
        engine.dispose()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)


def adopt_unversioned(connection: Connection) -> None:
    """A database made before migrations existed has the baseline schema: record that."""
    if _unversioned(connection):
        connection.execute(
            text(
                "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"
            )
        )
        connection.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": BASELINE})


def include_object(obj: Any, name: str | None, type_: str, *_: Any) -> bool:
    """What autogenerate compares with the models: not the search tables nor the partial index."""
    if type_ == "table" and (name or "").startswith(UNMANAGED_TABLE_PREFIX):
        return False
    return not (type_ == "index" and name in UNMANAGED_INDEXES)


def _unversioned(connection: Connection) -> bool:
    names = set(inspect(connection).get_table_names())
    return "users" in names and "alembic_version" not in names


@contextmanager
def _exclusive_connection(engine: Engine) -> Iterator[Connection]:
    """A connection whose transactions are BEGIN IMMEDIATE (sqlite3 would autocommit DDL)."""
    migrating = create_engine(engine.url, poolclass=NullPool, connect_args={"timeout": 60})

    @event.listens_for(migrating, "connect")
    def _manual_transactions(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None

    @event.listens_for(migrating, "begin")
    def _begin_immediate(connection):  # type: ignore[no-untyped-def]
        connection.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with migrating.connect() as connection:
            yield connection
    finally:
        migrating.dispose()


class SqliteSchema:
    """What `valvid db` shows and does: the database's revision, the upgrade, the revisions."""

    def __init__(self, url: str) -> None:
        self._engine = create_engine(url, poolclass=NullPool, connect_args={"timeout": 60})

    def current(self) -> str | None:
        return current_revision(self._engine)

    def head(self) -> str | None:
        return head_revision()

    def upgrade(self, revision: str = "head") -> None:
        upgrade(self._engine, revision)

    def new_revision(self, message: str) -> Path:
        return new_revision(message)

    def downgrade(self, revision: str) -> None:
        """Back to an older revision (what its downgrades remove is lost)."""
        with _exclusive_connection(self._engine) as connection, connection.begin():
            command.downgrade(alembic_config(connection), revision)

    def history(self) -> list[str]:
        """One line per revision, newest first: its id and the first line of its docstring."""
        scripts = ScriptDirectory.from_config(alembic_config()).walk_revisions()
        return [f"{s.revision}  {(s.doc or '').splitlines()[0]}" for s in scripts]
