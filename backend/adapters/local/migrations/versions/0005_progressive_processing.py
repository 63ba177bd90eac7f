"""Progressive processing: PLAYABLE videos (first rungs made, the rest on the way) are watchable,
so the public listing, its indexes and the search triggers take PLAYABLE and READY; a video
records the rungs its job plans, so creators see "n of m" and which qualities are missing.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

READY_ONLY = "status = 'READY'"
WATCHABLE = "status IN ('PLAYABLE', 'READY')"
INTERRUPTED = "Processing was interrupted by a downgrade; please upload the file again."


def _listing(status: str) -> list[str]:
    public = f"visibility = 'PUBLIC' AND {status}"
    new_public = f"new.visibility = 'PUBLIC' AND new.{status}"
    return [
        "DROP INDEX ix_videos_public_newest",
        "DROP INDEX ix_videos_public_by_owner",
        "DROP TRIGGER videos_search_insert",
        "DROP TRIGGER videos_search_update",
        "CREATE INDEX ix_videos_public_newest ON videos (published_at DESC, video_id DESC) "
        f"WHERE {public}",
        "CREATE INDEX ix_videos_public_by_owner "
        f"ON videos (owner_id, published_at DESC, video_id DESC) WHERE {public}",
        f"""CREATE TRIGGER videos_search_insert AFTER INSERT ON videos WHEN {new_public} BEGIN
          INSERT INTO video_search (rowid, title, description, tags)
          VALUES (new.rowid, new.title, new.description, new.tags);
        END""",
        f"""CREATE TRIGGER videos_search_update
          AFTER UPDATE OF title, description, tags, visibility, status ON videos BEGIN
          DELETE FROM video_search WHERE rowid = old.rowid;
          INSERT INTO video_search (rowid, title, description, tags)
          SELECT new.rowid, new.title, new.description, new.tags WHERE {new_public};
        END""",
    ]


def upgrade() -> None:
    op.add_column(
        "videos",
        sa.Column("planned_renditions", sa.JSON(), server_default="[]", nullable=False),
    )
    for statement in _listing(WATCHABLE):
        op.execute(statement)


def downgrade() -> None:
    op.execute(
        "UPDATE videos SET status = 'FAILED', visibility = 'PRIVATE', published_at = NULL, "
        f"failure_reason = '{INTERRUPTED}' WHERE status = 'PLAYABLE'"
    )
    for statement in _listing(READY_ONLY):
        op.execute(statement)
    op.drop_column("videos", "planned_renditions")
