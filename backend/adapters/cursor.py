"""Opaque page cursors: callers hand back what they were given, nothing else decodes them."""

import base64
import binascii
import json
from datetime import UTC, datetime

from backend.domain.errors import InvalidCursor

MAX_OFFSET_DIGITS = 18  # any offset the database can take; beyond the results is an empty page
MAX_ID_CHARS = 200  # ids we hand out are far shorter


def encode_cursor(position: dict) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *fields: str) -> dict:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeError, RecursionError) as e:
        raise InvalidCursor() from e
    if not isinstance(position, dict) or any(not isinstance(position.get(f), str) for f in fields):
        raise InvalidCursor()
    return position


def decode_keyset(cursor: str) -> tuple[datetime, str]:
    """The (instant, id) position of a newest-first keyset cursor."""
    position = decode_cursor(cursor, "t", "id")
    if len(position["id"]) > MAX_ID_CHARS:
        raise InvalidCursor()
    try:
        instant = datetime.fromisoformat(position["t"])
        if instant.tzinfo is None:  # every cursor we hand out is in UTC
            raise InvalidCursor()
        return instant.astimezone(UTC), position["id"]
    except (ValueError, OverflowError) as e:  # not a time; out of range once in UTC
        raise InvalidCursor() from e


def encode_keyset(instant: datetime, item_id: str) -> str:
    return encode_cursor({"t": instant.isoformat(), "id": item_id})


def decode_offset(cursor: str) -> int:
    value = decode_cursor(cursor, "o")["o"]
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_OFFSET_DIGITS:
        raise InvalidCursor()
    return int(value)


def encode_offset(offset: int) -> str:
    return encode_cursor({"o": str(offset)})
