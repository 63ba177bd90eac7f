"""What admins do: answer creator requests, manage accounts, take videos down, resolve
reports. Every action is written to the audit log; anyone who is not an admin gets NotFound."""

import logging
from dataclasses import dataclass

from backend.domain.errors import Conflict, InvalidInput, NotFound
from backend.domain.ids import new_id
from backend.domain.jobs import JobState
from backend.domain.models import Principal, User, Video
from backend.domain.moderation import AuditEntry, CreatorRequest, Report, RequestStatus
from backend.domain.statuses import AccountStatus, Role, VideoStatus, Visibility
from backend.ports.audit_log import AuditLog
from backend.ports.clock import Clock
from backend.ports.creator_request_repository import CreatorRequestRepository
from backend.ports.job_history import JobHistory
from backend.ports.notifier import AccountNotifier
from backend.ports.report_repository import ReportRepository
from backend.ports.user_repository import UserRepository
from backend.ports.video_repository import VideoRepository
from backend.services import validation
from backend.services.roles import require_admin

log = logging.getLogger(__name__)
MAX_REASON, MAX_LIST = 500, 200
CLI = Principal(user_id="cli", username="command line", role=Role.ADMIN)
INVITED = "Sign up with this email address: your account will be able to publish at once."


def invitation_key(email: str) -> str:
    """Invitations are kept as approved creator requests of an address without an account."""
    return f"invite:{email}"


@dataclass(frozen=True, slots=True)
class PendingRequest:
    request: CreatorRequest
    user: User


