"""Storage keys: one place decides where a video's objects live."""


def upload_key(video_id: str, upload_id: str) -> str:
    return f"uploads/{video_id}/{upload_id}"


def parse_upload_key(key: str) -> tuple[str, str] | None:
    parts = key.split("/")
    if len(parts) != 3 or parts[0] != "uploads" or not parts[1] or not parts[2]:
        return None
    return parts[1], parts[2]


def video_prefixes(video_id: str) -> tuple[str, str]:
    """Every prefix under which a video has objects: its sources and its outputs."""
    return f"uploads/{video_id}/", media_prefix(video_id)


def media_prefix(video_id: str) -> str:
    """Where a video's current renditions, playlists and posters live."""
    return f"media/{video_id}/"
