"""Request dependencies: the services, the caller's address and the bearer authorizer."""

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from backend.bootstrap import Services
from backend.domain.errors import Unauthorized
from backend.domain.models import Principal

bearer = HTTPBearer(auto_error=False, description="The platform JWT from /api/users/login")


def services(request: Request) -> Services:
    return request.app.state.services


def bearer_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized("Log in first: send 'Authorization: Bearer <token>'.")
    return credentials.credentials


def current_principal(
    token: Annotated[str, Depends(bearer_token)],
    svc: Annotated[Services, Depends(services)],
) -> Principal:
    return svc.tokens.principal(token)


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else "unknown"
    hops = request.app.state.services.settings.trusted_proxy_hops
    return forwarded_client(peer, request.headers.getlist("x-forwarded-for"), hops)


def forwarded_client(peer: str, forwarded_for: list[str], hops: int) -> str:
    """Behind N trusted proxies (VALVID_TRUSTED_PROXY_HOPS) the caller is the N-th
    X-Forwarded-For entry from the right: the one the outermost trusted proxy wrote; entries
    further left are whatever the client sent. Too few entries (a proxy was skipped): the peer.
    Reflex's trusted_proxy_hops follows the same rule, so pages and API agree."""
    if not hops:
        return peer
    entries = [e.strip() for header in forwarded_for for e in header.split(",") if e.strip()]
    return entries[-hops] if len(entries) >= hops else peer


ServicesDep = Annotated[Services, Depends(services)]
PrincipalDep = Annotated[Principal, Depends(current_principal)]
TokenDep = Annotated[str, Depends(bearer_token)]
