from dataclasses import asdict, fields
from typing import Any, Unpack

from sqlalchemy import and_, func, or_, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from backend.adapters.cursor import decode_keyset, encode_keyset
from backend.adapters.local.database import utc
from backend.adapters.local.tables import VideoRow
from backend.domain.models import Page, Rendition, Video
from backend.domain.statuses import VideoStatus, Visibility
from backend.ports.video_repository import VideoChanges, check_publishing

TIME_FIELDS = ("created_at", "updated_at", "published_at")


class SqliteVideoRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, video: Video) -> None:
        with Session(self._engine) as session:
            session.add(VideoRow(**_columns(video)))
            session.commit()

    def get(self, video_id: str) -> Video | None:
        with Session(self._engine) as session:
            row = session.get(VideoRow, video_id)
            return to_video(row) if row else None

    def update(
        self,
        video_id: str,
        *,
        expected_status: VideoStatus | None = None,
        expected_upload_id: str | None = None,
        expected_visibility: Visibility | None = None,
        **changes: Unpack[VideoChanges],
    ) -> bool:
        check_publishing(changes, expected_status)
        condition = col(VideoRow.video_id) == video_id
        if expected_status is not None:
            condition &= col(VideoRow.status) == expected_status.value
        if expected_upload_id is not None:
            condition &= col(VideoRow.current_upload_id) == expected_upload_id
        if expected_visibility is not None:
            condition &= col(VideoRow.visibility) == expected_visibility.value
        if changes.get("visibility") is Visibility.PUBLIC:  # a taken-down video stays hidden
            condition &= col(VideoRow.takedown_reason).is_(None)
        values = _encoded(dict(changes))
        with Session(self._engine) as session:
            result = session.exec(update(VideoRow).where(condition).values(**values))  # type: ignore[call-overload]
            session.commit()
            return result.rowcount == 1

    def delete(self, video_id: str) -> bool:
        with Session(self._engine) as session:
            row = session.get(VideoRow, video_id)
            if row is None:
                return False
            session.delete(row)
            session.commit()
            return True

    def search_all(self, text: str, *, limit: int) -> list[Video]:
        query = select(VideoRow)
        if text:
            escaped = text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            pattern = f"%{escaped}%"
            query = query.where(
                or_(
                    func.lower(VideoRow.title).like(pattern, escape="\\"),
                    func.lower(VideoRow.video_id).like(pattern, escape="\\"),
                    func.lower(VideoRow.owner_id).like(pattern, escape="\\"),
                )
            )
        query = query.order_by(col(VideoRow.created_at).desc(), col(VideoRow.video_id).desc())
        with Session(self._engine) as session:
            return [to_video(r) for r in session.exec(query.limit(limit)).all()]

    def list_by_owner(self, owner_id: str, *, limit: int, cursor: str | None) -> Page[Video]:
        query = select(VideoRow).where(VideoRow.owner_id == owner_id)
        if cursor:
            created, video_id = decode_keyset(cursor)
            query = query.where(
                or_(
                    col(VideoRow.created_at) < created,
                    and_(col(VideoRow.created_at) == created, col(VideoRow.video_id) < video_id),
                )
            )
        query = query.order_by(col(VideoRow.created_at).desc(), col(VideoRow.video_id).desc())
        with Session(self._engine) as session:
            rows = session.exec(query.limit(limit + 1)).all()
        videos = [to_video(r) for r in rows[:limit]]
        more = len(rows) > limit
        next_cursor = encode_keyset(videos[-1].created_at, videos[-1].video_id) if more else None
        return Page(items=videos, next_cursor=next_cursor)


def _columns(video: Video) -> dict:
    return _encoded({f.name: getattr(video, f.name) for f in fields(Video)})


def _encoded(values: dict[str, Any]) -> dict[str, Any]:
    """Domain values as column values (enums by value, JSON columns as plain lists)."""
    for name in ("status", "visibility"):
        if name in values:
            values[name] = values[name].value
    if "renditions" in values:
        values["renditions"] = [asdict(r) for r in values["renditions"]]
    if "tags" in values:
        values["tags"] = list(values["tags"])
    if "planned_renditions" in values:
        values["planned_renditions"] = list(values["planned_renditions"])
    return values


def to_video(row: VideoRow) -> Video:
    values = {f.name: getattr(row, f.name) for f in fields(Video)}
    values["status"] = VideoStatus(row.status)
    values["visibility"] = Visibility(row.visibility)
    values["renditions"] = [Rendition(**r) for r in row.renditions]
    values["tags"] = list(row.tags)
    values["planned_renditions"] = list(row.planned_renditions or [])
    for name in TIME_FIELDS:
        values[name] = utc(values[name])
    return Video(**values)
