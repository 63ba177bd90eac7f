"""Processing jobs in DynamoDB (aws mode): one per received upload, created idempotently."""

from datetime import datetime
from typing import Any

from boto3.dynamodb.conditions import Attr, Key
from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.dynamodb_codec import instant
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.aws.errors import is_condition_failure
from backend.domain.ids import new_id
from backend.domain.jobs import Job, JobRecord
from backend.ports.clock import Clock
from backend.ports.job_submitter import JobSubmitter

OPEN = ("QUEUED", "SUBMITTED")


class DynamoDbJobQueue(DynamoDbTable):
    def __init__(self, clients: AwsClients, table: str, *, clock: Clock, submitter: JobSubmitter):
        super().__init__(clients, table)
        self._clock = clock
        self._submitter = submitter

    def enqueue(self, *, video_id: str, upload_id: str) -> str:
        job_id = new_id("job")
        try:
            self._table.put_item(
                Item={"upload_id": upload_id, "video_id": video_id, "job_id": job_id,
                      "state": "QUEUED", "touched_at": instant(self._clock.now())},
                ConditionExpression=Attr("upload_id").not_exists(),
            )  # fmt: skip
        except ClientError as e:
            if not is_condition_failure(e):
                raise
            return str(self.get(upload_id)["job_id"])  # type: ignore[index]
        return job_id

    def get(self, upload_id: str) -> dict[str, Any] | None:
        return self._table.get_item(Key={"upload_id": upload_id}, ConsistentRead=True).get("Item")

    def note_sweep(self, upload_id: str) -> int:
        updated = self._table.update_item(
            Key={"upload_id": upload_id},
            UpdateExpression="ADD sweeps :one",
            ExpressionAttributeValues={":one": 1},
            ReturnValues="UPDATED_NEW",
        )
        return int(updated["Attributes"]["sweeps"])

    def queued(self, upload_id: str) -> str | None:
        item = self.get(upload_id)
        return str(item["job_id"]) if item and item["state"] == "QUEUED" else None

    def mark(self, upload_id: str, state: str, *, transcoder_job_id: str | None = None) -> bool:
        """Move an open job on (SUBMITTED, DONE, FAILED, CANCELED); False if it was closed."""
        values: dict[str, Any] = {":s": state, ":t": instant(self._clock.now()), ":o1": OPEN[0],
                                  ":o2": OPEN[1]}  # fmt: skip
        update = "SET #s = :s, touched_at = :t"
        if transcoder_job_id:
            update += ", transcoder_job_id = :j"
            values[":j"] = transcoder_job_id
        try:
            self._table.update_item(
                Key={"upload_id": upload_id},
                UpdateExpression=update,
                ConditionExpression="#s IN (:o1, :o2)",
                ExpressionAttributeNames={"#s": "state"},
                ExpressionAttributeValues=values,
            )
        except ClientError as e:
            if is_condition_failure(e):
                return False
            raise
        return True

    def touch(self, upload_id: str) -> None:
        """News arrived for the job (progress): the sweeper leaves it alone for a while."""
        self.mark(upload_id, "SUBMITTED")

    def cancel_for_video(self, video_id: str) -> int:
        cancelled = 0
        items = self._table.query(
            IndexName="by_video", KeyConditionExpression=Key("video_id").eq(video_id)
        )["Items"]
        for item in items:
            if item["state"] in OPEN and self.mark(item["upload_id"], "CANCELED"):
                cancelled += 1
                if item.get("transcoder_job_id"):
                    self._submitter.cancel(item["transcoder_job_id"])
        return cancelled

    def position(self, video_id: str) -> int | None:
        """Jobs wait here only until they are handed to the transcoder (whose own queue is not
        counted); a GSI read, so a job queued a moment ago may be missed: fine for a display."""
        items = self._table.query(
            IndexName="by_video", KeyConditionExpression=Key("video_id").eq(video_id)
        )["Items"]
        waiting = [str(i["touched_at"]) for i in items if i["state"] == "QUEUED"]
        if not waiting:
            return None
        query: dict[str, Any] = {
            "IndexName": "by_state",
            "KeyConditionExpression": Key("state").eq("QUEUED")
            & Key("touched_at").lt(max(waiting)),
            "Select": "COUNT",
        }
        ahead = 0
        while True:
            page = self._table.query(**query)
            ahead += int(page["Count"])
            if "LastEvaluatedKey" not in page:
                return ahead
            query["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def quiet_since(self, before: datetime) -> list[JobRecord]:
        """Open jobs with no news since `before`, with their transcoder job ids."""
        found: list[JobRecord] = []
        for state in OPEN:
            items = self._table.query(
                IndexName="by_state",
                KeyConditionExpression=Key("state").eq(state)
                & Key("touched_at").lt(instant(before)),
            )["Items"]
            found += [
                JobRecord(
                    job=Job(i["job_id"], i["video_id"], i["upload_id"], 1),
                    state=i["state"],
                    transcoder_job_id=i.get("transcoder_job_id"),
                )
                for i in items
            ]
        return found
