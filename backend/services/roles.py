"""Who may do what: creator routes and admin routes check the principal here."""

from backend.domain.errors import Forbidden, NotFound
from backend.domain.models import Principal

NOT_A_CREATOR = (
    "Only creators can upload and publish videos. Ask an admin for creator access on your "
    "studio page; the answer comes by email."
)


def require_creator(principal: Principal) -> None:
    if not principal.is_creator:
        raise Forbidden(NOT_A_CREATOR, code="not_a_creator")


def require_admin(principal: Principal | None) -> Principal:
    """The admin principal; anyone else is told there is nothing here (NotFound)."""
    if principal is None or not principal.is_admin:
        raise NotFound("Not found.")
    return principal
