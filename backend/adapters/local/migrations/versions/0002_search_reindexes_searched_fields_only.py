"""The search index is rebuilt for a video only when a searched field or its listing changes.

Before, every update of a video (progress, a counter, updated_at) deleted and re-inserted its
full-text row.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NEW_PUBLIC = "new.visibility = 'PUBLIC' AND new.status = 'READY'"


def _update_trigger(columns: str) -> str:
    return f"""CREATE TRIGGER videos_search_update AFTER UPDATE {columns} ON videos BEGIN
          DELETE FROM video_search WHERE rowid = old.rowid;
          INSERT INTO video_search (rowid, title, description, tags)
          SELECT new.rowid, new.title, new.description, new.tags WHERE {NEW_PUBLIC};
        END"""


def upgrade() -> None:
    op.execute("DROP TRIGGER videos_search_update")
    op.execute(_update_trigger("OF title, description, tags, visibility, status"))


def downgrade() -> None:
    op.execute("DROP TRIGGER videos_search_update")
    op.execute(_update_trigger(""))
