"""Probes a source in the local object store."""

from backend.adapters.local.filesystem_object_store import FilesystemObjectStore
from backend.adapters.media_probe import EMPTY, LOCAL_PROTOCOLS, probe_media
from backend.domain.media import MediaRejected, SourceInfo

HEAD_BYTES = 16


class PyAvProber:
    def __init__(self, store: FilesystemObjectStore) -> None:
        self._store = store

    def probe(self, key: str) -> SourceInfo:
        path = self._store.path_for(key)
        if not path.is_file():
            raise MediaRejected(EMPTY)
        with open(path, "rb") as f:
            head = f.read(HEAD_BYTES)
        return probe_media(
            str(path), size=path.stat().st_size, head=head, protocols=LOCAL_PROTOCOLS
        )
