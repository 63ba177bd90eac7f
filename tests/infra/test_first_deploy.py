"""The "first deploy" check: the app and every handler, configured exactly as the synthesized
templates configure them (environment and command), start against AWS as a first deploy leaves
it (moto stands in; the signing secret holds CloudFormation's generated placeholder). Until the
deploy's key-pair resource has run, a process says what is missing (readiness), never crashes;
after it, every process is ready. Template facts of blocker 3 are asserted beside it."""

import importlib
import secrets

import pytest
from aws_cdk.assertions import Match
from fastapi.testclient import TestClient

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.dynamodb_tables import create_tables
from backend.bootstrap import build_api, build_services
from backend.emulated import custom_resources as cloudformation
from backend.entrypoints import lambdas
from tests.conftest import fake_credentials

pytestmark = pytest.mark.slow
REGION = "eu-west-1"
SCHEDULED = {"source": "aws.events", "detail-type": "Scheduled Event", "detail": {}}
EMPTY_BATCH: dict = {"Records": []}


def _lambda_processes(templates) -> dict[str, tuple[str, dict]]:
    """Every Lambda function of the app: its handler (the image command) and environment."""
    found = {}
    for stack in templates.values():
        for logical, function in stack.find_resources("AWS::Lambda::Function").items():
            props = function["Properties"]
            command = (props.get("ImageConfig") or {}).get("Command")
            if command and command[0].startswith("backend."):
                found[logical] = (command[0], (props.get("Environment") or {}).get("Variables", {}))
    return found


def _app_environment(templates) -> dict:
    (task,) = templates["ValvidWeb"].find_resources("AWS::ECS::TaskDefinition").values()
    (container,) = task["Properties"]["ContainerDefinitions"]
    return {e["Name"]: e["Value"] for e in container.get("Environment", [])}


