"""Browser-facing S3 URLs point at the bucket's own region: a new bucket outside us-east-1
answers the global endpoint with a 307 redirect for a while, and a redirected CORS preflight
fails in the browser."""

from datetime import UTC, datetime, timedelta

import pytest

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.s3_object_store import S3ObjectStore
from tests.conftest import fake_credentials
from tests.fakes.clock import FrozenClock


@pytest.mark.parametrize("region", ["eu-west-1", "ap-southeast-2", "us-east-1"])
def test_upload_tickets_use_the_regional_endpoint(monkeypatch, region):
    fake_credentials(monkeypatch)
    now = datetime(2026, 11, 28, tzinfo=UTC)
    store = S3ObjectStore(
        AwsClients(region=region), raw_bucket="valvid-raw-1a2b", media_bucket="m",
        clock=FrozenClock(now),
    )  # fmt: skip
    ticket = store.presign_upload(
        key="uploads/vid_1/upl_1", upload_id="upl_1", content_type="video/mp4",
        max_bytes=1000, expires_at=now + timedelta(minutes=10),
    )  # fmt: skip
    assert ticket.url == f"https://valvid-raw-1a2b.s3.{region}.amazonaws.com/"


def test_an_emulator_endpoint_keeps_path_style_addressing(monkeypatch):
    fake_credentials(monkeypatch)
    s3 = AwsClients(region="eu-west-1", endpoint_url="http://127.0.0.1:5000").client("s3")
    assert s3.generate_presigned_post("raw", "k")["url"] == "http://127.0.0.1:5000/raw"
