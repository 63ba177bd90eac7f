"""A write that waited out the busy timeout is a retryable Unavailable, not a server error."""

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine, ExceptionContext

from backend.domain.errors import Unavailable

RETRY_AFTER_S = 2
LOCKED = ("database is locked", "database table is locked")


def is_locked(error: BaseException | None) -> bool:
    return isinstance(error, sqlite3.OperationalError) and str(error) in LOCKED


def report_locked_as_unavailable(engine: Engine) -> Engine:
    @event.listens_for(engine, "handle_error")
    def _locked(context: ExceptionContext) -> None:
        if is_locked(context.original_exception):
            raise Unavailable(
                "The database is busy; please try again shortly.", retry_after_s=RETRY_AFTER_S
            ) from context.original_exception

    return engine
