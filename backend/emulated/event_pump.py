"""What Lambda does for the deployed handlers: polls each SQS queue an event source mapping
names and hands its messages, in Lambda's SQS event shape, to the function's handler (deleting
those it did not report as failed: ReportBatchItemFailures), and runs the scheduled functions
at their rate. MediaConvert's stand-in runs its jobs beside it."""

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from backend.adapters.aws.clients import AwsClients
from backend.emulated.mediaconvert import FfmpegMediaConvertStandIn
from backend.emulated.provision import Deployment

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any], Any], Any]


class EventPump:
    def __init__(
        self,
        clients: AwsClients,
        deployment: Deployment,
        mediaconvert: FfmpegMediaConvertStandIn,
        *,
        poll_s: float = 0.5,
    ) -> None:
        self._sqs = clients.client("sqs")
        self._deployment = deployment
        self._mediaconvert = mediaconvert
        self._poll_s = poll_s
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._next_run = {name: time.monotonic() + every for every, name in deployment.schedules}

    def start(self) -> None:
        for name, loop in (("event-pump", self._deliver_loop), ("mediaconvert", self._jobs_loop)):
            thread = threading.Thread(target=loop, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(60)

    def deliver_once(self) -> int:
        """One receive per queue, then the schedules that are due; how many messages ran."""
        delivered = 0
        for queue_url, function in self._deployment.queue_consumers.items():
            delivered += self._deliver(queue_url, function)
        now = time.monotonic()
        for every, function in self._deployment.schedules:
            if now >= self._next_run[function]:
                self._next_run[function] = now + every
                self._invoke(function, {"source": "aws.events", "detail-type": "Scheduled Event"})
        return delivered

    def _deliver_loop(self) -> None:
        while not self._stop.is_set():
            try:
                if not self.deliver_once():
                    self._stop.wait(self._poll_s)
            except Exception:
                log.exception("event pump: delivery failed")
                self._stop.wait(self._poll_s)

    def _jobs_loop(self) -> None:
        while not self._stop.wait(self._poll_s):
            try:
                self._mediaconvert.run_pending()
            except Exception:
                log.exception("mediaconvert stand-in: job failed")

    def _deliver(self, queue_url: str, function: str) -> int:
        answer = self._sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, AttributeNames=["All"]
        )
        messages = answer.get("Messages", [])
        if not messages:
            return 0
        queue_arn = self._sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])[
            "Attributes"
        ]["QueueArn"]
        event = {"Records": [_record(message, queue_arn) for message in messages]}
        result = self._invoke(function, event) or {}
        failed = {f["itemIdentifier"] for f in result.get("batchItemFailures", [])}
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:  # the failed ones come back after the queue's visibility timeout
            self._sqs.delete_message_batch(
                QueueUrl=queue_url,
                Entries=[{"Id": m["MessageId"], "ReceiptHandle": m["ReceiptHandle"]} for m in done],
            )
        return len(messages)

    def _invoke(self, function: str, event: dict[str, Any]) -> Any:
        module, _, name = self._deployment.functions[function].handler.rpartition(".")
        handler: Handler = getattr(importlib.import_module(module), name)
        try:
            return handler(event, None)
        except Exception:  # Lambda logs it; an SQS batch then comes back whole
            log.exception("function %s failed", function)
            return {"batchItemFailures": [{"itemIdentifier": r["messageId"]}
                                          for r in event.get("Records", [])]}  # fmt: skip


def _record(message: dict[str, Any], queue_arn: str) -> dict[str, Any]:
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": message.get("Attributes", {}),
        "messageAttributes": {},
        "md5OfBody": message["MD5OfBody"],
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": queue_arn.split(":")[3],
    }
