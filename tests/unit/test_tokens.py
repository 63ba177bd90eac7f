import base64
import json

import jwt
import pytest

from backend.domain.errors import Unauthorized
from tests.unit.helpers import PASSWORD, active_user


@pytest.fixture
def token(svc):
    active_user(svc)
    return svc.auth.log_in(email="alice@example.com", password=PASSWORD, client="c").token.token


def test_token_is_hs256_with_kid_and_two_hour_expiry(svc, token):
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    assert header["alg"] == "HS256" and header["kid"]
    assert claims["exp"] - claims["iat"] == pytest.approx(7200, abs=1)
    assert claims["username"] == "alice"


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).decode().rstrip("=")


def test_alg_none_is_rejected(svc, token):
    header = jwt.get_unverified_header(token)
    claims = jwt.decode(token, options={"verify_signature": False})
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT', 'kid': header['kid']})}.{_b64(claims)}."
    with pytest.raises(Unauthorized):
        svc.tokens.verify(forged)


def test_tampered_claims_are_rejected(svc, token):
    head, _, sig = token.split(".")
    claims = jwt.decode(token, options={"verify_signature": False})
    claims["exp"] += 86400
    with pytest.raises(Unauthorized):
        svc.tokens.verify(f"{head}.{_b64(claims)}.{sig}")


def test_unknown_kid_and_garbage_are_rejected(svc, token):
    claims = jwt.decode(token, options={"verify_signature": False})
    other = jwt.encode(claims, b"k" * 32, algorithm="HS256", headers={"kid": "key_unknown"})
    for bad in (other, "not-a-token", ""):
        with pytest.raises(Unauthorized):
            svc.tokens.verify(bad)


def test_expired_token_is_rejected(svc, clock, token):
    clock.advance(hours=2, seconds=1)
    with pytest.raises(Unauthorized):
        svc.tokens.verify(token)


def test_rotation_keeps_old_tokens_valid_until_they_expire(svc, clock, token):
    old_kid = jwt.get_unverified_header(token)["kid"]
    svc.tokens.rotate()
    user = svc.tokens.verify(token)
    new_token = svc.tokens.issue(user).token
    assert jwt.get_unverified_header(new_token)["kid"] != old_kid
    clock.advance(hours=2, seconds=1)
    svc.tokens.rotate()
    assert old_kid not in [k.kid for k in svc.port("signing_keys").all()]


def test_deleting_a_key_revokes_its_tokens(svc, token):
    kid = jwt.get_unverified_header(token)["kid"]
    svc.port("signing_keys").delete(kid)
    with pytest.raises(Unauthorized):
        svc.tokens.verify(token)
