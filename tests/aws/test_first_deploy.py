"""A first deploy needs no manual step: the signing secret starts as a placeholder, the deploy's
custom resource puts a key pair in it, and until then every process starts and says what is
missing (a readiness failure), rather than crash-looping on a ConfigError at import."""

import secrets
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.emulated import custom_resources as cloudformation
from backend.entrypoints import lambdas
from tests.fakes.submitter import FakeSubmitter


@pytest.fixture
def placeholder_secret(aws_http, aws_settings):
    """The secret as CloudFormation creates it: a generated password, not a key."""
    name = f"{aws_http.prefix}-fresh-key"
    aws_http.client("secretsmanager").create_secret(
        Name=name, SecretString=secrets.token_urlsafe(24)
    )
    return aws_settings.model_copy(update={"cloudfront_private_key_secret": name})


@pytest.fixture(autouse=True)
def lambda_environment(monkeypatch, moto_server):
    monkeypatch.setenv("AWS_REGION", "eu-west-1")
    monkeypatch.setenv("VALVID_AWS_ENDPOINT_URL", moto_server)


def provision(aws_http, secret: str, kind: str = "Create") -> dict:
    with cloudformation.response_url() as (url, answers):
        lambdas.provision_signing_key(cloudformation.request(kind, url, {"SecretId": secret}))
    (answer,) = answers
    return answer


def test_processes_start_and_report_not_ready_until_the_key_exists(
    placeholder_secret, aws_http, monkeypatch
):
    svc = build_services(placeholder_secret, clients=aws_http, submitter=FakeSubmitter())
    monkeypatch.setattr(lambdas, "services", lambda: svc)
    assert lambdas.rotate_signing_keys({})["kid"]  # a handler works without the key
    with TestClient(build_api(svc)) as api:
        assert api.get("/api/health").status_code == 200
        not_ready = api.get("/api/ready")
        assert not_ready.status_code == 503
        assert not_ready.json()["error"] == "not_ready"
        assert "does not hold a PEM private key" in not_ready.json()["message"]
        playback = api.get("/api/viewers/videos/vid_none/playback")
        assert playback.status_code in (404, 503)  # never a 500
        provision(aws_http, placeholder_secret.cloudfront_private_key_secret)
        assert api.get("/api/ready").status_code == 200  # no restart needed


def test_the_deploy_puts_a_key_pair_and_a_redeploy_keeps_it(placeholder_secret, aws_http):
    secret = placeholder_secret.cloudfront_private_key_secret
    created = provision(aws_http, secret)
    assert created["Status"] == "SUCCESS", created
    assert created["PhysicalResourceId"] == secret
    public_pem = created["Data"]["PublicKey"]
    assert public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    updated = provision(aws_http, secret, "Update")
    assert updated["Data"]["PublicKey"] == public_pem  # URLs signed before stay valid
    assert provision(aws_http, secret, "Delete")["Status"] == "SUCCESS"

    svc = build_services(placeholder_secret, clients=aws_http, submitter=FakeSubmitter())
    query = svc.port("signer").sign(
        "https://cdn.example/media/v/*", datetime.now(UTC) + timedelta(minutes=5)
    )
    params = dict(part.split("=", 1) for part in query.split("&"))
    public = serialization.load_pem_public_key(public_pem.encode())
    policy = _cf_b64(params["Policy"])
    public.verify(_cf_b64(params["Signature"]), policy, padding.PKCS1v15(), hashes.SHA1())  # type: ignore[union-attr]


def test_a_failed_key_pair_is_answered_so_the_stack_does_not_hang(aws_http):
    answer = provision(aws_http, f"{aws_http.prefix}-no-such-secret")
    assert answer["Status"] == "FAILED"
    assert "no-such-secret" in answer["PhysicalResourceId"]
    assert answer["Reason"]


def _cf_b64(value: str) -> bytes:
    import base64

    return base64.b64decode(value.translate(str.maketrans({"-": "+", "_": "=", "~": "/"})))
