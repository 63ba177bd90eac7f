import pytest

from tests.fakes.services import fake_services


@pytest.fixture
def svc(tmp_path):
    """Services wired to in-memory fakes and a frozen clock."""
    return fake_services(tmp_path)


@pytest.fixture
def clock(svc):
    return svc.port("clock")
