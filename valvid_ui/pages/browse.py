import json
from urllib.parse import urlencode

import reflex as rx

from backend.domain.errors import DomainError
from backend.services.catalog import SORTS
from valvid_ui import routes
from valvid_ui.components.layout import link_button, page
from valvid_ui.components.video_card import card_grid
from valvid_ui.services import services
from valvid_ui.state.card_pages import CardPages
from valvid_ui.state.session import SessionState

PAGE = 24
MAX_PAGES = 10  # a URL asks for at most this many pages at once

SEARCH_BOX = "search-q"


def browse_url(query: str = "", sort: str = SORTS[0], pages: int = 1) -> str:
    """The URL of a listing: its query, its sort and how many pages are loaded (for Back)."""
    params = {
        "q": query,
        "sort": sort if sort != SORTS[0] else "",
        "pages": pages if pages > 1 else "",
    }
    search = urlencode({k: v for k, v in params.items() if v})
    return f"{routes.BROWSE}?{search}" if search else routes.BROWSE


class BrowseState(CardPages, rx.State):
    """The listing follows its URL (?q=, ?sort=, ?pages=): a search or a sort is a navigation,
    so Back, bookmarks and shared links work; Load more rewrites the URL in place, so coming
    Back shows every page loaded before, at the scroll position left (valvid_page.js)."""

    query: rx.Field[str] = rx.field("")
    sort: rx.Field[str] = rx.field(SORTS[0])
    loaded: rx.Field[bool] = rx.field(False)
    _pages: int = 1

    @rx.event
    def load(self):
        params = self.router.url.query_parameters
        self.query = str(params.get("q", "")).strip()
        sort = str(params.get("sort", ""))
        self.sort = sort if sort in SORTS else SORTS[0]
        pages = str(params.get("pages", "1"))
        wanted = min(int(pages), MAX_PAGES) if pages.isdigit() and int(pages) > 0 else 1
        self._fetch(reset=True)
        while self._pages < wanted and self.cursor:
            self._fetch(reset=False)
        # The box shows this URL's words (Back to another search too), unless the viewer is
        # typing in it: the form is never rebuilt, so what is typed is never lost.
        words = json.dumps(self.query)
        return rx.call_script(
            f"const box = document.getElementById('{SEARCH_BOX}');"
            f" if (box && document.activeElement !== box) box.value = {words};"
            " window.valvidPage && window.valvidPage.restoreScroll()"
        )

    @rx.event
    def search(self, form: dict):
        return rx.redirect(browse_url(str(form.get("q", "")).strip(), self.sort))

    @rx.event
    def sort_by(self, sort: str):
        return rx.redirect(browse_url(self.query, sort))

    @rx.event
    def load_more(self):
        self._fetch(reset=False)
        url = browse_url(self.query, self.sort, self._pages)
        return rx.call_script(
            f"window.valvidPage && window.valvidPage.replaceUrl({json.dumps(url)})"
        )

    def _fetch(self, *, reset: bool) -> None:
        cursor = self._next_cursor(reset=reset)
        try:
            page = services().catalog.browse(
                query=self.query, cursor=cursor, limit=PAGE, sort=self.sort
            )
        except DomainError:
            page = services().catalog.browse(limit=PAGE)
        self._show(page, reset=reset)
        self._pages = 1 if reset else self._pages + 1
        self.loaded = True


def search_bar() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16)),
                name="q",
                placeholder="Search videos",
                default_value=BrowseState.query,
                id=SEARCH_BOX,
                aria_label="Search videos",
                size="3",
                width="100%",
            ),
            rx.button("Search", type="submit", size="3"),
            width="100%",
            max_width="640px",
        ),
        role="search",
        on_submit=BrowseState.search,
        reset_on_submit=False,
        width="100%",
    )


def sort_select() -> rx.Component:
    """Newest or oldest first; a search lists the best matches first instead."""
    return rx.cond(
        BrowseState.query == "",
        rx.select.root(
            rx.select.trigger(aria_label="Sort videos"),
            rx.select.content(
                rx.select.item("Newest first", value="newest"),
                rx.select.item("Oldest first", value="oldest"),
            ),
            value=BrowseState.sort,
            on_change=BrowseState.sort_by,
        ),
        rx.text("Best matches first", color_scheme="gray", size="2"),
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
            rx.heading("Discover videos", size="8", as_="h1"),
            search_bar(),
            sort_select(),
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