class AdminService:
    def __init__(
        self,
        *,
        users: UserRepository,
        videos: VideoRepository,
        requests: CreatorRequestRepository,
        reports: ReportRepository,
        audit: AuditLog,
        notifier: AccountNotifier,
        clock: Clock,
        job_log: JobHistory | None = None,
    ) -> None:
        self._job_log = job_log
        self._users = users
        self._videos = videos
        self._requests = requests
        self._reports = reports
        self._audit = audit
        self._notifier = notifier
        self._clock = clock

    # creator requests
    def pending_requests(self, principal: Principal, *, limit: int = 50) -> list[PendingRequest]:
        require_admin(principal)
        found = []
        for request in self._requests.pending(limit=_limit(limit)):
            user = self._users.get(request.user_id)
            if user is not None:
                found.append(PendingRequest(request=request, user=user))
        return found

    def decide_request(
        self, principal: Principal, user_id: str, *, approve: bool, reason: str = ""
    ) -> User:
        """Approve (the account becomes a creator) or decline (a reason is required); the
        applicant is mailed the answer."""
        require_admin(principal)
        reason = _reason(reason, required=not approve)
        user = self._user(user_id)
        status = RequestStatus.APPROVED if approve else RequestStatus.DECLINED
        at = self._clock.now()
        if not self._requests.decide(
            user_id, status=status, by=principal.user_id, at=at, reason=reason
        ):
            raise Conflict("This request has already been answered.", code="request_answered")
        if approve and user.role is Role.VIEWER:
            self._users.update(user_id, role=Role.CREATOR)
            user.role = Role.CREATOR
        self._record(principal, "request.approve" if approve else "request.decline", user, reason)
        self._notifier.creator_decision(email=user.email, approved=approve, reason=reason)
        return user

    # accounts
    def find_users(self, principal: Principal, text: str = "", *, limit: int = 50) -> list[User]:
        require_admin(principal)
        return self._users.search((text or "").strip(), limit=_limit(limit))

    def set_role(self, principal: Principal, user_id: str, role: Role, *, reason: str = "") -> User:
        """Make an account a viewer, creator or admin; it takes effect on its next request."""
        require_admin(principal)
        user = self._other_user(principal, user_id)
        if not self._users.update(user_id, role=role):
            raise NotFound("No such account.")
        user.role = role
        self._record(principal, f"user.role.{role.value.lower()}", user, _reason(reason))
        return user

    def set_suspended(
        self, principal: Principal, user_id: str, *, suspended: bool, reason: str = ""
    ) -> User:
        """Suspend (every token it holds stops working at once) or reactivate an account."""
        require_admin(principal)
        reason = _reason(reason, required=suspended)
        user = self._other_user(principal, user_id)
        if user.account_status is AccountStatus.PENDING_CONFIRMATION:
            raise Conflict("This account has not confirmed its email yet.", code="unconfirmed")
        now = self._clock.now()
        status = AccountStatus.SUSPENDED if suspended else AccountStatus.ACTIVE
        # tokens from before a suspension stay dead after reactivation: log in again
        if not self._users.update(user_id, account_status=status, tokens_valid_after=now):
            raise NotFound("No such account.")
        user.account_status, user.tokens_valid_after = status, now
        self._record(principal, "user.suspend" if suspended else "user.reactivate", user, reason)
        return user

    # videos
    def find_videos(self, principal: Principal, text: str = "", *, limit: int = 50) -> list[Video]:
        require_admin(principal)
        return self._videos.search_all((text or "").strip(), limit=_limit(limit))

    def take_down(self, principal: Principal, video_id: str, *, reason: str) -> Video:
        """Hide a video everywhere: out of every listing, no playback, no publishing."""
        require_admin(principal)
        reason = _reason(reason, required=True)
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
        self._record(principal, "video.take_down", video, reason)
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
        self._record(principal, "video.restore", video, _reason(reason))
        return video

    # reports
    def open_reports(self, principal: Principal, *, limit: int = 50) -> list[Report]:
        require_admin(principal)
        return self._reports.open(limit=_limit(limit))

    def resolve_report(self, principal: Principal, report_id: str, *, resolution: str) -> Report:
        require_admin(principal)
        resolution = _reason(resolution, required=True, field="resolution")
        report = self._reports.get(report_id)
        if report is None:
            raise NotFound("No such report.")
        at = self._clock.now()
        if not self._reports.resolve(report_id, resolution=resolution, by=principal.user_id, at=at):
            raise Conflict("This report has already been resolved.", code="report_resolved")
        self._record(principal, "report.resolve", report, resolution)
        return self._reports.get(report_id) or report

    def job_problems(self, principal: Principal, *, limit: int = 50) -> list[JobState]:
        """Local jobs that failed or are being retried, with their operator-side cause
        (aws mode has none here: MediaConvert's message is the video's failure reason)."""
        require_admin(principal)
        if self._job_log is None:
            return []
        failed = self._job_log.recent(_limit(limit), "FAILED")
        retrying = [s for s in self._job_log.recent(_limit(limit), "QUEUED") if s.job.attempts]
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
        self._record(principal, "job.retry", video, state.cause or "")

    def audit_log(self, principal: Principal, *, limit: int = 100) -> list[AuditEntry]:
        require_admin(principal)
        return self._audit.recent(limit=_limit(limit))

    def invite(self, principal: Principal, email: str) -> User | None:
        """Let email publish: an account with it becomes a creator now; otherwise it will be
        one when it signs up. The address is mailed either way."""
        require_admin(principal)
        email = validation.normalise_email(email)
        user = self._users.get_by_email(email)
        if user is None:
            at = self._clock.now()
            self._requests.save(CreatorRequest(user_id=invitation_key(email), note="invited",
                                               requested_at=at))  # fmt: skip
            self._requests.decide(invitation_key(email), status=RequestStatus.APPROVED,
                                  by=principal.user_id, at=at, reason="")  # fmt: skip
            self._record(principal, "user.invite", email, "")
            self._notifier.creator_decision(email=email, approved=True, reason=INVITED)
            return None
        if user.role is Role.VIEWER:
            self._users.update(user.user_id, role=Role.CREATOR)
            user.role = Role.CREATOR
        self._record(principal, "user.invite", user, "")
        self._notifier.creator_decision(email=email, approved=True, reason="")
        return user

    def is_invited(self, email: str) -> bool:
        """Whether an admin invited this address to publish before it had an account."""
        invitation = self._requests.get(invitation_key(email.lower()))
        return invitation is not None and invitation.status is RequestStatus.APPROVED

    # the command line (the first admin comes from there)
    def grant_by_email(self, email: str, role: Role) -> User:
        user = self._users.get_by_email(validation.normalise_email(email))
        if user is None:
            raise NotFound(f"No account with email {email}.")
        if role is Role.CREATOR and user.role is Role.ADMIN:
            return user  # an admin already publishes
        if role is Role.CREATOR:
            at = self._clock.now()
            self._requests.decide(
                user.user_id, status=RequestStatus.APPROVED, by=CLI.user_id, at=at, reason=""
            )
        return self.set_role(CLI, user.user_id, role)

    def _record(
        self, principal: Principal, action: str, target: User | Video | Report | str, reason: str
    ) -> None:
        if isinstance(target, str):
            target_id = target
        elif isinstance(target, User):
            target_id = f"{target.user_id} ({target.email})"
        elif isinstance(target, Video):
            target_id = target.video_id
        else:
            target_id = f"{target.report_id} (video {target.video_id})"
        entry = AuditEntry(
            entry_id=new_id("aud"),
            at=self._clock.now(),
            actor_id=principal.user_id,
            actor=principal.username,
            action=action,
            target=target_id,
            reason=reason,
        )
        self._audit.append(entry)
        log.info("admin %s: %s %s", principal.user_id, action, entry.target)

    def _user(self, user_id: str) -> User:
        user = self._users.get(user_id)
        if user is None:
            raise NotFound("No such account.")
        return user

    def _other_user(self, principal: Principal, user_id: str) -> User:
        if user_id == principal.user_id:
            raise Conflict("Admins cannot change their own account here.", code="own_account")
        return self._user(user_id)

    def _video(self, video_id: str) -> Video:
        video = self._videos.get(video_id)
        if video is None:
            raise NotFound("Video not found.")
        return video


def _reason(text: str, *, required: bool = False, field: str = "reason") -> str:
    return validation.check_text(text, field=field, max_chars=MAX_REASON, required=required)


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIST:
        raise InvalidInput(f"limit must be 1-{MAX_LIST}.")
    return limit
