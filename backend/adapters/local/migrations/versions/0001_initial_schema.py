"""The schema of every database made before migrations existed (Valvid 0.1).

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PUBLIC = "visibility = 'PUBLIC' AND status = 'READY'"
NEW_PUBLIC = "new.visibility = 'PUBLIC' AND new.status = 'READY'"
SEARCH = [
    f"CREATE INDEX ix_videos_public_newest ON videos (published_at DESC, video_id DESC) "
    f"WHERE {PUBLIC}",
    "CREATE VIRTUAL TABLE video_search USING fts5("
    "title, description, tags, tokenize = 'unicode61 remove_diacritics 2')",
    f"""CREATE TRIGGER videos_search_insert AFTER INSERT ON videos WHEN {NEW_PUBLIC} BEGIN
          INSERT INTO video_search (rowid, title, description, tags)
          VALUES (new.rowid, new.title, new.description, new.tags);
        END""",
    f"""CREATE TRIGGER videos_search_update AFTER UPDATE ON videos BEGIN
          DELETE FROM video_search WHERE rowid = old.rowid;
          INSERT INTO video_search (rowid, title, description, tags)
          SELECT new.rowid, new.title, new.description, new.tags WHERE {NEW_PUBLIC};
        END""",
    """CREATE TRIGGER videos_search_delete AFTER DELETE ON videos BEGIN
          DELETE FROM video_search WHERE rowid = old.rowid;
        END""",
]


def _text(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(), nullable=nullable)


def _instant(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "users",
        _text("user_id"),
        _text("email"),
        _text("username"),
        _text("username_key"),
        _instant("signup_date"),
        _text("account_status"),
        _instant("last_login", True),
        _instant("tokens_valid_after", True),
        sa.PrimaryKeyConstraint("user_id"),
        sa.UniqueConstraint("username_key"),
    )
    op.create_index("ix_users_email", "users", ["email"], unique=True)
    op.create_table(
        "videos",
        _text("video_id"),
        _text("owner_id"),
        _text("title"),
        _text("description"),
        sa.Column("tags", sa.JSON(), nullable=False),
        _text("status"),
        _text("visibility"),
        _instant("published_at", True),
        _instant("created_at"),
        _instant("updated_at"),
        _text("failure_reason", True),
        sa.Column("progress", sa.Integer(), nullable=False),
        sa.Column("duration_s", sa.Float(), nullable=True),
        sa.Column("width", sa.Integer(), nullable=True),
        sa.Column("height", sa.Integer(), nullable=True),
        sa.Column("renditions", sa.JSON(), nullable=False),
        _text("poster_key", True),
        _text("thumbnail_key", True),
        _text("manifest_key", True),
        _text("source_key", True),
        sa.Column("source_size", sa.Integer(), nullable=True),
        _text("current_upload_id", True),
        _text("job_id", True),
        sa.PrimaryKeyConstraint("video_id"),
    )
    op.create_index("ix_videos_owner_newest", "videos", ["owner_id", "created_at", "video_id"])
    op.create_table(
        "uploads",
        _text("upload_id"),
        _text("video_id"),
        _text("owner_id"),
        _text("key"),
        _instant("expires_at"),
        sa.Column("max_bytes", sa.Integer(), nullable=False),
        _instant("created_at"),
        _text("status"),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("upload_id"),
    )
    op.create_index("ix_uploads_video_id", "uploads", ["video_id"])
    op.create_table(
        "signing_keys",
        _text("kid"),
        sa.Column("secret", sa.LargeBinary(), nullable=False),
        _instant("created_at"),
        _instant("not_after", True),
        sa.PrimaryKeyConstraint("kid"),
    )
    op.create_table(
        "local_credentials",
        _text("email"),
        _text("user_id"),
        _text("password_hash"),
        sa.PrimaryKeyConstraint("email"),
    )
    op.create_table(
        "confirmation_codes",
        _text("email"),
        _text("code_hash"),
        _instant("expires_at"),
        sa.Column("attempts_left", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("email"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("email"),
        _text("subject"),
        _text("code"),
        _instant("created_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_outbox_email", "outbox", ["email"])
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        _text("key"),
        _instant("at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_login_failures_key", "login_failures", ["key"])
    op.create_table(
        "processing_jobs",
        _text("job_id"),
        _text("video_id"),
        _text("upload_id"),
        _text("status"),
        sa.Column("attempts", sa.Integer(), nullable=False),
        _text("claimed_by", True),
        _instant("heartbeat_at", True),
        _instant("created_at"),
        _text("error", True),
        sa.PrimaryKeyConstraint("job_id"),
        sa.UniqueConstraint("upload_id"),
    )
    op.create_index("ix_processing_jobs_status", "processing_jobs", ["status"])
    op.create_index("ix_processing_jobs_video_id", "processing_jobs", ["video_id"])
    for statement in SEARCH:
        op.execute(statement)


def downgrade() -> None:
    """Back to an empty database (every row is lost)."""
    for trigger in ("videos_search_insert", "videos_search_update", "videos_search_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.execute("DROP TABLE IF EXISTS video_search")
    op.execute("DROP INDEX IF EXISTS ix_videos_public_newest")
    for table in ("processing_jobs", "login_failures", "outbox", "confirmation_codes",
                  "local_credentials", "signing_keys", "uploads", "videos", "users"):  # fmt: skip
        op.drop_table(table)
