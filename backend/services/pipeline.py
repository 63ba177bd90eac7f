"""Local processing of one job: probe, check limits, transcode the ladder (PLAYABLE once a first
rung is made), poster, READY."""

import logging
from collections.abc import Callable

from backend.domain import keys
from backend.domain.jobs import Job
from backend.domain.media import Cancelled, MediaRejected, ProcessedMedia
from backend.domain.statuses import VideoStatus
from backend.ports.media_prober import MediaProber
from backend.ports.object_store import ObjectStore
from backend.ports.transcoder import Transcoder
from backend.services.processing import MediaLimits, ProcessingService, check_limits

log = logging.getLogger(__name__)
GAVE_UP = "Processing stopped several times; please upload the file again."
OUR_FAULT = (
    "We could not process this video because of a problem on our side, not with your file. "
    "Please try again later."
)


class LocalPipeline:
    def __init__(
        self,
        *,
        processing: ProcessingService,
        prober: MediaProber,
        transcoder: Transcoder,
        objects: ObjectStore,
        limits: MediaLimits,
    ) -> None:
        self._processing = processing
        self._prober = prober
        self._transcoder = transcoder
        self._objects = objects
        self._limits = limits

    def run(self, job: Job, *, still_wanted: Callable[[], bool]) -> str:
        """Process a claimed job; returns the job's end status (DONE, FAILED or CANCELED)."""
        video = self._processing.begin(job.video_id, job.upload_id, job.job_id)
        if video is None or video.source_key is None:
            # a worker that died after publishing its results already did this job
            return "DONE" if self._processing.finished(job.video_id, job.upload_id) else "CANCELED"
        prefix = keys.media_prefix(job.video_id)

        def progress(percent: int) -> bool:
            self._processing.progress(job.video_id, job.upload_id, percent)
            return still_wanted()

        def playable(media: ProcessedMedia) -> None:
            self._processing.playable(job.video_id, job.upload_id, media)

        made = [r.name for r in video.renditions] if video.status is VideoStatus.PLAYABLE else []

        try:
            source = self._prober.probe(video.source_key)
            check_limits(source, self._limits)
            media = self._transcoder.transcode(
                source_key=video.source_key,
                source=source,
                output_prefix=prefix,
                limits=self._limits,
                on_progress=progress,
                on_playable=playable,
                made=made,
            )
        except MediaRejected as rejected:
            self.discard_partial(job)
            self._processing.fail(job.video_id, job.upload_id, rejected.reason)
            return "FAILED"
        except Cancelled:
            self.discard_partial(job)
            return "CANCELED"
        if self._processing.complete(job.video_id, job.upload_id, media) is None:
            self._objects.delete_prefix(prefix)  # deleted or replaced while we worked
            return "CANCELED"
        return "DONE"

    def abandon(self, job: Job, reason: str = GAVE_UP) -> None:
        """Give up on a job for good: remove partial outputs and tell the creator why."""
        self.discard_partial(job)
        self._processing.fail(job.video_id, job.upload_id, reason)

    def discard_partial(self, job: Job) -> None:
        """Remove a stopped job's outputs, unless viewers already watch them."""
        if not self._processing.has_live_outputs(job.video_id, job.upload_id):
            self._objects.delete_prefix(keys.media_prefix(job.video_id))
