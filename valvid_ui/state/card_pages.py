"""A grid of video cards that grows with Load more (browse, channel pages)."""

import reflex as rx

from backend.domain.models import Page
from backend.services.catalog import PublicVideo
from valvid_ui.components.video_card import Card


class CardPages(rx.State, mixin=True):
    cards: rx.Field[list[Card]] = rx.field(default_factory=list)
    cursor: rx.Field[str] = rx.field("")  # the next page's; "" when there is none

    def _next_cursor(self, *, reset: bool) -> str | None:
        return None if reset else self.cursor or None

    def _show(self, page: Page[PublicVideo], *, reset: bool) -> None:
        cards = [Card.of(v) for v in page.items]
        self.cards = cards if reset else self.cards + cards
        self.cursor = page.next_cursor or ""
