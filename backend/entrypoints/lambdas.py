"""AWS Lambda handlers: S3 "Object Created" and MediaConvert "Job State Change" events arrive
through EventBridge and SQS; key rotation and the sweeper run on schedules.

Each handler only translates events into service calls. SQS batches report failures per
message (ReportBatchItemFailures), so one bad message does not redeliver the whole batch.
"""

import json
import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from functools import cache
from typing import Any
from urllib.parse import unquote_plus

from backend.adapters.aws.mediaconvert_events import news_from_event
from backend.adapters.aws.mediaconvert_outputs import FIRST
from backend.bootstrap import Services, build_services
from backend.domain import keys
from backend.domain.errors import LimitExceeded

log = logging.getLogger(__name__)
log.setLevel(logging.INFO)


@cache
def services() -> Services:
    return build_services()


def s3_object_created(event: dict[str, Any], _context: Any = None) -> dict[str, Any]:
    return _each_message(event, _on_object_created)


def mediaconvert_state_change(event: dict[str, Any], _context: Any = None) -> dict[str, Any]:
    return _each_message(event, _on_job_news)


def rotate_signing_keys(_event: dict[str, Any], _context: Any = None) -> dict[str, str]:
    key = services().tokens.rotate()
    return {"kid": key.kid}


def provision_signing_key(event: dict[str, Any], context: Any = None) -> None:
    """The deploy's custom resource: see signing_key_resource."""
    from backend.entrypoints.signing_key_resource import handle

    handle(event, context)


def sweep_jobs(_event: dict[str, Any], _context: Any = None) -> dict[str, int]:
    managed = _managed()
    quiet = timedelta(seconds=services().settings.processing_stuck_after_s)
    return {"settled": managed.sweep(quiet_for=quiet)}


def _each_message(event: dict[str, Any], handle: Callable[[dict[str, Any]], None]) -> dict:
    failures = []
    for record in event.get("Records", []):
        try:
            handle(json.loads(record["body"]))
        except Exception:
            log.exception("message %s failed", record.get("messageId"))
            failures.append({"itemIdentifier": record["messageId"]})
    return {"batchItemFailures": failures}


def _on_object_created(body: dict[str, Any]) -> None:
    svc = services()
    for key, size in _created_objects(body):
        parsed = keys.parse_upload_key(key)
        if parsed is None:
            log.info("ignored object %s", key)
            continue
        try:
            job_id = svc.uploads.object_received(key, size)
        except LimitExceeded as over:  # the video already says so; nothing to retry
            log.info("refused object %s: %s", key, over.message)
            continue
        if job_id is None:  # a duplicate, or a redelivery after a failed start
            _managed().resume(*parsed)
        else:
            _managed().start(parsed[0], parsed[1], job_id)


def _created_objects(body: dict[str, Any]) -> Iterator[tuple[str, int]]:
    """Every object of an EventBridge event or of an S3 notification (keys URL-decoded)."""
    if "detail" in body:
        obj = body["detail"].get("object", {})
        yield unquote_plus(obj.get("key", "")), int(obj.get("size", 0))
    for record in body.get("Records", []):
        obj = record.get("s3", {}).get("object", {})
        yield unquote_plus(obj.get("key", "")), int(obj.get("size", 0))


def _on_job_news(body: dict[str, Any]) -> None:
    news = news_from_event(body.get("detail", {}))
    if not news.video_id or not news.upload_id:
        log.info("ignored job event without Valvid metadata")
        return
    managed = _managed()
    if news.phase == FIRST:  # the fast first job only ever makes the video playable sooner
        if news.status == "COMPLETE" and news.media is not None:
            managed.playable(news.video_id, news.upload_id, news.media)
        return
    if news.status in ("PROGRESSING", "STATUS_UPDATE"):
        managed.progressed(news.video_id, news.upload_id, news.percent or 0)
    elif news.status == "COMPLETE" and news.media is not None:
        managed.completed(news.video_id, news.upload_id, news.media)
    elif news.status in ("COMPLETE", "ERROR"):
        managed.errored(
            news.video_id, news.upload_id, news.error or "The file could not be processed."
        )
    elif news.status == "CANCELED":
        managed.canceled(news.video_id, news.upload_id)


def _managed():  # type: ignore[no-untyped-def]
    managed = services().managed
    if managed is None:
        raise RuntimeError("these handlers run in aws mode only")
    return managed
