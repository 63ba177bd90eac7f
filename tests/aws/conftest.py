"""aws mode wired by the real composition root against moto's HTTP server."""

from pathlib import Path

import pytest

from backend.adapters.cloudfront_signer import generate_private_key_pem
from backend.bootstrap import build_services
from backend.config import Settings
from backend.entrypoints import lambdas
from tests.aws.adapter_calls import adapter_calls, unexercised
from tests.aws.call_recorder import CallRecorder
from tests.aws.deployed_roles import APP, Deployment
from tests.aws.iam_check import denied_calls
from tests.fakes.submitter import FakeSubmitter

MAIL_FROM = "no-reply@valvid.example"  # the deployment's SES sender of account notices
EXERCISED: set[tuple[str, str]] = set()  # (service, operation) of every recorded call


@pytest.fixture
def aws_settings(aws_http, moto_server):
    """Settings of a whole aws-mode deployment whose AWS is moto (buckets, pool, secret made)."""
    prefix = aws_http.prefix
    s3 = aws_http.client("s3")
    for bucket in (f"{prefix}-raw", f"{prefix}-media"):
        s3.create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
        )
    idp = aws_http.client("cognito-idp")
    pool = idp.create_user_pool(
        PoolName=prefix, UsernameAttributes=["email"],
        Policies={"PasswordPolicy": {"MinimumLength": 8, "RequireUppercase": False,
                                     "RequireLowercase": False, "RequireNumbers": True,
                                     "RequireSymbols": False}},
        Schema=[{"Name": "user_id", "AttributeDataType": "String", "Mutable": False}],
    )["UserPool"]["Id"]  # fmt: skip
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="app", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    aws_http.client("secretsmanager").create_secret(
        Name=f"{prefix}-cf-key", SecretString=generate_private_key_pem().decode()
    )
    return Settings(
        mode="aws",
        aws_region="eu-west-1",
        aws_endpoint_url=moto_server,
        aws_table_prefix=prefix,
        raw_bucket=f"{prefix}-raw",
        media_bucket=f"{prefix}-media",
        cognito_user_pool_id=pool,
        cognito_client_id=client,
        mediaconvert_role_arn="arn:aws:iam::123456789012:role/valvid-mediaconvert",
        mediaconvert_queue_arn="arn:aws:mediaconvert:eu-west-1:123456789012:queues/Default",
        cloudfront_key_pair_id="K2JCJMDEHXQW5F",
        cloudfront_private_key_secret=f"{prefix}-cf-key",
        public_url="https://valvid.example",
        media_url="https://d111111abcdef8.cloudfront.net",
    )


@pytest.fixture(scope="session")
def deployment(tmp_path_factory):
    """The CDK app as synthesized for a deploy (cdk-nag checks included)."""
    from cryptography.hazmat.primitives import serialization

    from tests.infra.conftest import make_app

    private = serialization.load_pem_private_key(generate_private_key_pem(), password=None)
    public_key_file = tmp_path_factory.mktemp("keys") / "public.pem"
    public_key_file.write_bytes(
        private.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    out = tmp_path_factory.mktemp("cdk.out")
    assembly = make_app(public_key_file, out, mailFrom=MAIL_FROM).synth()
    return Deployment({stack.stack_name: stack.template for stack in assembly.stacks})


@pytest.fixture
def iam_recorder(aws_settings, aws_http, deployment, monkeypatch):
    """Records every AWS call of the test by component (the app, each Lambda handler,
    MediaConvert) and fails it when the role that component runs as would be denied."""
    recorder = CallRecorder()
    recorder.watch(aws_http)
    for name in deployment.components():
        if name != APP:
            monkeypatch.setattr(lambdas, name, recorder.wrap_handler(name, getattr(lambdas, name)))
    yield recorder
    EXERCISED.update((call.service, call.operation) for call in recorder.calls)
    problems = denied_calls(deployment, aws_settings, recorder.calls)
    assert not problems, "calls the deployed roles would deny:\n" + "\n".join(problems)


@pytest.fixture
def aws_platform(aws_settings, aws_http, iam_recorder, monkeypatch):
    submitter = FakeSubmitter()
    iam_recorder.watch_submitter(
        submitter,
        role_arn=aws_settings.mediaconvert_role_arn,
        queue_arn=aws_settings.mediaconvert_queue_arn,
    )
    svc = build_services(aws_settings, clients=aws_http, submitter=submitter)
    monkeypatch.setattr(lambdas, "services", lambda: svc)
    return svc, submitter


def pytest_deselected(items):
    if any(_under_aws(item) for item in items):
        _IAM_RUN["partial"] = True


def pytest_sessionfinish(session, exitstatus):
    """With every aws test run and passed, every AWS call the adapters can make must have been
    recorded under the IAM check at least once (else its permissions were never checked)."""
    recorded = [item for item in session.items if "iam_recorder" in item.fixturenames]
    if _IAM_RUN["partial"] or not recorded or session.testsfailed or session.shouldstop:
        return
    unchecked = unexercised(adapter_calls(), EXERCISED)
    if unchecked:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(
            "AWS calls of backend/adapters/aws no IAM-checked test makes:", red=True
        )
        for (service, operation), where in unchecked.items():
            reporter.write_line(f"  {service}.{operation} at {', '.join(where)}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


_IAM_RUN = {"partial": False}


def _under_aws(item) -> bool:
    return Path(str(item.fspath)).parent == Path(__file__).parent
