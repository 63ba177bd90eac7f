"""The platform every journey runs against, once per mode: `valvid run` in local mode, and
`valvid aws-local run` (aws mode against the emulated AWS on this machine)."""

import json
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from backend.bootstrap import Services, build_services
from backend.config import Settings
from backend.domain.models import Principal, UploadTicket
from backend.domain.statuses import Role, VideoStatus
from backend.emulated.mailbox import Mailbox
from tests.app_process import group_left, port_free, valvid, valvid_run
from tests.clips import make
from tests.unit.helpers import PASSWORD

MODES = ("local", "aws")


@dataclass
class Platform:
    mode: str
    url: str
    data_dir: Path  # local: the data directory; aws: the emulator's files
    svc: Services  # the same platform, for seeding and checking through services

    def code_for(self, email: str) -> str:
        """The newest confirmation code mailed to email (local outbox, or Cognito's mail)."""
        if self.mode == "aws":
            codes = [m.code for m in Mailbox(self.data_dir / "mail.jsonl").messages(email)]
            return codes[-1]
        out = valvid(self.data_dir, "outbox", "--email", email, "--last", "1")
        assert out.returncode == 0, out.stderr
        return out.stdout.strip().split()[-1]

    def newest_mail(self, email: str) -> str:
        """The newest message to email, as its reader sees it."""
        if self.mode == "aws":
            mail = Mailbox(self.data_dir / "mail.jsonl").messages(email)[-1]
            return f"{mail.subject}\n{mail.text}"
        return valvid(self.data_dir, "outbox", "--email", email, "--last", "1").stdout

    def creator(self, name: str) -> Principal:
        email = f"{name}@example.com"
        self.svc.auth.sign_up(email=email, username=name, password=PASSWORD)
        self.svc.auth.confirm(email=email, code=self.code_for(email))
        self.svc.admin.grant_by_email(email, Role.CREATOR)  # as an admin approves a request
        token = self.svc.auth.log_in(email=email, password=PASSWORD, client="t").token.token
        return self.svc.tokens.principal(token)

    def upload(self, owner: Principal, title: str, kind: str, folder: Path) -> str:
        """A new video whose file went up the way a browser sends it (presigned POST)."""
        video = self.svc.videos.create(owner, title=title)
        self.send(self.svc.uploads.request_ticket(owner, video.video_id), kind, folder)
        return video.video_id

    def send(self, ticket: UploadTicket, kind: str, folder: Path) -> None:
        """A `kind` clip sent to storage with the ticket, as a browser sends it."""
        with open(make(kind, folder / f"{ticket.upload_id}.mp4"), "rb") as f:
            sent = httpx.post(ticket.url, data=ticket.fields,
                              files={"file": ("clip.mp4", f, "video/mp4")}, timeout=60)  # fmt: skip
        assert sent.status_code in (201, 204), sent.text

    def multipart_uploads(self, video_id: str) -> list[str]:
        """Storage's unfinished multipart uploads of the video, as it keeps them."""
        if self.mode == "aws":
            listed = self._s3().list_multipart_uploads(
                Bucket=self.svc.settings.raw_bucket, Prefix=f"uploads/{video_id}/"
            )
            return [f"{u['Key']}|{u['UploadId']}" for u in listed.get("Uploads", [])]
        return [
            str(manifest.parent)
            for manifest in self.data_dir.rglob(".multipart/*/upload.json")
            if video_id in json.loads(manifest.read_text())["key"]
        ]

    def stored_parts(self, upload: str) -> dict[int, tuple[str, int]]:
        """part number -> (which stored copy, size): a part sent again is a new copy (a new
        file locally; S3 dates each copy, to the second)."""
        if self.mode == "aws":
            key, upload_id = upload.split("|")
            listed = self._s3().list_parts(
                Bucket=self.svc.settings.raw_bucket, Key=key, UploadId=upload_id
            )
            return {p["PartNumber"]: (f"{p['LastModified']} {p['ETag']}", p["Size"])
                    for p in listed.get("Parts", [])}  # fmt: skip
        # a record per stored part, named "<part>.<etag>.<size>" (multipart_assembly.py)
        records = [p for p in Path(upload).iterdir() if p.name[:5].isdigit()]
        return {int(p.name.split(".")[0]): (str(p.stat().st_ino), int(p.name.split(".")[2]))
                for p in records}  # fmt: skip

    def stored_objects(self, video_id: str) -> list[str]:
        """Every stored object or upload file of the video's sources."""
        if self.mode == "aws":
            listed = self._s3().list_objects_v2(
                Bucket=self.svc.settings.raw_bucket, Prefix=f"uploads/{video_id}/"
            )
            return [o["Key"] for o in listed.get("Contents", [])]
        return [str(p) for p in self.data_dir.rglob("*") if video_id in p.name]

    def _s3(self) -> Any:
        return self.svc.port("clients").client("s3")

    def ready_video(self, owner: Principal, title: str, kind: str, folder: Path) -> str:
        """A new video, uploaded and processed to READY (not published)."""
        video_id = self.upload(owner, title, kind, folder)
        deadline = time.monotonic() + 180
        while self.svc.videos.get(owner, video_id).status is not VideoStatus.READY:
            assert time.monotonic() < deadline, "the video did not become READY in 3 minutes"
            time.sleep(0.5)
        return video_id


@contextmanager
def platform_in(mode: str, folder: Path, **app_env: str) -> Iterator[Platform]:
    data_dir, log = folder / "data", folder / f"valvid-{mode}.log"
    limit = int(app_env["VALVID_MAX_UPLOAD_BYTES"])
    policy = app_env.get("VALVID_SIGNUP_POLICY", "open")
    if mode == "local":
        with valvid_run(data_dir, log, **app_env) as (url, _):
            settings = Settings(
                data_dir=data_dir, public_url=url, max_upload_bytes=limit, signup_policy=policy
            )
            yield Platform(mode, url, data_dir, build_services(settings))
        return
    command = ("aws-local", "run", "--dir", str(data_dir))
    with valvid_run(data_dir, log, command=command, **app_env) as (url, process):
        env = dict(line.split("=", 1) for line in (data_dir / "aws.env").read_text().splitlines())
        with pytest.MonkeyPatch.context() as patch:  # the emulator's fake credentials
            for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
                patch.setenv(name, env[name])
            named = {k[7:].lower(): v for k, v in env.items() if k.startswith("VALVID_")}
            settings = Settings(**named, max_upload_bytes=limit, signup_policy=policy)
            yield Platform(mode, url, data_dir, build_services(settings))
    assert_stopped_cleanly(process, url, env)


def assert_stopped_cleanly(process: subprocess.Popen, url: str, env: dict[str, str]) -> None:
    assert not group_left(process), "processes of `valvid aws-local run` outlived it"
    ports = [urlsplit(url).port, urlsplit(env["VALVID_AWS_ENDPOINT_URL"]).port,
             urlsplit(env["VALVID_MEDIACONVERT_ENDPOINT"]).port]  # fmt: skip
    assert all(port_free(port) for port in ports if port), f"ports still taken: {ports}"
