"""The parts of a local multipart upload: one file per part, named after its number and
ETag; Complete checks the named parts as S3 does and concatenates them in the kernel."""

import os
import re
from pathlib import Path

from backend.domain.errors import StorageRejected
from backend.domain.models import StoredPart

MIN_PART_BYTES = 5 * 1024**2  # S3's least size of every part but the last
COPY_SLICE = 1024**3
_PART = re.compile(r"^(\d{5})\.([0-9a-f]{32})$")


def parts_in(folder: Path) -> dict[int, StoredPart]:
    found = {}
    for entry in os.scandir(folder):
        match = _PART.match(entry.name)
        if match:
            number = int(match[1])
            found[number] = StoredPart(number, match[2], entry.stat().st_size)
    return found


def chosen_parts(stored: dict[int, StoredPart], named: list[StoredPart]) -> list[StoredPart]:
    if not named:
        raise StorageRejected("Name at least one part.", code="MalformedXML")
    numbers = [p.part_number for p in named]
    if any(a >= b for a, b in zip(numbers, numbers[1:], strict=False)):
        raise StorageRejected(
            "The list of parts was not in ascending order.", code="InvalidPartOrder"
        )
    chosen = []
    for part in named:
        held = stored.get(part.part_number)
        if held is None or held.etag != part.etag.strip('"').lower():
            raise StorageRejected(
                f"Part {part.part_number} could not be found, or its ETag does not match.",
                code="InvalidPart",
            )
        chosen.append(held)
    if any(p.size < MIN_PART_BYTES for p in chosen[:-1]):
        raise StorageRejected(
            "Your proposed upload is smaller than the minimum allowed size.",
            code="EntityTooSmall",
        )
    return chosen


def concatenate(out_fd: int, paths: list[Path]) -> int:
    size = 0
    for path in paths:
        with open(path, "rb") as part:
            left = os.fstat(part.fileno()).st_size
            while left:
                copied = os.copy_file_range(part.fileno(), out_fd, min(left, COPY_SLICE))
                if copied == 0:
                    raise OSError(f"{path} ended early")
                left -= copied
                size += copied
    return size


def part_name(part: StoredPart) -> str:
    return f"{part.part_number:05d}.{part.etag}"
