import threading

import pytest
from moto import mock_aws

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.dynamodb_tables import create_tables
from tests.fakes.services import fake_services


@pytest.fixture
def svc(tmp_path):
    """Services wired to in-memory fakes and a frozen clock."""
    return fake_services(tmp_path)


@pytest.fixture
def clock(svc):
    return svc.port("clock")


FAKE_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
}


def fake_credentials(monkeypatch) -> None:
    """Credentials that can only ever reach moto."""
    for name, value in FAKE_AWS_ENV.items():
        monkeypatch.setenv(name, value)


def one_write_at_a_time(monkeypatch) -> None:
    """DynamoDB applies each write to an item atomically; moto's in-process backend reads and
    writes Python objects without a lock, so threads racing in a test lose updates that the
    service would not. Serialize each single write call, as the service does: a client that
    reads and then writes in two calls still races (which is what the contract tests catch)."""
    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in ("update_item", "put_item", "delete_item", "transact_write_items"):
        original = getattr(DynamoDBBackend, name)

        def serialized(self, *args, __original=original, **kwargs):  # type: ignore[no-untyped-def]
            with lock:
                return __original(self, *args, **kwargs)

        monkeypatch.setattr(DynamoDBBackend, name, serialized)


@pytest.fixture
def aws(monkeypatch):
    """moto in-process with the tables of aws mode."""
    fake_credentials(monkeypatch)
    one_write_at_a_time(monkeypatch)
    with mock_aws():
        clients = AwsClients(region="eu-west-1")
        create_tables(clients.client("dynamodb"), "test")
        yield clients


@pytest.fixture(scope="session")
def moto_server():
    """moto as a real HTTP server on loopback, for what must speak HTTP (PyAV, browsers)."""
    from moto.server import ThreadedMotoServer

    from tests.live_server import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def aws_http(moto_server, monkeypatch):
    """AwsClients pointed at the moto server, with the tables of aws mode (fresh prefix)."""
    import secrets

    fake_credentials(monkeypatch)
    clients = AwsClients(region="eu-west-1", endpoint_url=moto_server)
    prefix = "t" + secrets.token_hex(4)
    create_tables(clients.client("dynamodb"), prefix)
    clients.prefix = prefix  # type: ignore[attr-defined]
    return clients
