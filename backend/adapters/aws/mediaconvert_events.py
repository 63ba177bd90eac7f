"""MediaConvert job details (an EventBridge "Job State Change" or GetJob) in Valvid's terms."""

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from backend.adapters.aws.mediaconvert_outputs import FULL
from backend.domain.media import ProcessedMedia
from backend.domain.models import Rendition
from backend.ladder import LADDER


@dataclass(frozen=True, slots=True)
class JobNews:
    video_id: str
    upload_id: str
    status: str  # PROGRESSING, STATUS_UPDATE, COMPLETE, ERROR, CANCELED, INPUT_INFORMATION…
    percent: int | None = None
    media: ProcessedMedia | None = None
    error: str | None = None
    phase: str = FULL  # FIRST: the fast job that makes the video playable


def news_from_event(detail: dict[str, Any]) -> JobNews:
    metadata = detail.get("userMetadata") or {}
    status = str(detail.get("status", ""))
    percent = (detail.get("jobProgress") or {}).get("jobPercentComplete")
    return JobNews(
        video_id=str(metadata.get("video_id", "")),
        upload_id=str(metadata.get("upload_id", "")),
        status=status,
        percent=int(percent) if percent is not None else None,
        media=media_from_outputs(detail.get("outputGroupDetails") or [], _planned(metadata))
        if status == "COMPLETE"
        else None,
        error=creator_message(detail) if status == "ERROR" else None,
        phase=str(metadata.get("phase", FULL)),
    )


def _planned(metadata: dict[str, Any]) -> list[str]:
    return [name for name in str(metadata.get("planned", "")).split(",") if name]


def media_from_outputs(
    groups: list[dict[str, Any]], planned: list[str] | None = None
) -> ProcessedMedia | None:
    renditions: list[Rendition] = []
    manifest = poster = ""
    duration_ms = 0
    for group in groups:
        # a group writing HLS and DASH lists both manifests, in no promised order
        hls = [p for p in group.get("playlistFilePaths") or [] if p.endswith(".m3u8")]
        if hls and not manifest:
            manifest = _key(hls[0])
        for output in group.get("outputDetails") or []:
            files = output.get("outputFilePaths") or []
            video = output.get("videoDetails") or {}
            duration_ms = max(duration_ms, int(output.get("durationInMs") or 0))
            captures = [f for f in files if f.endswith(".jpg")]
            if captures:  # frame captures: the last one is a third of the way in
                poster = poster or _key(captures[-1])
            elif video.get("widthInPx"):
                renditions.append(_rendition(int(video["widthInPx"]), int(video["heightInPx"])))
    if not manifest or not renditions:
        return None
    renditions.sort(key=lambda r: -min(r.width, r.height))
    top = renditions[0]
    return ProcessedMedia(
        duration_s=duration_ms / 1000,
        width=top.width,
        height=top.height,
        renditions=renditions,
        manifest_key=manifest,
        poster_key=poster,
        thumbnail_key=poster,
        planned=planned or [],
    )


def creator_message(detail: dict[str, Any]) -> str:
    """MediaConvert's own words are for engineers; the creator gets a sentence and the code."""
    code = detail.get("errorCode")
    return (
        f"The file could not be processed (code {code})."
        if code
        else ("The file could not be processed.")
    )


def _rendition(width: int, height: int) -> Rendition:
    short = min(width, height)
    rung = next((r for r in LADDER if r.short_side <= short), LADDER[-1])
    return Rendition(name=f"{short}p", width=width, height=height, video_kbps=rung.video_kbps,
                     audio_kbps=None)  # fmt: skip


def _key(s3_uri: str) -> str:
    return urlsplit(s3_uri).path.lstrip("/")
