"""Probing sources in S3 over HTTP (moto server), without downloading them."""

import pytest

from backend.adapters.aws.s3_prober import S3PyAvProber
from backend.domain.media import MediaRejected
from tests.clips import make

MOTO_PROTOCOLS = "http,tcp"  # moto server speaks plain http on loopback


@pytest.fixture
def bucket(aws_http):
    s3 = aws_http.client("s3")
    name = f"{aws_http.prefix}-raw"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
    return s3, name


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("rotated", (360, 640, True)),
        ("silent", (640, 360, False)),
    ],
)
def test_probe_reads_a_video_in_s3(aws_http, bucket, tmp_path, kind, expected):
    s3, name = bucket
    s3.upload_file(str(make(kind, tmp_path / "clip")), name, "uploads/vid_1/upl_1")
    info = S3PyAvProber(aws_http, bucket=name, protocols=MOTO_PROTOCOLS).probe(
        "uploads/vid_1/upl_1"
    )
    assert (info.width, info.height, info.has_audio) == expected
    assert info.duration_s == pytest.approx(3.0, abs=0.1)


@pytest.mark.parametrize(
    ("kind", "reason"),
    [
        ("text", "This file is not a video we can read."),
        ("empty", "The file is empty."),
        ("audio_only", "This file has no video track."),
    ],
)
def test_probe_refuses_what_is_not_a_video(aws_http, bucket, tmp_path, kind, reason):
    s3, name = bucket
    s3.upload_file(str(make(kind, tmp_path / "clip")), name, "uploads/vid_1/upl_2")
    with pytest.raises(MediaRejected) as rejected:
        S3PyAvProber(aws_http, bucket=name, protocols=MOTO_PROTOCOLS).probe("uploads/vid_1/upl_2")
    assert rejected.value.reason == reason


def test_presigned_urls_are_read_only_over_https(aws_http, bucket, tmp_path):
    s3, name = bucket
    s3.upload_file(str(make("tiny", tmp_path / "clip")), name, "uploads/vid_1/upl_3")
    with pytest.raises(MediaRejected):  # moto's plain-http URL is refused by the default
        S3PyAvProber(aws_http, bucket=name).probe("uploads/vid_1/upl_3")
