"""Forgot, reset and change password in aws mode: Cognito (moto) through the real composition
root, every call checked against the app role the CDK app deploys."""

import pytest

from backend.domain.errors import InvalidInput, Unauthorized
from tests.unit.helpers import PASSWORD

NEW = "brand new pass 2"


def confirmed_member(svc, name: str) -> str:
    email = f"{name}@example.com"
    svc.auth.sign_up(email=email, username=name, password=PASSWORD)
    svc.auth.confirm(email=email, code="123456")  # moto accepts any code
    return svc.auth.log_in(email=email, password=PASSWORD, client="10.0.0.9").token.token


def test_a_forgotten_password_is_reset_through_cognito(aws_platform):
    svc, _ = aws_platform
    old_token = confirmed_member(svc, "gil")
    svc.passwords.request_reset(email="gil@example.com", client="10.0.0.9")
    svc.passwords.reset(email="gil@example.com", code="123456", password=NEW)
    with pytest.raises(Unauthorized):
        svc.tokens.verify(old_token)
    assert svc.auth.log_in(email="gil@example.com", password=NEW, client="10.0.0.9")


def test_a_password_is_changed_through_cognito_and_old_sessions_end(aws_platform):
    svc, _ = aws_platform
    token = confirmed_member(svc, "hal")
    with pytest.raises(InvalidInput):
        svc.passwords.change(token, current="not it 123", new=NEW, client="10.0.0.9")
    session = svc.passwords.change(token, current=PASSWORD, new=NEW, client="10.0.0.9")
    assert svc.tokens.verify(session.token.token).email == "hal@example.com"
    with pytest.raises(Unauthorized):
        svc.tokens.verify(token)
    assert svc.auth.log_in(email="hal@example.com", password=NEW, client="10.0.0.9")
