"""Where one MediaConvert job writes its files: the one place that knows their names.

Each upload gets its own folder, so a re-upload never reuses a name CloudFront may have cached,
and the previous upload's folder can be removed as a whole once the new one is READY.
MediaConvert names files `<destination base><NameModifier>.<ext>`; frame captures add a
seven-digit counter (`poster.0000001.jpg`).
"""

from dataclasses import dataclass

MANIFEST_BASE = "index"
POSTER_BASE = "poster"
FIRST = "first"  # the fast first job's files start with this (first.m3u8, first_240p…)
FULL = "full"
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
    phase: str = FULL  # FIRST: the fast job that makes the video playable; FULL: the ladder

    @property
    def manifest_key(self) -> str:
        return f"{self.prefix}{self._base(MANIFEST_BASE)}.m3u8"

    @property
    def poster_key(self) -> str:
        base = self._base(POSTER_BASE)
        return f"{self.prefix}{base}.{poster_captures(self.duration_s) - 1:07d}.jpg"

    def destination(self, bucket: str, base: str) -> str:
        return f"s3://{bucket}/{self.prefix}{self._base(base)}"

    def _base(self, base: str) -> str:
        """Both jobs write into the upload's folder; the first job's names start with FIRST."""
        if self.phase != FIRST:
            return base
        return FIRST if base == MANIFEST_BASE else f"{FIRST}-{base}"
