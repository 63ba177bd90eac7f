"""`valvid aws-local run`: the emulated AWS of aws mode starts within a minute on this machine,
holds what the CDK app declares, and stops cleanly (no process left, every port free)."""

import subprocess
import time
from urllib.parse import urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError

from infra.tables import TABLES
from tests.app_process import VALVID, group_left, port_free, stop_process_group

START_GOAL_S = 60


def test_emulated_aws_starts_within_a_minute_and_stops_cleanly(tmp_path):
    folder, log = tmp_path / "aws", tmp_path / "aws-local.log"
    started = time.monotonic()
    with open(log, "w") as out:
        process = subprocess.Popen(
            [VALVID, "aws-local", "run", "--no-app", "--dir", str(folder)],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    try:
        env = _settings_when_ready(folder / "aws.env", process, log)
        elapsed = time.monotonic() - started
        _assert_provisioned(env)
    finally:
        stop_process_group(process)
    assert elapsed < START_GOAL_S, f"started in {elapsed:.1f} s"
    assert process.returncode == 0, log.read_text()[-3000:]
    assert not group_left(process)
    ports = [urlsplit(env[name]).port
             for name in ("VALVID_AWS_ENDPOINT_URL", "VALVID_MEDIACONVERT_ENDPOINT")]  # fmt: skip
    assert all(port_free(port) for port in ports), ports


def _settings_when_ready(path, process, log) -> dict[str, str]:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"aws-local exited early:\n{log.read_text()[-3000:]}")
        if path.exists() and "ready in" in log.read_text():
            return dict(line.split("=", 1) for line in path.read_text().splitlines())
        time.sleep(0.2)
    pytest.fail(f"aws-local not ready in time:\n{log.read_text()[-3000:]}")


def _assert_provisioned(env: dict[str, str]) -> None:
    session = boto3.session.Session(
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
        aws_session_token=env["AWS_SESSION_TOKEN"],
        region_name=env["VALVID_AWS_REGION"],
    )
    aws = env["VALVID_AWS_ENDPOINT_URL"]
    tables = session.client("dynamodb", endpoint_url=aws).list_tables()["TableNames"]
    assert sorted(tables) == sorted(f"{env['VALVID_AWS_TABLE_PREFIX']}-{t}" for t in TABLES)
    cors = session.client("s3", endpoint_url=aws).get_bucket_cors(Bucket=env["VALVID_RAW_BUCKET"])
    assert cors["CORSRules"][0]["AllowedOrigins"] == [env["VALVID_PUBLIC_URL"]]
    pool = session.client("cognito-idp", endpoint_url=aws).describe_user_pool_client(
        UserPoolId=env["VALVID_COGNITO_USER_POOL_ID"], ClientId=env["VALVID_COGNITO_CLIENT_ID"]
    )
    assert "ALLOW_ADMIN_USER_PASSWORD_AUTH" in pool["UserPoolClient"]["ExplicitAuthFlows"]
    mediaconvert = session.client("mediaconvert", endpoint_url=env["VALVID_MEDIACONVERT_ENDPOINT"])
    with pytest.raises(ClientError) as unknown:
        mediaconvert.get_job(Id="1-nosuchjob")
    assert unknown.value.response["Error"]["Code"] == "NotFoundException"
