from typing import Protocol

from backend.domain.media import SourceInfo


class MediaProber(Protocol):
    def probe(self, key: str) -> SourceInfo:
        """What the stored source is; MediaRejected (with a creator-facing reason) if no video."""
        ...
