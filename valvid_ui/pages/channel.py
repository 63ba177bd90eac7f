"""A creator's channel: their name, when they joined, their published videos with Load more."""

import reflex as rx

from backend.domain.errors import DomainError, NotFound
from valvid_ui import routes
from valvid_ui.components.layout import not_found, page
from valvid_ui.components.video_card import card_grid
from valvid_ui.services import services
from valvid_ui.state.card_pages import CardPages
from valvid_ui.state.page import PageState
from valvid_ui.state.session import SessionState

PAGE = 24


class ChannelState(PageState, CardPages, rx.State):
    creator: rx.Field[str] = rx.field("")
    joined: rx.Field[str] = rx.field("")

    @rx.event
    def load(self):
        self._begin_load()
        self._fetch(reset=True)

    @rx.event
    def load_more(self):
        self._fetch(reset=False)

    def _fetch(self, *, reset: bool) -> None:
        try:
            channel = services().catalog.channel(
                self._route_arg("creator_name"),
                cursor=self._next_cursor(reset=reset),
                limit=PAGE,
            )
        except NotFound:
            self.found, self.cards, self.cursor = False, [], ""
            return
        except DomainError:
            return
        self.creator = channel.creator.username
        self.joined = f"Joined {channel.creator.joined:%B %Y}"
        self._show(channel.videos, reset=reset)


def channel_body() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.icon("circle-user", size=40, color=rx.color("iris", 9)),
            rx.vstack(rx.heading(ChannelState.creator, size="8"),
                      rx.text(ChannelState.joined, color_scheme="gray"), spacing="1"),
            align="center",
            spacing="4",
        ),
        rx.cond(
            ChannelState.cards.length() > 0,
            card_grid(ChannelState.cards),
            rx.text("No published videos yet.", color_scheme="gray"),
        ),
        rx.cond(
            ChannelState.cursor != "",
            rx.center(rx.button("Load more", variant="soft", size="3",
                                on_click=ChannelState.load_more), width="100%"),
        ),
        spacing="6",
        width="100%",
    )  # fmt: skip


def channel() -> rx.Component:
    return page(
        rx.cond(
            ChannelState.loaded,
            rx.cond(ChannelState.found, channel_body(), not_found("No creator has this name.")),
            rx.center(rx.spinner(size="3"), padding_y="10vh"),
        )
    )


def register(app: rx.App) -> None:
    app.add_page(channel, route=routes.CHANNEL, title="Channel · Valvid",
                 on_load=[SessionState.load_session, ChannelState.load])  # fmt: skip
