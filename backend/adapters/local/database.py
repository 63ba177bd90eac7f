"""The SQLite database of local mode: one file in the data directory, WAL, shared by the processes
of one host, upgraded to the newest schema revision when opened."""

import sqlite3
import time
from datetime import UTC, datetime
from typing import overload

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import create_engine

from backend.adapters.local.schema_migrations import upgrade


def open_database(url: str, *, busy_timeout_s: float = 30) -> Engine:
    connect_args = {"check_same_thread": False, "timeout": busy_timeout_s}
    engine = create_engine(url, connect_args=connect_args)

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        _use_wal(cursor, patience_s=busy_timeout_s)
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_s * 1000)}")
        cursor.close()

    upgrade(engine)
    return engine


def _use_wal(cursor: sqlite3.Cursor, *, patience_s: float) -> None:
    """Switch a new database to WAL. Processes opening it together race for the switch, and
    SQLite answers the losers "locked" at once, without its busy wait: so wait here."""
    deadline = time.monotonic() + patience_s
    while cursor.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


@overload
def utc(value: datetime) -> datetime: ...
@overload
def utc(value: None) -> None: ...
@overload
def utc(value: datetime | None) -> datetime | None: ...
def utc(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored one is UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)
