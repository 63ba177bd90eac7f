"""The job queue's place-in-line query answers alike in SQLite, DynamoDB and the fake."""

import pytest

from backend.adapters.aws.dynamodb_job_queue import DynamoDbJobQueue
from backend.adapters.aws.dynamodb_tables import table_name
from backend.adapters.local.database import open_database
from backend.adapters.local.sqlite_job_queue import SqliteJobQueue
from tests.fakes.clock import FrozenClock
from tests.fakes.ports import FakeJobQueue
from tests.fakes.submitter import FakeSubmitter


@pytest.fixture(params=["sqlite", "memory", "dynamodb"])
def line(request, tmp_path):
    """(queue, clock, start): start(upload_id) is a worker or the transcoder taking that job."""
    clock = FrozenClock()
    if request.param == "sqlite":
        queue = SqliteJobQueue(open_database(f"sqlite:///{tmp_path / 'jobs.db'}"), clock=clock)
        return queue, clock, lambda _upload_id: queue.claim("worker-1")
    if request.param == "dynamodb":
        aws = request.getfixturevalue("aws")
        queue = DynamoDbJobQueue(aws, table_name("test", "jobs"), clock=clock,
                                 submitter=FakeSubmitter())  # fmt: skip
        return queue, clock, lambda upload_id: queue.mark(upload_id, "SUBMITTED")
    fake = FakeJobQueue()
    return fake, clock, fake.start


def test_a_queued_video_knows_how_many_jobs_are_ahead_of_it(line):
    queue, clock, _ = line
    for n in range(3):
        queue.enqueue(video_id=f"vid_{n}", upload_id=f"upl_{n}")
        clock.advance(seconds=1)
    assert [queue.position(f"vid_{n}") for n in range(3)] == [0, 1, 2]
    assert queue.position("vid_unknown") is None


def test_a_started_or_cancelled_job_is_no_longer_in_line(line):
    queue, clock, start = line
    for n in range(3):
        queue.enqueue(video_id=f"vid_{n}", upload_id=f"upl_{n}")
        clock.advance(seconds=1)
    start("upl_0")
    queue.cancel_for_video("vid_1")
    assert [queue.position(f"vid_{n}") for n in range(3)] == [None, None, 0]
