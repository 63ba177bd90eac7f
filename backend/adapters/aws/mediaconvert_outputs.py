"""Where one MediaConvert job writes its files: the one place that knows their names.

Each upload gets its own folder, so a re-upload never reuses a name CloudFront may have cached,
and the previous upload's folder can be removed as a whole once the new one is READY.
MediaConvert names files `<destination base><NameModifier>.<ext>`; frame captures add a
seven-digit counter (`poster.0000001.jpg`).
"""

from dataclasses import dataclass

MANIFEST_BASE = "index"
POSTER_BASE = "poster"
POSTER_CAPTURES = 2  # the first frame, then one a third of the way in


def poster_interval_s(duration_s: float) -> int:
    """Seconds between frame captures: the second capture lands a third of the way in."""
    return max(1, int(duration_s / 3))


def poster_captures(duration_s: float) -> int:
    """How many captures a clip of this duration yields (a clip shorter than the interval
    has only its first frame)."""
    return POSTER_CAPTURES if duration_s > poster_interval_s(duration_s) else 1


@dataclass(frozen=True, slots=True)
class JobOutputs:
    video_id: str
    upload_id: str
    prefix: str  # media/<video>/<upload>/, chosen by the service
    duration_s: float

    @property
    def manifest_key(self) -> str:
        return f"{self.prefix}{MANIFEST_BASE}.m3u8"

    @property
    def poster_key(self) -> str:
        return f"{self.prefix}{POSTER_BASE}.{poster_captures(self.duration_s) - 1:07d}.jpg"

    def destination(self, bucket: str, base: str) -> str:
        return f"s3://{bucket}/{self.prefix}{base}"
