"""A write that waited out the busy timeout is a retryable Unavailable, not a server error."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext

from backend.domain.errors import Unavailable

RETRY_AFTER_S = 2
BUSY_OR_LOCKED = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


def is_locked(error: BaseException | None) -> bool:
    """SQLITE_BUSY or SQLITE_LOCKED, also in their extended forms (such as BUSY_SNAPSHOT)."""
    if not isinstance(error, sqlite3.OperationalError):
        return False
    return getattr(error, "sqlite_errorcode", 0) & 0xFF in BUSY_OR_LOCKED


def report_locked_as_unavailable(engine: Engine) -> Engine:
    @event.listens_for(engine, "handle_error")
    def _locked(context: ExceptionContext) -> None:
        if is_locked(context.original_exception):
            raise Unavailable(
                "The database is busy; please try again shortly.", retry_after_s=RETRY_AFTER_S
            ) from context.original_exception

    return engine