@pytest.fixture
def first_deploy(moto_server, monkeypatch):
    """AWS as a first deploy leaves it, keyed by the settings that name each resource."""
    fake_credentials(monkeypatch)
    clients = AwsClients(region=REGION, endpoint_url=moto_server)
    tag = secrets.token_hex(4)
    s3 = clients.client("s3")
    for bucket in (f"raw-{tag}", f"media-{tag}"):
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    idp = clients.client("cognito-idp")
    pool = idp.create_user_pool(PoolName=tag)["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="app")["UserPoolClient"]
    secret = clients.client("secretsmanager").create_secret(
        Name=f"signing-{tag}",
        SecretString=secrets.token_urlsafe(24),  # GenerateSecretString
    )["ARN"]
    return (
        clients,
        tag,
        {
            "VALVID_AWS_REGION": REGION,
            "VALVID_RAW_BUCKET": f"raw-{tag}",
            "VALVID_MEDIA_BUCKET": f"media-{tag}",
            "VALVID_COGNITO_USER_POOL_ID": pool,
            "VALVID_COGNITO_CLIENT_ID": client["ClientId"],
            "VALVID_MEDIACONVERT_ROLE_ARN": "arn:aws:iam::123456789012:role/valvid-mediaconvert",
            "VALVID_MEDIACONVERT_QUEUE_ARN": f"arn:aws:mediaconvert:{REGION}:123456789012:queues/v",
            "VALVID_CLOUDFRONT_KEY_PAIR_ID": "K2JCJMDEHXQW5F",
            "VALVID_CLOUDFRONT_PRIVATE_KEY_SECRET": secret,
            "VALVID_PUBLIC_URL": "https://d111111abcdef8.cloudfront.net",
            "VALVID_MEDIA_URL": "https://d111111abcdef8.cloudfront.net",
            "VALVID_MEDIACONVERT_ENDPOINT": f"https://mediaconvert.{REGION}.amazonaws.com",
            "SecretId": secret,
        },
    )


def _placeholder_secret(clients, name: str) -> str:
    """The secret as CloudFormation creates it (a generated random string), fresh each test."""
    manager = clients.client("secretsmanager")
    value = secrets.token_urlsafe(24)  # GenerateSecretString
    try:
        return manager.create_secret(Name=name, SecretString=value)["ARN"]
    except manager.exceptions.ResourceExistsException:
        return manager.put_secret_value(SecretId=name, SecretString=value)["ARN"]


def _configure(monkeypatch, environment: dict, deployed: dict, moto_server: str) -> None:
    """Set a process's environment as the template gives it; a value the template computes
    (a reference to a resource) becomes the deployed resource's, by the setting's name."""
    for name, value in environment.items():
        if not name.startswith("VALVID_"):
            continue
        if not isinstance(value, str):
            assert name in deployed, f"{name} comes from a resource this check does not know"
            value = deployed[name]
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("VALVID_AWS_ENDPOINT_URL", moto_server)  # the one addition: moto


def _handler(command: str):
    module, name = command.rsplit(".", 1)
    return getattr(importlib.import_module(module), name)


def test_every_process_starts_as_deployed_and_is_ready_once_the_key_pair_exists(
    templates, first_deploy, moto_server, monkeypatch
):
    clients, _, deployed = first_deploy
    app_env = _app_environment(templates)
    named = app_env["VALVID_CLOUDFRONT_PRIVATE_KEY_SECRET"]
    if isinstance(named, str):  # the secret has a fixed name: create it as the data stack does
        deployed["SecretId"] = _placeholder_secret(clients, named)
    prefix = app_env["VALVID_AWS_TABLE_PREFIX"]
    try:
        create_tables(clients.client("dynamodb"), prefix)
    except clients.client("dynamodb").exceptions.ResourceInUseException:
        pass  # the moto server outlives one test
    processes = _lambda_processes(templates)
    handlers = {command for command, _ in processes.values()}
    assert {f"backend.entrypoints.lambdas.{n}" for n in (
        "s3_object_created", "mediaconvert_state_change", "rotate_signing_keys", "sweep_jobs",
        "provision_signing_key")} <= handlers  # fmt: skip

    # the app, before the key pair exists: up, healthy, and not ready with a reason
    with monkeypatch.context() as m:
        _configure(m, app_env, deployed, moto_server)
        with TestClient(build_api(build_services())) as api:
            assert api.get("/api/health").status_code == 200
            waiting = api.get("/api/ready")
            assert waiting.status_code == 503
            assert "signing secret does not hold a PEM private key" in waiting.json()["message"]

            # the deploy's key-pair resource, run as its function is configured
            ((command, environment),) = [
                p for p in processes.values() if p[0].endswith(".provision_signing_key")
            ]
            (pair,) = templates["ValvidWeb"].find_resources("Custom::CloudFrontKeyPair").values()
            assert set(pair["Properties"]) - {"ServiceToken"} == {"SecretId"}
            with monkeypatch.context() as fm, cloudformation.response_url() as (url, answers):
                _configure(fm, environment, deployed, moto_server)
                event = cloudformation.request("Create", url, {"SecretId": deployed["SecretId"]})
                _handler(command)(event)
            assert answers[0]["Status"] == "SUCCESS", answers
            assert "PUBLIC KEY" in answers[0]["Data"]["PublicKey"]
            assert api.get("/api/ready").status_code == 200  # the running task needs no restart

    # every handler, as each function is configured, with the events it is given
    events = {"s3_object_created": EMPTY_BATCH, "mediaconvert_state_change": EMPTY_BATCH,
              "rotate_signing_keys": SCHEDULED, "sweep_jobs": SCHEDULED}  # fmt: skip
    for logical, (command, environment) in processes.items():
        name = command.rsplit(".", 1)[1]
        if name not in events:
            continue
        with monkeypatch.context() as m:
            _configure(m, environment, deployed, moto_server)
            lambdas.services.cache_clear()
            try:
                _handler(command)(events[name], None)
                assert lambdas.services().port("signer").problem() is None, logical
            finally:
                lambdas.services.cache_clear()


def test_the_key_pair_is_made_by_the_deploy_and_feeds_the_key_group(templates):
    web = templates["ValvidWeb"]
    (pair_id,) = web.find_resources("Custom::CloudFrontKeyPair")
    web.has_resource_properties(
        "AWS::CloudFront::PublicKey",
        {"PublicKeyConfig": Match.object_like(
            {"EncodedKey": {"Fn::GetAtt": [pair_id, "PublicKey"]}})},
    )  # fmt: skip
    web.has_resource_properties(
        "AWS::IAM::Policy",
        {"PolicyDocument": {"Statement": Match.array_with([Match.object_like(
            {"Action": Match.array_with(["secretsmanager:PutSecretValue"])})])}},
    )  # fmt: skip


def test_a_service_that_never_turns_healthy_rolls_back(templates):
    templates["ValvidWeb"].has_resource_properties(
        "AWS::ECS::Service",
        {"DeploymentConfiguration": Match.object_like(
            {"DeploymentCircuitBreaker": {"Enable": True, "Rollback": True}})},
    )  # fmt: skip
