"""What admins do about content: take videos down and restore them, resolve viewer reports,
retry failed processing jobs. Every action is audited; anyone who is not an admin gets NotFound."""

from backend.domain.errors import Conflict, NotFound
from backend.domain.jobs import JobState
from backend.domain.models import Principal, Video
from backend.domain.moderation import Report
from backend.domain.statuses import VideoStatus, Visibility
from backend.ports.clock import Clock
from backend.ports.job_history import JobHistory
from backend.ports.report_repository import ReportRepository
from backend.ports.video_repository import VideoRepository
from backend.services.audit_trail import MAX_LIST, AuditTrail, checked_limit, reason_text
from backend.services.roles import require_admin


class ModerationService:
    def __init__(
        self,
        *,
        videos: VideoRepository,
        reports: ReportRepository,
        trail: AuditTrail,
        clock: Clock,
        job_log: JobHistory | None = None,
    ) -> None:
        self._videos = videos
        self._reports = reports
        self._trail = trail
        self._clock = clock
        self._job_log = job_log

    def find_videos(self, principal: Principal, text: str = "", *, limit: int = 50) -> list[Video]:
        require_admin(principal)
        return self._videos.search_all((text or "").strip(), limit=checked_limit(limit))

    def take_down(self, principal: Principal, video_id: str, *, reason: str) -> Video:
        """Hide a video everywhere: out of every listing, no playback, no publishing."""
        require_admin(principal)
        reason = reason_text(reason, required=True)
        video = self._video(video_id)
        changes = {
            "takedown_reason": reason,
            "visibility": Visibility.PRIVATE,
            "published_at": None,
            "updated_at": self._clock.now(),
        }
        if not self._videos.update(video_id, **changes):  # type: ignore[arg-type]
            raise NotFound("Video not found.")
        video.takedown_reason, video.visibility, video.published_at = (
            reason,
            Visibility.PRIVATE,
            None,
        )
        self._trail.record(principal, "video.take_down", video, reason)
        return video

    def restore(self, principal: Principal, video_id: str, *, reason: str = "") -> Video:
        """Lift a take-down; the video stays private until its creator publishes it again."""
        require_admin(principal)
        video = self._video(video_id)
        if not video.takedown_reason:
            raise Conflict("This video is not taken down.", code="not_taken_down")
        if not self._videos.update(video_id, takedown_reason=None, updated_at=self._clock.now()):
            raise NotFound("Video not found.")
        video.takedown_reason = None
        self._trail.record(principal, "video.restore", video, reason_text(reason))
        return video

    # reports
    def open_reports(self, principal: Principal, *, limit: int = 50) -> list[Report]:
        require_admin(principal)
        return self._reports.open(limit=checked_limit(limit))

    def resolve_report(self, principal: Principal, report_id: str, *, resolution: str) -> Report:
        require_admin(principal)
        resolution = reason_text(resolution, required=True, field="resolution")
        report = self._reports.get(report_id)
        if report is None:
            raise NotFound("No such report.")
        at = self._clock.now()
        if not self._reports.resolve(report_id, resolution=resolution, by=principal.user_id, at=at):
            raise Conflict("This report has already been resolved.", code="report_resolved")
        self._trail.record(principal, "report.resolve", report, resolution)
        return self._reports.get(report_id) or report

    def job_problems(self, principal: Principal, *, limit: int = 50) -> list[JobState]:
        """Local jobs that failed or are being retried, with their operator-side cause
        (aws mode has none here: MediaConvert's message is the video's failure reason)."""
        require_admin(principal)
        if self._job_log is None:
            return []
        failed = self._job_log.recent(checked_limit(limit), "FAILED")
        retrying = [
            s for s in self._job_log.recent(checked_limit(limit), "QUEUED") if s.job.attempts
        ]
        return sorted(failed + retrying, key=lambda s: s.created_at, reverse=True)[:limit]

    def retry_job(self, principal: Principal, job_id: str) -> None:
        """Process a failed local job's upload again: its video goes back to UPLOADED."""
        require_admin(principal)
        failed = self._job_log.recent(MAX_LIST, "FAILED") if self._job_log else []
        state = next((s for s in failed if s.job.job_id == job_id), None)
        if state is None:
            raise NotFound("No failed job with this id.")
        job, at = state.job, self._clock.now()
        video = self._videos.get(job.video_id)
        if video is None or not self._videos.update(
            job.video_id,
            expected_status=VideoStatus.FAILED,
            expected_upload_id=job.upload_id,
            status=VideoStatus.UPLOADED,
            failure_reason=None,
            updated_at=at,
        ):
            raise Conflict("Its video has a newer file or is no longer failed.", code="stale_job")
        assert self._job_log is not None
        if not self._job_log.requeue_failed(job_id):  # retried meanwhile: leave the video as was
            back = {"status": VideoStatus.FAILED, "failure_reason": video.failure_reason}
            self._videos.update(job.video_id, expected_status=VideoStatus.UPLOADED, **back)  # type: ignore[arg-type]
            raise Conflict("This job is no longer failed.", code="stale_job")
        self._trail.record(principal, "job.retry", video, state.cause or "")

    def _video(self, video_id: str) -> Video:
        video = self._videos.get(video_id)
        if video is None:
            raise NotFound("Video not found.")
        return video
