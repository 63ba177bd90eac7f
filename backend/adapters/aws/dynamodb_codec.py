"""Domain dataclasses to DynamoDB items and back (strings for instants, Decimals for numbers)."""

from dataclasses import asdict, fields
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from backend.adapters.aws.dynamodb_table import CopyOf
from backend.domain.models import Rendition, Video
from backend.domain.statuses import WATCHABLE_STATUSES, VideoStatus, Visibility

VIDEO_TIMES = ("created_at", "updated_at", "published_at")


def instant(value: datetime) -> str:
    """Sortable as text: always UTC, always microseconds."""
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def parse_instant(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def number(value: float | int | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def compact(item: dict[str, Any]) -> dict[str, Any]:
    """DynamoDB keeps no nulls (and GSI keys must be absent, not null)."""
    return {k: v for k, v in item.items() if v is not None and v != ""}


def video_item(video: Video) -> dict[str, Any]:
    item = video_attributes({f.name: getattr(video, f.name) for f in fields(Video)})
    item["created_sort"] = f"{item['created_at']}#{video.video_id}"
    if video.is_public and video.published_at:
        item |= _listed(item["published_at"], video.video_id, video.owner_id)
    return compact(item)


def video_attributes(values: dict[str, Any]) -> dict[str, Any]:
    """Video fields as attribute values; None (or "") means the attribute is absent."""
    item = dict(values)
    for name in ("status", "visibility"):
        if name in item:
            item[name] = item[name].value
    for name in VIDEO_TIMES:
        if name in item:
            item[name] = instant(item[name]) if item[name] else None
    if "duration_s" in item:
        item["duration_s"] = number(item["duration_s"])
    if "renditions" in item:
        item["renditions"] = [compact(asdict(r)) for r in item["renditions"]]
    return {k: None if v == "" else v for k, v in item.items()}


def listing_changes(video_id: str, changes: dict[str, Any]) -> dict[str, Any]:
    """The sparse public-index attributes an update of changes implies (None removes them).

    Only PUBLIC and watchable videos are listed; an update that makes a video PUBLIC carries
    published_at and is sure it is watchable (check_publishing), so no read is needed."""
    if changes.get("visibility") is Visibility.PUBLIC:  # check_publishing: it is watchable
        return _listed(instant(changes["published_at"]), video_id, CopyOf("owner_id"))
    if changes.get("visibility") is Visibility.PRIVATE or (
        "status" in changes and changes["status"] not in WATCHABLE_STATUSES
    ):
        return {"public_pk": None, "public_owner": None, "published_sort": None}
    return {}


def _listed(published_at: str, video_id: str, owner: str | CopyOf) -> dict[str, Any]:
    """The sparse index keys of a listed video: all of them (public_newest) and by owner."""
    sort = f"{published_at}#{video_id}"
    return {"public_pk": "PUBLIC", "public_owner": owner, "published_sort": sort}


def video_from_item(item: dict[str, Any]) -> Video:
    values: dict[str, Any] = {f.name: item.get(f.name) for f in fields(Video)}
    values["status"] = VideoStatus(item["status"])
    values["visibility"] = Visibility(item["visibility"])
    for name in VIDEO_TIMES:
        values[name] = parse_instant(item.get(name))
    for name in ("progress", "width", "height", "source_size"):
        if values[name] is not None:
            values[name] = int(values[name])
    values["progress"] = values["progress"] or 0
    values["description"] = values["description"] or ""
    values["tags"] = list(item.get("tags") or [])
    values["planned_renditions"] = list(item.get("planned_renditions") or [])
    values["duration_s"] = float(item["duration_s"]) if "duration_s" in item else None
    values["renditions"] = [
        Rendition(
            name=r["name"],
            width=int(r["width"]),
            height=int(r["height"]),
            video_kbps=int(r["video_kbps"]),
            audio_kbps=int(r["audio_kbps"]) if "audio_kbps" in r else None,
        )
        for r in item.get("renditions") or []
    ]
    return Video(**values)
