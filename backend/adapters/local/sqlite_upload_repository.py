from sqlalchemy import delete, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from backend.adapters.local.database import utc
from backend.adapters.local.tables import UploadRow
from backend.domain.models import Upload
from backend.domain.statuses import UploadStatus


class SqliteUploadRepository:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def add(self, upload: Upload) -> None:
        with Session(self._engine) as session:
            session.add(
                UploadRow(
                    upload_id=upload.upload_id,
                    video_id=upload.video_id,
                    owner_id=upload.owner_id,
                    key=upload.key,
                    expires_at=upload.expires_at,
                    max_bytes=upload.max_bytes,
                    created_at=upload.created_at,
                    status=upload.status.value,
                    size=upload.size,
                    multipart_id=upload.multipart_id,
                )
            )
            session.commit()

    def get(self, upload_id: str) -> Upload | None:
        with Session(self._engine) as session:
            row = session.get(UploadRow, upload_id)
        if row is None:
            return None
        return Upload(
            upload_id=row.upload_id,
            video_id=row.video_id,
            owner_id=row.owner_id,
            key=row.key,
            expires_at=utc(row.expires_at),
            max_bytes=row.max_bytes,
            created_at=utc(row.created_at),
            status=UploadStatus(row.status),
            size=row.size,
            multipart_id=row.multipart_id,
        )

    def set_status(
        self,
        upload_id: str,
        status: UploadStatus,
        *,
        expected: UploadStatus,
        size: int | None = None,
    ) -> bool:
        values: dict = {"status": status.value}
        if size is not None:
            values["size"] = size
        statement = (
            update(UploadRow)
            .where(col(UploadRow.upload_id) == upload_id, col(UploadRow.status) == expected.value)
            .values(**values)
        )
        with Session(self._engine) as session:
            result = session.exec(statement)  # type: ignore[call-overload]
            session.commit()
            return result.rowcount == 1

    def delete_for_video(self, video_id: str) -> None:
        with Session(self._engine) as session:
            session.exec(delete(UploadRow).where(col(UploadRow.video_id) == video_id))  # type: ignore[call-overload]
            session.commit()
