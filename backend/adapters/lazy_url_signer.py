"""A URL signer whose key is loaded on first use, so a process starts (and reports itself not
ready) while its signing key is still missing, instead of failing to start at all."""

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime

from backend.adapters.cloudfront_signer import CloudFrontUrlSigner
from backend.domain.errors import ConfigError, Unavailable

log = logging.getLogger(__name__)
NOT_READY = "Playback is not available yet: the media signing key is missing. Try again soon."


class LazyUrlSigner:
    def __init__(self, load: Callable[[], CloudFrontUrlSigner]) -> None:
        self._load = load
        self._signer: CloudFrontUrlSigner | None = None
        self._lock = threading.Lock()

    def problem(self) -> str | None:
        """Why signing cannot work now, or None once the key is loaded."""
        try:
            self._loaded()
        except Unavailable as e:
            return str(e.__cause__ or e.message)
        return None

    def sign(self, resource: str, expires_at: datetime) -> str:
        return self._loaded().sign(resource, expires_at)

    def verify(self, url: str, params: Mapping[str, str], now: datetime) -> bool:
        return self._loaded().verify(url, params, now)

    def _loaded(self) -> CloudFrontUrlSigner:
        with self._lock:
            if self._signer is None:
                try:
                    self._signer = self._load()
                except ConfigError as e:  # not cached: the key may be put there any moment
                    log.error("media signing key not loaded: %s", e)
                    raise Unavailable(NOT_READY, retry_after_s=30) from e
            return self._signer
