from collections.abc import Callable, Collection
from typing import Protocol

from backend.domain.media import MediaLimits, ProcessedMedia, SourceInfo


class Transcoder(Protocol):
    """Runs the ladder to completion (local mode): HLS renditions, master playlist and poster,
    a first rung before the others."""

    def transcode(
        self,
        *,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        limits: MediaLimits,
        on_progress: Callable[[int], bool],
        on_playable: Callable[[ProcessedMedia], None] = ...,
        made: Collection[str] = (),
    ) -> ProcessedMedia:
        """on_progress(percent) returns False to stop (then Cancelled is raised).
        on_playable(media) is called when some rungs, not all, are made and the master playlist
        lists them; made names rungs an earlier attempt of this job already made (kept).
        MediaRejected when the source cannot be decoded or proves to exceed the limits while
        decoding; ProcessingFault when the machine, not the source, failed."""
        ...
