"""The IAM coverage check itself: what it records, what it denies and how it says so, and the
calls no other recorded test makes (forgetting an identity, backfills)."""

from datetime import UTC, datetime, timedelta

from backend.adapters.aws.backfills import BACKFILLS
from backend.adapters.aws.dynamodb_backfill import BackfillRunner
from backend.adapters.aws.secrets import ensure_signing_key_pair
from backend.bootstrap import build_services
from tests.aws.adapter_calls import adapter_calls, unexercised
from tests.aws.call_recorder import CallRecorder
from tests.aws.deployed_roles import APP
from tests.aws.iam_check import OPERATOR, denied_calls
from tests.aws.iam_requests import Call
from tests.fakes.submitter import FakeSubmitter
from tests.unit.helpers import PASSWORD


def test_a_call_the_deployed_role_would_deny_is_named_with_its_role(deployment, aws_settings):
    raw, media, prefix = (
        aws_settings.raw_bucket,
        aws_settings.media_bucket,
        aws_settings.aws_table_prefix,
    )
    calls = [
        Call("app", "s3", "PutObject", {"Bucket": media, "Key": "media/vid_1/x.m3u8"}),
        Call("rotate_signing_keys", "dynamodb", "GetItem", {"TableName": f"{prefix}-videos"}),
        Call("mediaconvert", "s3", "PutObject", {"Bucket": raw, "Key": "uploads/vid_1/upl_1"}),
        Call("app", "s3", "GetObject", {"Bucket": media, "Key": "media/vid_1/x.m3u8"}),  # allowed
        Call(OPERATOR, "dynamodb", "Scan", {"TableName": f"{prefix}-videos"}),  # own credentials
    ]
    problems = denied_calls(deployment, aws_settings, calls)
    assert len(problems) == 3, problems
    app, mediaconvert, rotate = problems
    assert app.startswith("app (role AppTaskDefTaskRole")
    assert "may not s3:PutObject on arn:aws:s3:::valvid-media-123456789012-eu-west-1/media/" in app
    assert "needed by s3.PutObject(" in app
    assert mediaconvert.startswith("mediaconvert (role MediaConvertRole")
    assert rotate.startswith("rotate_signing_keys (role RotateKeysServiceRole")
    assert (
        "dynamodb:GetItem on arn:aws:dynamodb:eu-west-1:123456789012:table/valvid-videos" in rotate
    )


def test_calls_are_recorded_per_component_and_a_presigned_post_as_put_object(
    aws_http, aws_settings
):
    recorder = CallRecorder()
    recorder.watch(aws_http)
    s3 = aws_http.client("s3")
    with recorder.within("s3_object_created"):
        s3.list_objects_v2(Bucket=aws_settings.raw_bucket)
    s3.generate_presigned_post(aws_settings.raw_bucket, "uploads/vid_1/upl_1")
    aws_http.client("secretsmanager").get_secret_value(
        SecretId=aws_settings.cloudfront_private_key_secret
    )
    assert [(c.component, c.service, c.operation) for c in recorder.calls] == [
        ("s3_object_created", "s3", "ListObjectsV2"),
        ("app", "s3", "PutObject"),
        ("app", "secretsmanager", "GetSecretValue"),
    ]


def test_the_adapters_calls_are_listed_and_unexercised_ones_reported():
    calls = adapter_calls()
    assert {("dynamodb", "Query"), ("s3", "PutObject"), ("mediaconvert", "CancelJob"),
            ("cognito-idp", "SignUp"), ("sesv2", "SendEmail")} <= set(calls)  # fmt: skip
    assert any(where.startswith("dynamodb_catalog.py:") for where in calls[("dynamodb", "Query")])
    missing = unexercised(calls, set(calls) - {("dynamodb", "Scan"), ("cognito-idp", "SignUp")})
    assert list(missing) == [("dynamodb", "Scan")]  # SignUp needs no credentials


def test_forgetting_an_identity_is_permitted(aws_platform):
    svc, _ = aws_platform
    svc.auth.sign_up(email="fay@example.com", username="fay", password=PASSWORD)
    svc.port("identity").forget(email="fay@example.com")


def test_backfills_run_with_the_operators_credentials(aws_platform, iam_recorder):
    svc, _ = aws_platform
    with iam_recorder.within(OPERATOR):
        for backfill in BACKFILLS.values():
            BackfillRunner(svc.port("clients"), svc.settings.aws_table_prefix).run(backfill)
    assert any(c.operation == "Scan" for c in iam_recorder.calls)


def test_every_handler_starts_and_signs_under_its_own_role(
    aws_settings, aws_http, iam_recorder, deployment
):
    """A cold start builds the services and reads the signing key, as the handler's role."""
    deploy_time = {"provision_signing_key"}  # runs at deploy, builds no services
    handlers = sorted(n for n in deployment.components() if n != APP and n not in deploy_time)
    assert len(handlers) == 4
    for name in handlers:
        with iam_recorder.within(name):
            svc = build_services(aws_settings, clients=aws_http, submitter=FakeSubmitter())
            svc.port("signer").sign("https://x/media/v/*", datetime.now(UTC) + timedelta(hours=1))
    read_key = {c.component for c in iam_recorder.calls if c.operation == "GetSecretValue"}
    assert read_key == set(handlers)


def test_the_deploy_time_key_pair_function_may_put_the_key_in_its_secret(
    aws_settings, aws_http, iam_recorder
):
    """What provision_signing_key does on a first deploy, as its own role."""
    secret = aws_settings.cloudfront_private_key_secret
    with iam_recorder.muted():  # CloudFormation's placeholder, not a key
        aws_http.client("secretsmanager").put_secret_value(SecretId=secret, SecretString="x" * 24)
    with iam_recorder.within("provision_signing_key"):
        public = ensure_signing_key_pair(aws_http, secret)
    assert public.startswith("-----BEGIN PUBLIC KEY-----")
    wrote = [c for c in iam_recorder.calls if c.operation == "PutSecretValue"]
    assert [c.component for c in wrote] == ["provision_signing_key"]
