"""The public catalog over the in-memory repositories (the catalog contract checks it)."""

import copy
import re

from backend.adapters.cursor import decode_keyset, decode_offset, encode_keyset, encode_offset
from backend.domain.models import CatalogEntry, Page, Video
from tests.fakes.repositories import InMemoryUserRepository, InMemoryVideoRepository

WORD = re.compile(r"\w+", re.UNICODE)
# as the SQLite catalog ranks
WEIGHTS = (("title", 10.0), ("creator", 10.0), ("tags", 5.0), ("description", 2.0))


class InMemoryCatalog:
    def __init__(self, *, users: InMemoryUserRepository, videos: InMemoryVideoRepository) -> None:
        self._users = users
        self._videos = videos

    def newest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        return self._newest_first(self._public(), limit=limit, cursor=cursor)

    def oldest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        return self._newest_first(self._public(), limit=limit, cursor=cursor, oldest=True)

    def _newest_first(self, videos: list[Video], *, limit: int, cursor: str | None,
                      oldest: bool = False) -> Page[CatalogEntry]:  # fmt: skip
        listed = sorted(videos, key=_position, reverse=not oldest)
        if cursor:
            after = decode_keyset(cursor)
            past = [v for v in listed if _position(v) != after]
            listed = [v for v in past if (_position(v) > after) == oldest]
        entries = [self._entry(v) for v in listed[:limit]]
        more = len(listed) > limit
        last = entries[-1].video if entries else None
        next_cursor = encode_keyset(*_position(last)) if more and last else None
        return Page(items=entries, next_cursor=next_cursor)

    def by_creator(self, user_id: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        return self._newest_first(
            [v for v in self._public() if v.owner_id == user_id], limit=limit, cursor=cursor
        )

    def search(self, query: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        terms = WORD.findall(query.lower())[:10]
        if not terms:
            return self.newest(limit=limit, cursor=cursor)
        scored = [(_score(v, self._entry(v).creator, terms), v) for v in self._public()]
        hits = [v for score, v in sorted(scored, key=lambda s: -s[0]) if score > 0]
        offset = decode_offset(cursor) if cursor else 0
        page = hits[offset : offset + limit]
        more = len(hits) > offset + limit
        return Page(
            items=[self._entry(v) for v in page],
            next_cursor=encode_offset(offset + limit) if more else None,
        )

    def get(self, video_id: str) -> CatalogEntry | None:
        found = [v for v in self._public() if v.video_id == video_id]
        return self._entry(found[0]) if found else None

    def _public(self) -> list[Video]:
        return [v for v in self._videos.videos.values() if v.is_public]

    def _entry(self, video: Video) -> CatalogEntry:
        owner = self._users.users[video.owner_id]
        return CatalogEntry(video=copy.deepcopy(video), creator=owner.username)


def _position(video: Video) -> tuple:
    return (video.published_at, video.video_id)


def _score(video: Video, creator: str, terms: list[str]) -> float:
    """Every term must prefix a word somewhere; the fields it is found in weigh the match."""
    text = {"title": video.title, "creator": creator, "tags": " ".join(video.tags),
            "description": video.description}  # fmt: skip
    words = {name: WORD.findall(text[name].lower()) for name, _ in WEIGHTS}
    total = 0.0
    for term in terms:
        found = [w for name, w in WEIGHTS if any(x.startswith(term) for x in words[name])]
        if not found:
            return 0.0
        total += sum(found)
    return total
