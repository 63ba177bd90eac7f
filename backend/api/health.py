from importlib.metadata import PackageNotFoundError, version

from fastapi import APIRouter

from backend.api.deps import ServicesDep

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
