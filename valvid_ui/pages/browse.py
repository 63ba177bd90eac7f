import reflex as rx

from backend.domain.errors import DomainError
from valvid_ui import routes
from valvid_ui.components.layout import link_button, page
from valvid_ui.components.video_card import card_grid
from valvid_ui.services import services
from valvid_ui.state.card_pages import CardPages
from valvid_ui.state.session import SessionState

PAGE = 24


class BrowseState(CardPages, rx.State):
    query: rx.Field[str] = rx.field("")
    loaded: rx.Field[bool] = rx.field(False)

    @rx.event
    def load(self):
        self.query = self.router.url.query_parameters.get("q", "")
        self._fetch(reset=True)

    @rx.event
    def search(self, form: dict):
        self.query = form.get("q", "").strip()
        self._fetch(reset=True)

    @rx.event
    def load_more(self):
        self._fetch(reset=False)

    def _fetch(self, *, reset: bool) -> None:
        try:
            page = services().catalog.browse(
                query=self.query, cursor=self._next_cursor(reset=reset), limit=PAGE
            )
        except DomainError:
            page = services().catalog.browse(limit=PAGE)
        self._show(page, reset=reset)
        self.loaded = True


def search_bar() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="q",
                placeholder="Search videos",
                default_value=BrowseState.query,
                aria_label="Search videos",
                size="3",
                width="100%",
            ),
            rx.button("Search", type="submit", size="3"),
            width="100%",
            max_width="640px",
        ),
        on_submit=BrowseState.search,
        reset_on_submit=False,
        width="100%",
    )


def empty_state() -> rx.Component:
    return rx.center(
        rx.vstack(
            rx.icon("popcorn", size=48, color=rx.color("iris", 8)),
            rx.cond(
                BrowseState.query != "",
                rx.text("No videos match your search. Try other words."),
                rx.text("No videos yet. Be the first to share one!"),
            ),
            link_button("Upload a video", routes.STUDIO),
            align="center",
            spacing="3",
        ),
        padding_y="10vh",
        width="100%",
    )


def browse() -> rx.Component:
    return page(
        rx.vstack(
            rx.heading("Discover videos", size="8"),
            search_bar(),
            rx.cond(
                BrowseState.loaded,
                rx.cond(
                    BrowseState.cards.length() > 0, card_grid(BrowseState.cards), empty_state()
                ),
                rx.center(rx.spinner(size="3"), padding_y="10vh", width="100%"),
            ),
            rx.cond(
                BrowseState.cursor != "",
                rx.center(
                    rx.button("Load more", variant="soft", size="3",
                              on_click=BrowseState.load_more),
                    width="100%",
                ),
            ),
            spacing="6",
            width="100%",
        )
    )  # fmt: skip


def register(app: rx.App) -> None:
    app.add_page(browse, route=routes.BROWSE, title="Valvid",
                 on_load=[SessionState.load_session, BrowseState.load])  # fmt: skip
