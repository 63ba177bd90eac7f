from typing import Protocol


class ObjectReader(Protocol):
    def read_bytes(self, key: str) -> bytes | None:
        """A small stored object (a playlist), or None when there is none."""
        ...
