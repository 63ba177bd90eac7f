"""Storage keys: one place decides where a video's objects live."""

# The container a browser's type names. MediaConvert's input tables list containers by file
# extension, so sources keep one and no job depends on sniffing alone; unknown types get none.
EXTENSIONS = {
    "video/mp4": "mp4", "video/quicktime": "mov", "video/webm": "webm",
    "video/x-matroska": "mkv", "video/x-msvideo": "avi", "video/mpeg": "mpg", "video/mp2t": "ts",
    "video/3gpp": "3gp", "video/3gpp2": "3g2", "video/x-flv": "flv", "video/x-ms-wmv": "wmv",
    "video/ogg": "ogv", "video/x-m4v": "m4v", "video/mxf": "mxf",
}  # fmt: skip


def upload_key(video_id: str, upload_id: str, content_type: str = "") -> str:
    extension = EXTENSIONS.get(content_type.split(";", 1)[0].strip().lower())
    return f"uploads/{video_id}/{upload_id}" + (f".{extension}" if extension else "")


def parse_upload_key(key: str) -> tuple[str, str] | None:
    parts = key.split("/")
    if len(parts) != 3 or parts[0] != "uploads" or not parts[1] or not parts[2]:
        return None
    upload_id = parts[2].split(".", 1)[0]
    return (parts[1], upload_id) if upload_id else None


def video_prefixes(video_id: str) -> tuple[str, str]:
    """Every prefix under which a video has objects: its sources and its outputs."""
    return f"uploads/{video_id}/", media_prefix(video_id)


def media_prefix(video_id: str) -> str:
    """Where a video's renditions, playlists and posters live."""
    return f"media/{video_id}/"


def upload_outputs_prefix(video_id: str, upload_id: str) -> str:
    """The outputs of one upload of a video (aws mode): never shared with another upload."""
    return f"{media_prefix(video_id)}{upload_id}/"


def replaced_outputs(
    video_id: str, old_manifest_key: str | None, new_manifest_key: str
) -> list[str]:
    """Prefixes holding a replaced upload's outputs, once a new upload's outputs are live.
    Per-upload folders go whole; outputs written before per-upload folders sat beside each
    other under the media prefix, named after their upload (and one shared poster name)."""
    prefix = media_prefix(video_id)
    if not old_manifest_key or old_manifest_key == new_manifest_key:
        return []
    folder = old_manifest_key.rsplit("/", 1)[0] + "/"
    if folder != prefix and folder.startswith(prefix) and not new_manifest_key.startswith(folder):
        return [folder]
    stem = old_manifest_key.removeprefix(prefix).removesuffix(".m3u8")
    if folder == prefix and stem and "/" not in stem and stem != "master":
        return [f"{prefix}{stem}", f"{prefix}poster"]
    return []
