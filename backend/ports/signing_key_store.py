from datetime import datetime
from typing import Protocol

from backend.domain.models import SigningKey


class SigningKeyStore(Protocol):
    def add(self, key: SigningKey) -> None: ...

    def all(self) -> list[SigningKey]:
        """Every kept key, newest first."""
        ...

    def retire(self, kid: str, not_after: datetime) -> None:
        """Stop signing with a key; it verifies tokens until not_after."""
        ...

    def delete(self, kid: str) -> None: ...
