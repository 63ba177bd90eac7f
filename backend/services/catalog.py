"""What viewers see: published videos, newest first or by search, with signed posters."""

from dataclasses import dataclass

from backend.domain.errors import InvalidInput, NotFound
from backend.domain.models import CatalogEntry, Creator, Page
from backend.domain.statuses import AccountStatus
from backend.ports.catalog import Catalog
from backend.ports.user_repository import UserRepository
from backend.services.playback import PlaybackService

MAX_PAGE = 60
MAX_QUERY = 200
SORTS = ("newest", "oldest")  # of the listing; a search ranks by best match
ARTWORK = {
    "poster": lambda video: video.poster_key,
    "thumbnail": lambda video: video.thumbnail_key or video.poster_key,
}


@dataclass(frozen=True, slots=True)
class PublicVideo:
    entry: CatalogEntry
    poster_url: str | None
    thumbnail_url: str | None


@dataclass(frozen=True, slots=True)
class Channel:
    creator: Creator
    videos: Page[PublicVideo]


class CatalogService:
    def __init__(
        self, *, catalog: Catalog, users: UserRepository, playback: PlaybackService, app_url: str
    ) -> None:
        self._catalog = catalog
        self._users = users
        self._playback = playback
        self._app_url = app_url.rstrip("/")

    def browse(
        self, *, query: str = "", cursor: str | None = None, limit: int = 24, sort: str = "newest"
    ) -> Page[PublicVideo]:
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be 1-{MAX_PAGE}.")
        if len(query) > MAX_QUERY:
            raise InvalidInput(f"Search at most {MAX_QUERY} characters.")
        if sort not in SORTS:
            raise InvalidInput(f"sort must be one of: {', '.join(SORTS)}.")
        if query.strip():
            page = self._catalog.search(query, limit=limit, cursor=cursor)
        elif sort == "oldest":
            page = self._catalog.oldest(limit=limit, cursor=cursor)
        else:
            page = self._catalog.newest(limit=limit, cursor=cursor)
        return Page(items=[self._public(e) for e in page.items], next_cursor=page.next_cursor)

    def channel(self, username: str, *, cursor: str | None = None, limit: int = 24) -> Channel:
        """A creator's page: who they are and their published videos, newest first."""
        if not 1 <= limit <= MAX_PAGE:
            raise InvalidInput(f"limit must be 1-{MAX_PAGE}.")
        user = self._users.get_by_username(username.strip()) if username.strip() else None
        if user is None or user.account_status is not AccountStatus.ACTIVE:
            raise NotFound("No creator has this name.")
        page = self._catalog.by_creator(user.user_id, limit=limit, cursor=cursor)
        return Channel(
            creator=Creator(user.user_id, user.username, user.signup_date),
            videos=Page([self._public(e) for e in page.items], page.next_cursor),
        )

    def get(self, video_id: str) -> PublicVideo:
        entry = self._catalog.get(video_id)
        if entry is None:
            raise NotFound("Video not found.")
        return self._public(entry)

    def artwork_url(self, video_id: str, kind: str) -> str:
        """A signed URL of a published video's poster or thumbnail (the image route redirects)."""
        entry = self._catalog.get(video_id)
        key = ARTWORK[kind](entry.video) if entry is not None and kind in ARTWORK else None
        if entry is None or not key:
            raise NotFound("Image not found.")
        url = self._playback.poster_url(entry.video, key)
        assert url is not None
        return url

    def _public(self, entry: CatalogEntry) -> PublicVideo:
        # Stable, unsigned image URLs: listings sign nothing; the image route signs on demand.
        base = f"{self._app_url}/api/viewers/videos/{entry.video.video_id}"
        has_art = bool(entry.video.poster_key)
        return PublicVideo(
            entry=entry,
            poster_url=f"{base}/poster.jpg" if has_art else None,
            thumbnail_url=f"{base}/thumbnail.jpg" if has_art else None,
        )
