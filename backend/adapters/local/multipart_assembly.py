"""The parts of a local multipart upload. Each committed part is copied (in the kernel) into
the upload's one object file at its place, (number - 1) * part size, and recorded by an empty
file named after its number, ETag and size. Complete checks the named parts as S3 does; when
they are parts 1..n, all full but the last, the object file already is the object."""

import os
import re
from pathlib import Path

from backend.domain.errors import StorageRejected
from backend.domain.models import StoredPart

MIN_PART_BYTES = 5 * 1024**2  # S3's least size of every part but the last
COPY_SLICE = 1024**3
_RECORD = re.compile(r"^(\d{5})\.([0-9a-f]{32})\.(\d+)$")


def parts_in(folder: Path) -> dict[int, StoredPart]:
    found = {}
    for entry in os.scandir(folder):
        match = _RECORD.match(entry.name)
        if match:
            found[int(match[1])] = StoredPart(int(match[1]), match[2], int(match[3]))
    return found


def record_name(part: StoredPart) -> str:
    return f"{part.part_number:05d}.{part.etag}.{part.size}"


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


def in_place(chosen: list[StoredPart], part_size: int) -> bool:
    """Whether the object file holds exactly these parts from its start, back to back."""
    return [p.part_number for p in chosen] == list(range(1, len(chosen) + 1)) and all(
        p.size == part_size for p in chosen[:-1]
    )


def copy_range(src: int, dst: int, size: int, *, src_at: int, dst_at: int) -> None:
    """size bytes from src at src_at to dst at dst_at, in the kernel."""
    while size:
        copied = os.copy_file_range(
            src, dst, min(size, COPY_SLICE), offset_src=src_at, offset_dst=dst_at
        )
        if copied == 0:
            raise OSError("the source ended early")
        size, src_at, dst_at = size - copied, src_at + copied, dst_at + copied


def extract(src: int, dst: int, chosen: list[StoredPart], part_size: int) -> int:
    """The chosen parts out of the object file, back to back into dst; returns the size."""
    size = 0
    for part in chosen:
        at = (part.part_number - 1) * part_size
        copy_range(src, dst, part.size, src_at=at, dst_at=size)
        size += part.size
    return size
