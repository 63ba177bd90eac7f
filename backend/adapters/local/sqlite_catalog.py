"""The public catalog in SQLite: a partial index for newest-first, FTS5 for search."""

import re
from typing import Any

from sqlalchemy import and_, literal_column, or_, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.cursor import decode_keyset, decode_offset, encode_keyset, encode_offset
from backend.adapters.local.search_schema import PUBLIC
from backend.adapters.local.sqlite_video_repository import to_video
from backend.adapters.local.tables import UserRow, VideoRow
from backend.domain.models import CatalogEntry, Page

WORD = re.compile(r"\w+", re.UNICODE)
MAX_TERMS = 10
# bm25 weights of the FTS columns: title, description, tags, creator
RANK = "bm25(video_search, 10.0, 2.0, 5.0, 10.0)"


class SqliteCatalog:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def newest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        return self._newest_first(self._entries(), limit=limit, cursor=cursor)

    def oldest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        return self._newest_first(self._entries(), limit=limit, cursor=cursor, oldest=True)

    def by_creator(self, user_id: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        mine = self._entries().where(col(VideoRow.owner_id) == user_id)
        return self._newest_first(mine, limit=limit, cursor=cursor)

    def _newest_first(self, entries: Any, *, limit: int, cursor: str | None, oldest: bool = False,
                      ) -> Page[CatalogEntry]:  # fmt: skip
        published_at, video_id = col(VideoRow.published_at), col(VideoRow.video_id)
        if oldest:
            query = entries.order_by(published_at.asc(), video_id.asc())
        else:
            query = entries.order_by(published_at.desc(), video_id.desc())
        if cursor:
            published, after_id = decode_keyset(cursor)
            if oldest:
                after = or_(published_at > published,
                            and_(published_at == published, video_id > after_id))  # fmt: skip
            else:
                after = or_(published_at < published,
                            and_(published_at == published, video_id < after_id))  # fmt: skip
            query = query.where(after)
        with Session(self._engine) as session:
            rows = session.exec(query.limit(limit + 1)).all()
        entries = [CatalogEntry(video=to_video(v), creator=name) for v, name in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = entries[-1].video
            assert last.published_at is not None
            next_cursor = encode_keyset(last.published_at, last.video_id)
        return Page(items=entries, next_cursor=next_cursor)

    def search(self, query: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        terms = WORD.findall(query.lower())[:MAX_TERMS]
        if not terms:
            return self.newest(limit=limit, cursor=cursor)
        offset = decode_offset(cursor) if cursor else 0
        match = " ".join(f'"{term}"*' for term in terms)
        with Session(self._engine) as session:
            rowids = [
                r[0]
                for r in session.execute(
                    text(
                        f"SELECT rowid FROM video_search WHERE video_search MATCH :match "
                        f"ORDER BY {RANK} LIMIT :limit OFFSET :offset"
                    ),
                    {"match": match, "limit": limit + 1, "offset": offset},
                )
            ]
            rowid: Any = literal_column("videos.rowid")
            found = session.exec(self._entries().add_columns(rowid).where(rowid.in_(rowids))).all()
        by_rowid = {r: CatalogEntry(video=to_video(v), creator=name) for v, name, r in found}
        entries = [by_rowid[r] for r in rowids[:limit] if r in by_rowid]
        more = len(rowids) > limit
        return Page(items=entries, next_cursor=encode_offset(offset + limit) if more else None)

    def get(self, video_id: str) -> CatalogEntry | None:
        with Session(self._engine) as session:
            row = session.exec(self._entries().where(col(VideoRow.video_id) == video_id)).first()
        return CatalogEntry(video=to_video(row[0]), creator=row[1]) if row else None

    @staticmethod
    def _entries():  # type: ignore[no-untyped-def]
        return (
            select(VideoRow, UserRow.username)
            .join(UserRow, col(UserRow.user_id) == col(VideoRow.owner_id))
            .where(
                text(
                    PUBLIC.replace("visibility", "videos.visibility").replace(
                        "status", "videos.status"
                    )
                )
            )
        )
