"""What viewers see: published videos, newest first or by search, with signed posters."""

from dataclasses import dataclass

from backend.domain import keys
from backend.domain.errors import InvalidInput, NotFound
from backend.domain.models import CatalogEntry, Page
from backend.ports.catalog import Catalog
from backend.services.playback import PlaybackService

MAX_PAGE = 60
MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class PublicVideo:
    entry: CatalogEntry
    poster_url: str | None
    thumbnail_url: str | None


class CatalogService:
    def __init__(self, *, catalog: Catalog, playback: PlaybackService) -> None:
        self._catalog = catalog
        self._playback = playback

    def browse(
        self, *, query: str = "", cursor: str | None = None, limit: int = 24
    ) -> Page[PublicVideo]:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be 1-{MAX_PAGE}.")
        if len(query) > MAX_QUERY:
            raise InvalidInput(f"Search at most {MAX_QUERY} characters.")
        if query.strip():
            page = self._catalog.search(query, limit=limit, cursor=cursor)
        else:
            page = self._catalog.newest(limit=limit, cursor=cursor)
        return Page(items=[self._public(e) for e in page.items], next_cursor=page.next_cursor)

    def get(self, video_id: str) -> PublicVideo:
        entry = self._catalog.get(video_id)
        if entry is None:
            raise NotFound("Video not found.")
        return self._public(entry)

    def _public(self, entry: CatalogEntry) -> PublicVideo:
        video = entry.video
        thumb = keys.thumbnail_key(video.video_id) if video.poster_key else None
        return PublicVideo(
            entry=entry,
            poster_url=self._playback.poster_url(video, video.poster_key),
            thumbnail_url=self._playback.poster_url(video, thumb),
        )
