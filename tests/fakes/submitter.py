"""A managed transcoder that records what it was asked (the full ffmpeg stand-in lives in the
aws journey); statuses can be set to play the sweeper's cases."""

from backend.domain.media import ProcessedMedia, SourceInfo


class FakeSubmitter:
    def __init__(self) -> None:
        self.submitted: list[dict] = []
        self.cancelled: list[str] = []
        self.statuses: dict[str, str] = {}
        self.results: dict[str, ProcessedMedia] = {}
        self._failures: list[Exception] = []

    def simulate_failure(self, error: Exception, times: int = 1) -> None:
        """The next `times` calls (submit or status) raise error, as a throttled API would."""
        self._failures += [error] * times

    def _maybe_fail(self) -> None:
        if self._failures:
            raise self._failures.pop(0)

    def submit(
        self,
        *,
        video_id: str,
        upload_id: str,
        source_key: str,
        source: SourceInfo,
        output_prefix: str,
        max_duration_s: int,
    ) -> str:
        self._maybe_fail()
        job_id = f"mc-{len(self.submitted) + 1}"
        self.submitted.append({"job_id": job_id, "video_id": video_id, "upload_id": upload_id,
                               "source": source, "output_prefix": output_prefix})  # fmt: skip
        self.statuses[job_id] = "SUBMITTED"
        return job_id

    def cancel(self, job_id: str) -> None:
        self.cancelled.append(job_id)
        self.statuses[job_id] = "CANCELED"

    def status(self, job_id: str) -> str:
        self._maybe_fail()
        return self.statuses[job_id]

    def result(self, job_id: str) -> ProcessedMedia | None:
        return self.results.get(job_id)
