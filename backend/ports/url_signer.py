from collections.abc import Mapping
from datetime import datetime
from typing import Protocol


class UrlSigner(Protocol):
    """CloudFront-format signed URLs (custom policy): made for viewers, checked by media routes."""

    def sign(self, resource: str, expires_at: datetime) -> str:
        """The query string (Policy, Signature, Key-Pair-Id) granting resource (may end in *)."""
        ...

    def verify(self, url: str, params: Mapping[str, str], now: datetime) -> bool:
        """Whether params validly grant url (no query) at now."""
        ...
