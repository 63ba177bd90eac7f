"""A creator's published videos, newest first, come from their own partial index (channels).

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX ix_videos_public_by_owner "
        "ON videos (owner_id, published_at DESC, video_id DESC) "
        "WHERE visibility = 'PUBLIC' AND status = 'READY'"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_videos_public_by_owner")
