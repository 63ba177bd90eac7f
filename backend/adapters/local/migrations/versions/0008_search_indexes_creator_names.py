"""Searching a creator's name finds their videos: the search index gets a `creator` column.

FTS5 tables cannot gain a column, so `video_search` is made anew and refilled from the public
videos; its triggers copy the owner's username with every row they write.

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# watchable: PLAYABLE (first rungs made, revision 0005) or READY
PUBLIC = "videos.visibility = 'PUBLIC' AND videos.status IN ('PLAYABLE', 'READY')"
NEW_PUBLIC = "new.visibility = 'PUBLIC' AND new.status IN ('PLAYABLE', 'READY')"
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"
TRIGGERS = ("videos_search_insert", "videos_search_update", "videos_search_delete")
SEARCHED = "title, description, tags, visibility, status"


def _schema(columns: list[str], fill: str, new_row: str) -> list[str]:
    names = ", ".join(columns)
    return [
        f"CREATE VIRTUAL TABLE video_search USING fts5({names}, {TOKENIZE})",
        f"INSERT INTO video_search (rowid, {names}) {fill}",
        f"""CREATE TRIGGER videos_search_insert AFTER INSERT ON videos WHEN {NEW_PUBLIC} BEGIN
              INSERT INTO video_search (rowid, {names}) {new_row};
            END""",
        f"""CREATE TRIGGER videos_search_update AFTER UPDATE OF {SEARCHED} ON videos BEGIN
              DELETE FROM video_search WHERE rowid = old.rowid;
              INSERT INTO video_search (rowid, {names}) {new_row} WHERE {NEW_PUBLIC};
            END""",
        """CREATE TRIGGER videos_search_delete AFTER DELETE ON videos BEGIN
              DELETE FROM video_search WHERE rowid = old.rowid;
            END""",
    ]


def _drop() -> None:
    for trigger in TRIGGERS:
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE video_search")


def upgrade() -> None:
    _drop()
    for statement in _schema(
        ["title", "description", "tags", "creator"],
        fill="SELECT videos.rowid, videos.title, videos.description, videos.tags, users.username "
        f"FROM videos LEFT JOIN users ON users.user_id = videos.owner_id WHERE {PUBLIC}",
        new_row="SELECT new.rowid, new.title, new.description, new.tags, "
        "(SELECT username FROM users WHERE user_id = new.owner_id)",
    ):
        op.execute(statement)


def downgrade() -> None:
    _drop()
    for statement in _schema(
        ["title", "description", "tags"],
        fill=f"SELECT rowid, title, description, tags FROM videos WHERE {PUBLIC}",
        new_row="SELECT new.rowid, new.title, new.description, new.tags",
    ):
        op.execute(statement)
