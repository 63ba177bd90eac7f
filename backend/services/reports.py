"""Viewers report a video they can see; admins resolve reports (AdminService)."""

from backend.domain.errors import InvalidInput, NotFound
from backend.domain.ids import new_id
from backend.domain.models import Principal
from backend.domain.moderation import REPORT_REASONS, Report
from backend.ports.clock import Clock
from backend.ports.report_repository import ReportRepository
from backend.ports.video_repository import VideoRepository
from backend.services import validation
from backend.services.throttle import AttemptThrottle

MAX_NOTE = 1000


class ReportService:
    def __init__(
        self,
        *,
        reports: ReportRepository,
        videos: VideoRepository,
        throttle: AttemptThrottle,
        clock: Clock,
    ) -> None:
        self._reports = reports
        self._videos = videos
        self._throttle = throttle
        self._clock = clock

    def report(self, principal: Principal, video_id: str, *, reason: str, note: str) -> Report:
        """File a report on a video the caller can watch; a few per hour per account."""
        if reason not in REPORT_REASONS:
            raise InvalidInput(
                "Choose a reason: " + ", ".join(REPORT_REASONS) + ".", code="invalid_reason"
            )
        note = validation.check_text(note, field="note", max_chars=MAX_NOTE)
        video = self._videos.get(video_id)
        if video is None or not (video.is_public or video.owner_id == principal.user_id):
            raise NotFound("Video not found.")
        self._throttle.reserve(f"report:{principal.user_id}")
        report = Report(
            report_id=new_id("rep"),
            video_id=video_id,
            reporter_id=principal.user_id,
            reason=reason,
            note=note,
            created_at=self._clock.now(),
        )
        self._reports.add(report)
        return report
