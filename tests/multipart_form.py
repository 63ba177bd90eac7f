"""Builds an S3-style POST form body as a stream, so tests can send any size in constant memory."""

import secrets
from collections.abc import Iterator

CHUNK = 1024 * 1024


def form_stream(
    fields: dict[str, str], file_size: int, *, filename: str = "clip.mp4", sent: list | None = None
) -> tuple[str, Iterator[bytes], int]:
    """(content type, body chunks, body length); `sent` collects how many file bytes went out."""
    boundary = "valvid" + secrets.token_hex(8)
    head = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    block = bytes(range(256)) * (CHUNK // 256)

    def chunks() -> Iterator[bytes]:
        yield head
        remaining = file_size
        while remaining > 0:
            piece = block[: min(CHUNK, remaining)]
            remaining -= len(piece)
            if sent is not None:
                sent.append(len(piece))
            yield piece
        yield tail

    return f"multipart/form-data; boundary={boundary}", chunks(), len(head) + file_size + len(tail)
