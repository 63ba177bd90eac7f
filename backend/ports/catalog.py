from typing import Protocol

from backend.domain.models import CatalogEntry, Page


class Catalog(Protocol):
    """Published (PUBLIC and READY) videos, for viewers."""

    def newest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        """Newest published first; the cursor keeps pages free of gaps and repeats."""
        ...

    def oldest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        """Oldest published first, paged like newest()."""
        ...

    def search(self, query: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        """Best matches of every word (as a prefix) in title, description and tags."""
        ...

    def get(self, video_id: str) -> CatalogEntry | None: ...

    def by_creator(self, user_id: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        """One creator's published videos, newest published first, like newest()."""
        ...
