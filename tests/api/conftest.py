import pytest
from fastapi.testclient import TestClient

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from tests.unit.helpers import PASSWORD


@pytest.fixture
def api(tmp_path):
    svc = build_services(Settings(data_dir=tmp_path))
    with TestClient(build_api(svc)) as client:
        client.svc = svc
        yield client


def register(api, name: str) -> dict:
    """Sign up, confirm via the outbox and log in through the API; returns auth headers."""
    email = f"{name}@example.com"
    assert (
        api.post(
            "/api/users/signup", json={"email": email, "username": name, "password": PASSWORD}
        ).status_code
        == 202
    )
    code = api.svc.port("identity").outbox(email)[0].code
    assert api.post("/api/users/confirm", json={"email": email, "code": code}).status_code == 200
    token = api.post("/api/users/login", json={"email": email, "password": PASSWORD}).json()[
        "token"
    ]
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def alice(api):
    return register(api, "alice")


@pytest.fixture
def bob(api):
    return register(api, "bob")
