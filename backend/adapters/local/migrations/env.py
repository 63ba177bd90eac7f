"""Alembic environment: always online, on the connection schema_migrations.py hands over."""

from alembic import context
from sqlmodel import SQLModel

from backend.adapters.local import tables  # noqa: F401  (registers the tables)
from backend.adapters.local.schema_migrations import adopt_unversioned, include_object

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=SQLModel.metadata,
    include_object=include_object,
    render_as_batch=True,  # SQLite alters most columns by copying the table
)
with context.begin_transaction():
    adopt_unversioned(connection)
    context.run_migrations()
