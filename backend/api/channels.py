from fastapi import APIRouter

from backend.api.deps import ServicesDep
from backend.api.schemas import ChannelOut

router = APIRouter(prefix="/api/viewers/creators", tags=["viewers"])


@router.get("/{username}/videos")
def channel(
    username: str, svc: ServicesDep, cursor: str | None = None, limit: int = 24
) -> ChannelOut:
    """A creator's channel: their name, when they joined, their published videos newest first."""
    return ChannelOut.of(svc.catalog.channel(username, cursor=cursor, limit=limit))
