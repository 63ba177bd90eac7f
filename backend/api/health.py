from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from backend.api.deps import ServicesDep
from backend.api.errors import error_response

router = APIRouter(prefix="/api", tags=["health"])


def _version() -> str:
    try:
        return version("valvid")
    except PackageNotFoundError:
        return "unknown"


@router.get("/health")
def health(svc: ServicesDep) -> dict:
    """Mode and version only; never request data."""
    return {"status": "ok", "mode": svc.settings.mode, "version": _version()}


@router.get("/ready", responses={503: {"description": "a named piece is missing"}})
def ready(svc: ServicesDep) -> JSONResponse:
    """Whether every part a request may need is in place (the signing key a deploy makes);
    the process stays up and says what is missing rather than failing to start."""
    problem = getattr(svc.port("signer"), "problem", lambda: None)()
    if problem:
        return error_response(503, "not_ready", problem, {"Retry-After": "30"})
    return JSONResponse({"status": "ready", "mode": svc.settings.mode})
