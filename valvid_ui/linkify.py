"""Plain text cut into pieces, where web addresses become links (http and https only)."""

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

ADDRESS = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
TRAILING = ".,;:!?)]}'\""  # punctuation that ends a sentence rather than the address


@dataclass
class Piece:
    text: str
    href: str = ""  # empty: plain text


def pieces(text: str) -> list[Piece]:
    found: list[Piece] = []
    at = 0
    for match in ADDRESS.finditer(text):
        address = match.group(0).rstrip(TRAILING)
        if not urlsplit(address).hostname:
            continue
        if match.start() > at:
            found.append(Piece(text[at : match.start()]))
        found.append(Piece(address, address))
        at = match.start() + len(address)
    if at < len(text):
        found.append(Piece(text[at:]))
    return found
