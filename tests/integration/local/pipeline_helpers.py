"""Drive the real local pipeline: a stored clip, the object-created event, one worker pass."""

import tempfile
from pathlib import Path

import av

from backend.bootstrap import Services
from backend.domain.models import Principal, Video
from tests.clips import make
from tests.unit.helpers import PASSWORD


def creator(svc: Services, name: str = "maker") -> Principal:
    email = f"{name}@example.com"
    svc.auth.sign_up(email=email, username=name, password=PASSWORD)
    svc.auth.confirm(email=email, code=svc.port("identity").outbox(email)[0].code)
    token = svc.auth.log_in(email=email, password=PASSWORD, client="t").token.token
    return svc.tokens.principal(token)


def receive(svc: Services, owner: Principal, kind: str, title: str | None = None) -> Video:
    """A new video whose upload of a `kind` clip has just landed (job queued)."""
    video = svc.videos.create(owner, title=title or f"clip {kind}")
    ticket = svc.uploads.request_ticket(owner, video.video_id)
    path = svc.port("objects").path_for(ticket.fields["key"])
    path.parent.mkdir(parents=True, exist_ok=True)
    make(kind, path)
    assert svc.uploads.object_received(ticket.fields["key"], path.stat().st_size)
    return svc.videos.get(owner, video.video_id)


def rendition_file(root: Path, video: Video, name: str) -> Path:
    """The rendition's init and media segments joined: one fragmented MP4 to probe."""
    folder = root / "media" / video.video_id / name
    joined = Path(tempfile.mkdtemp()) / f"{name}.mp4"
    with open(joined, "wb") as out:
        out.write(next(folder.glob("init*.mp4")).read_bytes())
        for segment in sorted(folder.glob("seg_*.m4s")):
            out.write(segment.read_bytes())
    return joined


def streams(path: Path) -> dict:
    with av.open(str(path)) as container:
        video = container.streams.video[0]
        frame = next(container.decode(video=0))
        audio = list(container.streams.audio)
        return {
            "codec": video.codec_context.name,
            "profile": video.codec_context.profile,
            "pix_fmt": frame.format.name,
            "size": (frame.width, frame.height),
            "rate": float(video.average_rate or 0),
            "audio": [(a.codec_context.name, a.codec_context.channels) for a in audio],
        }


def mean_luma(jpeg: Path) -> float:
    with av.open(str(jpeg)) as container:
        frame = next(container.decode(video=0)).reformat(format="gray")
    plane = frame.planes[0]
    data = bytes(plane)
    rows = [
        data[i * plane.line_size : i * plane.line_size + frame.width] for i in range(frame.height)
    ]
    return sum(sum(r) for r in rows) / (frame.width * frame.height)
