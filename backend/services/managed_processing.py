"""aws mode's processing: probe, check limits, hand the ladder to the managed transcoder, then
settle the video from the transcoder's events. Every step is idempotent: duplicate, late and
out-of-order events leave the right state, and a sweeper settles jobs that went quiet."""

import logging
from datetime import timedelta

from backend.domain import keys
from backend.domain.jobs import JobRecord
from backend.domain.media import MediaRejected, ProcessedMedia
from backend.ports.clock import Clock
from backend.ports.job_log import JobLog
from backend.ports.job_submitter import JobSubmitter
from backend.ports.media_prober import MediaProber
from backend.ports.object_store import ObjectStore
from backend.services.processing import MediaLimits, ProcessingService, check_limits

log = logging.getLogger(__name__)
TOO_SLOW = "Processing took too long and was stopped; please upload the file again."
CANCELED = "Processing was cancelled; please upload the file again."
FAILED = "The file could not be processed."
STALLED = "Processing could not be finished; please upload the file again."


class ManagedProcessing:
    def __init__(
        self,
        *,
        processing: ProcessingService,
        prober: MediaProber,
        submitter: JobSubmitter,
        jobs: JobLog,
        objects: ObjectStore,
        clock: Clock,
        limits: MediaLimits,
        max_sweeps: int = 3,
    ) -> None:
        self._processing = processing
        self._objects = objects
        self._max_sweeps = max_sweeps
        self._prober = prober
        self._submitter = submitter
        self._jobs = jobs
        self._clock = clock
        self._limits = limits

    def start(self, video_id: str, upload_id: str, job_id: str) -> str | None:
        """Probe and submit a queued job; returns the transcoder's job id, if one started."""
        video = self._processing.begin(video_id, upload_id, job_id)
        if video is None or video.source_key is None:
            self._jobs.mark(upload_id, "CANCELED")
            return None
        try:
            source = self._prober.probe(video.source_key)
            check_limits(source, self._limits)
        except MediaRejected as rejected:
            self._processing.fail(video_id, upload_id, rejected.reason)
            self._jobs.mark(upload_id, "FAILED")
            return None
        transcoder_job = self._submitter.submit(
            video_id=video_id,
            upload_id=upload_id,
            source_key=video.source_key,
            source=source,
            output_prefix=keys.upload_outputs_prefix(video_id, upload_id),
            max_duration_s=self._limits.max_duration_s,
        )
        self._jobs.mark(upload_id, "SUBMITTED", transcoder_job_id=transcoder_job)
        return transcoder_job

    def resume(self, video_id: str, upload_id: str) -> str | None:
        """Start a received upload's job again if an earlier start failed before submitting
        (the event is redelivered then, but the upload is no longer awaited)."""
        job_id = self._jobs.queued(upload_id)
        if job_id is None:
            return None
        log.warning("job %s was never submitted; starting it again", job_id)
        return self.start(video_id, upload_id, job_id)

    def progressed(self, video_id: str, upload_id: str, percent: int) -> None:
        self._processing.progress(video_id, upload_id, percent)
        self._jobs.touch(upload_id)

    def playable(self, video_id: str, upload_id: str, media: ProcessedMedia) -> None:
        """The fast first job is done: viewers may watch while the full ladder encodes."""
        replaced = self._processing.live_manifest(video_id)
        if self._processing.playable(video_id, upload_id, media) is not None:
            self._remove_replaced(video_id, replaced, media.manifest_key)

    def completed(self, video_id: str, upload_id: str, media: ProcessedMedia) -> None:
        replaced = self._processing.live_manifest(video_id)
        if self._processing.complete(video_id, upload_id, media) is None:
            return
        self._jobs.mark(upload_id, "DONE")
        self._remove_replaced(video_id, replaced, media.manifest_key)

    def _remove_replaced(self, video_id: str, replaced: str | None, manifest_key: str) -> None:
        for prefix in keys.replaced_outputs(video_id, replaced, manifest_key):
            self._objects.delete_prefix(prefix)
            log.info("video %s: outputs of the replaced upload removed (%s)", video_id, prefix)

    def errored(self, video_id: str, upload_id: str, reason: str) -> None:
        self._processing.fail(video_id, upload_id, reason)
        self._jobs.mark(upload_id, "FAILED")

    def canceled(self, video_id: str, upload_id: str) -> None:
        self._processing.fail(video_id, upload_id, CANCELED)
        self._jobs.mark(upload_id, "CANCELED")

    def sweep(self, *, quiet_for: timedelta) -> int:
        """Settle jobs with no news for too long: start lost ones, stop stuck ones. One job's
        fault never stops the others; a job that keeps failing is given up after max_sweeps."""
        settled = 0
        for record in self._jobs.quiet_since(self._clock.now() - quiet_for):
            job = record.job
            try:
                if self._jobs.note_sweep(job.upload_id) > self._max_sweeps:
                    self._give_up(record)
                elif record.state == "QUEUED" or not record.transcoder_job_id:
                    log.warning("job %s was never submitted; starting it now", job.job_id)
                    self.start(job.video_id, job.upload_id, job.job_id)
                else:
                    self._settle(job.video_id, job.upload_id, record.transcoder_job_id)
            except Exception:
                log.exception("sweeping job %s failed; the next sweep tries again", job.job_id)
                continue
            settled += 1
        return settled

    def _give_up(self, record: JobRecord) -> None:
        job = record.job
        log.error("job %s failed every sweep; giving up", job.job_id)
        if record.transcoder_job_id:
            try:
                self._submitter.cancel(record.transcoder_job_id)
            except Exception:
                log.exception("could not cancel transcoder job %s", record.transcoder_job_id)
        self._processing.fail(job.video_id, job.upload_id, STALLED)
        self._jobs.mark(job.upload_id, "FAILED")

    def _settle(self, video_id: str, upload_id: str, transcoder_job: str) -> None:
        """Ask the transcoder what became of a job whose events we never got."""
        status = self._submitter.status(transcoder_job)
        if status == "COMPLETE":
            media = self._submitter.result(transcoder_job)
            if media is not None:
                self.completed(video_id, upload_id, media)
                return
        if status == "CANCELED":
            self.canceled(video_id, upload_id)
            return
        if status in ("SUBMITTED", "PROGRESSING"):
            log.error("transcoder job %s is stuck; cancelling it", transcoder_job)
            self._submitter.cancel(transcoder_job)
        self.errored(video_id, upload_id, TOO_SLOW if status != "ERROR" else FAILED)
