"""Users count the bytes of their stored sources (for the storage quota).

Existing users start with the sum of their videos' current sources, as the counter would be.

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.add_column(
            sa.Column("storage_bytes", sa.Integer(), server_default="0", nullable=False)
        )
    op.execute(
        "UPDATE users SET storage_bytes = (SELECT COALESCE(SUM(source_size), 0) FROM videos "
        "WHERE videos.owner_id = users.user_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch_op:
        batch_op.drop_column("storage_bytes")
