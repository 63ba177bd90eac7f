"""Fakes of the identity provider, object store and job queue, with inspection helpers."""

import hmac
from datetime import datetime

from backend.domain.errors import InvalidInput
from backend.domain.models import UploadTicket


class FakeIdentity:
    def __init__(self) -> None:
        self.passwords: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.reset_codes: dict[str, str] = {}
        self.sent: list[tuple[str, str]] = []
        self._counter = 0

    def register(self, *, user_id: str, email: str, username: str, password: str) -> None:
        self.passwords[email] = password
        self.resend_code(email=email)

    def confirm(self, *, email: str, code: str) -> None:
        if self.codes.get(email) != code:
            raise InvalidInput("The confirmation code is wrong or has expired.", code="bad_code")
        del self.codes[email]

    def resend_code(self, *, email: str) -> None:
        self._counter += 1
        code = f"{100000 + self._counter}"
        self.codes[email] = code
        self.sent.append((email, code))

    def check_password(self, *, email: str, password: str) -> bool:
        return hmac.compare_digest(self.passwords.get(email, "\0"), password)

    def spend_password_work(self, *, password: str) -> None:
        self.password_work = getattr(self, "password_work", 0) + 1

    def send_reset_code(self, *, email: str) -> None:
        self._counter += 1
        self.reset_codes[email] = f"{200000 + self._counter}"
        self.sent.append((email, self.reset_codes[email]))

    def reset_password(self, *, email: str, code: str, password: str) -> None:
        if self.reset_codes.get(email) != code:
            raise InvalidInput("The reset code is wrong or has expired.", code="bad_code")
        del self.reset_codes[email]
        self.passwords[email] = password

    def set_password(self, *, email: str, password: str) -> None:
        self.passwords[email] = password

    def forget(self, *, email: str) -> None:
        self.passwords.pop(email, None)

    def last_code(self, email: str) -> str:
        return [c for e, c in self.sent if e == email][-1]


class FakeObjectStore:
    def __init__(self) -> None:
        self.objects: dict[str, int] = {}
        self.tickets: list[dict] = []

    def presign_upload(
        self, *, key: str, upload_id: str, content_type: str, max_bytes: int, expires_at: datetime
    ) -> UploadTicket:
        self.tickets.append({"key": key, "content_type": content_type, "max_bytes": max_bytes})
        fields = {
            "key": key,
            "Content-Type": content_type,
            "policy": "fake",
            "x-amz-signature": "f",
        }
        return UploadTicket(
            url="http://storage.test/raw",
            fields=fields,
            upload_id=upload_id,
            expires_at=expires_at,
            max_bytes=max_bytes,
        )

    def size_of(self, key: str) -> int | None:
        return self.objects.get(key)

    def delete_prefix(self, prefix: str) -> int:
        doomed = [k for k in self.objects if k.startswith(prefix)]
        for key in doomed:
            del self.objects[key]
        return len(doomed)


class FakeJobQueue:
    def __init__(self) -> None:
        self.jobs: dict[str, dict] = {}  # in the order they were queued

    def enqueue(self, *, video_id: str, upload_id: str) -> str:
        for job_id, job in self.jobs.items():
            if job["upload_id"] == upload_id:
                return job_id
        job_id = f"job_{len(self.jobs) + 1}"
        self.jobs[job_id] = {"video_id": video_id, "upload_id": upload_id, "status": "QUEUED"}
        return job_id

    def cancel_for_video(self, video_id: str) -> int:
        hit = [
            j for j in self.jobs.values() if j["video_id"] == video_id and j["status"] == "QUEUED"
        ]
        for job in hit:
            job["status"] = "CANCELED"
        return len(hit)

    def position(self, video_id: str) -> int | None:
        queued = [j["video_id"] for j in self.jobs.values() if j["status"] == "QUEUED"]
        return queued.index(video_id) if video_id in queued else None

    def start(self, upload_id: str) -> None:
        """A worker takes the upload's job (the contract tests' stand-in for claim/submit)."""
        for job in self.jobs.values():
            if job["upload_id"] == upload_id and job["status"] == "QUEUED":
                job["status"] = "RUNNING"

    def submitted_jobs(self) -> list[dict]:
        return list(self.jobs.values())


class FakeNotifier:
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    def account_exists(self, *, email: str) -> None:
        self.sent.append((email, "account_exists"))

    def creator_decision(self, *, email: str, approved: bool, reason: str) -> None:
        self.sent.append((email, "creator_approved" if approved else "creator_declined"))
