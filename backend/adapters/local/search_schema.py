"""The public catalog's index and full-text search, kept in step with the videos table by triggers.

Only PUBLIC and READY videos are in `video_search` (FTS5, rowid = the video row's rowid), so a
search never sees drafts, and the partial index serves the newest-first listing.
"""

from sqlalchemy import text
from sqlalchemy.engine import Engine

PUBLIC = "visibility = 'PUBLIC' AND status = 'READY'"
STATEMENTS = [
    f"""CREATE INDEX IF NOT EXISTS ix_videos_public_newest
        ON videos (published_at DESC, video_id DESC) WHERE {PUBLIC}""",
    """CREATE VIRTUAL TABLE IF NOT EXISTS video_search USING fts5(
        title, description, tags, tokenize = 'unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS videos_search_insert AFTER INSERT ON videos
        WHEN new.{PUBLIC.replace(" AND ", " AND new.")} BEGIN
          INSERT INTO video_search (rowid, title, description, tags)
          VALUES (new.rowid, new.title, new.description, new.tags);
        END""",
    f"""CREATE TRIGGER IF NOT EXISTS videos_search_update AFTER UPDATE ON videos BEGIN
          DELETE FROM video_search WHERE rowid = old.rowid;
          INSERT INTO video_search (rowid, title, description, tags)
          SELECT new.rowid, new.title, new.description, new.tags
          WHERE new.{PUBLIC.replace(" AND ", " AND new.")};
        END""",
    """CREATE TRIGGER IF NOT EXISTS videos_search_delete AFTER DELETE ON videos BEGIN
          DELETE FROM video_search WHERE rowid = old.rowid;
        END""",
]


def install_search(engine: Engine) -> None:
    with engine.begin() as connection:
        for statement in STATEMENTS:
            connection.execute(text(statement))
