from typing import Protocol

from backend.domain.models import Upload
from backend.domain.statuses import UploadStatus


class UploadRepository(Protocol):
    def add(self, upload: Upload) -> None: ...

    def get(self, upload_id: str) -> Upload | None: ...

    def set_status(
        self,
        upload_id: str,
        status: UploadStatus,
        *,
        expected: UploadStatus,
        size: int | None = None,
    ) -> bool:
        """Move an upload to status only if it is still in expected; False otherwise."""
        ...

    def delete_for_video(self, video_id: str) -> None: ...
