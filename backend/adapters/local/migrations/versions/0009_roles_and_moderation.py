"""Roles on users, take-downs on videos, creator requests, reports and the audit log.

Existing accounts stay creators (what every confirmed account was before roles). The audit log
is append-only: triggers refuse any UPDATE or DELETE of its rows.

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None
TEXT = sa.String()


def upgrade() -> None:
    # plain ADD/DROP COLUMN: a batch copy of videos would lose its search triggers
    op.add_column("users", sa.Column("role", TEXT, server_default="CREATOR", nullable=False))
    op.add_column("videos", sa.Column("takedown_reason", TEXT, nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("entry_id", TEXT, primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor_id", TEXT, nullable=False),
        sa.Column("actor", TEXT, nullable=False),
        sa.Column("action", TEXT, nullable=False),
        sa.Column("target", TEXT, nullable=False),
        sa.Column("reason", TEXT, nullable=False),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_log_no_{verb.lower()} BEFORE {verb} ON audit_log "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    op.create_table(
        "creator_requests",
        sa.Column("user_id", TEXT, primary_key=True),
        sa.Column("note", TEXT, nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", TEXT, nullable=True),
        sa.Column("reason", TEXT, nullable=True),
    )
    op.create_index("ix_creator_requests_status", "creator_requests", ["status"])
    op.create_table(
        "reports",
        sa.Column("report_id", TEXT, primary_key=True),
        sa.Column("video_id", TEXT, nullable=False),
        sa.Column("reporter_id", TEXT, nullable=False),
        sa.Column("reason", TEXT, nullable=False),
        sa.Column("note", TEXT, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", TEXT, nullable=False),
        sa.Column("resolution", TEXT, nullable=True),
        sa.Column("resolved_by", TEXT, nullable=True),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_reports_video_id", "reports", ["video_id"])
    op.create_index("ix_reports_status", "reports", ["status"])


def downgrade() -> None:
    op.drop_table("reports")
    op.drop_table("creator_requests")
    op.drop_table("audit_log")
    op.execute("ALTER TABLE videos DROP COLUMN takedown_reason")
    op.execute("ALTER TABLE users DROP COLUMN role")
