from collections.abc import Callable
from typing import Protocol

from backend.domain.media import MediaLimits, ProcessedMedia, SourceInfo


class Transcoder(Protocol):
    """Runs the ladder to completion (local mode): HLS renditions, master playlist and poster."""

    def transcode(
        self,
        *,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        limits: MediaLimits,
        on_progress: Callable[[int], bool],
    ) -> ProcessedMedia:
        """on_progress(percent) returns False to stop (then Cancelled is raised).
        MediaRejected when the source cannot be decoded or proves to exceed the limits while
        decoding; ProcessingFault when the machine, not the source, failed."""
        ...
