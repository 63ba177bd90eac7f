"""Opaque page cursors: callers hand back what they were given, nothing else decodes them."""

import base64
import binascii
import json

from backend.domain.errors import InvalidInput


def encode_cursor(position: dict) -> str:
    raw = json.dumps(position, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *fields: str) -> dict:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        position = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as e:
        raise InvalidInput("The page cursor is not valid.", code="invalid_cursor") from e
    if not isinstance(position, dict) or any(not isinstance(position.get(f), str) for f in fields):
        raise InvalidInput("The page cursor is not valid.", code="invalid_cursor")
    return position
