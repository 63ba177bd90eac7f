from tests.catalog_seed import published
from tests.ui.conftest import events, member, open_page, redirect_path
from valvid_ui import routes
from valvid_ui.pages.browse import BrowseState


def seed(svc, titles: list[str]) -> None:
    principal, _ = member(svc, "nora")
    owner = svc.port("users").get(principal.user_id)
    for n, title in enumerate(titles):
        svc.port("videos").add(published(n, owner, title=title))


def test_browse_lists_newest_first_and_loads_more(ui):
    seed(ui, [f"Video {n}" for n in range(30)])
    state = open_page(BrowseState, routes.BROWSE)
    state.load()
    assert state.loaded and len(state.cards) == 24 and state.cards[0].title == "Video 29"
    state.load_more()
    assert len(state.cards) == 30 and state.cursor == ""


def test_the_query_in_the_url_and_the_search_box_both_search(ui):
    seed(ui, ["Cooking pasta", "Mountain run", "Cooking rice"])
    state = open_page(BrowseState, "/?q=cook", route=routes.BROWSE)
    state.load()
    assert state.query == "cook"
    assert sorted(c.title for c in state.cards) == ["Cooking pasta", "Cooking rice"]
    state = open_page(BrowseState, redirect_path(state.search({"q": "  mountain "})),
                      route=routes.BROWSE)  # fmt: skip
    state.load()
    assert state.query == "mountain" and [c.title for c in state.cards] == ["Mountain run"]
    state = open_page(BrowseState, "/?q=submarine", route=routes.BROWSE)
    state.load()
    assert state.cards == []


def scripts(result) -> list[str]:
    """The JavaScript of every `rx.call_script(...)` among a handler's events."""
    return [
        e.args[0][1]._var_value
        for e in events(result)
        if getattr(getattr(e, "handler", None), "fn", None) is not None
        and e.handler.fn.__qualname__ == "_call_script"
    ]


def test_a_search_goes_to_its_own_url_so_back_and_bookmarks_work(ui):
    state = open_page(BrowseState, routes.BROWSE)
    state.load()
    assert redirect_path(state.search({"q": "  mountain bike "})) == "/?q=mountain+bike"
    assert redirect_path(state.search({"q": ""})) == "/"


def test_load_more_writes_the_loaded_pages_into_the_url(ui):
    seed(ui, [f"Video {n}" for n in range(30)])
    state = open_page(BrowseState, "/?q=video", route=routes.BROWSE)
    state.load()
    remembered = scripts(state.load_more())
    assert len(state.cards) == 30
    assert any('"/?q=video&pages=2"' in s for s in remembered), remembered


def test_back_to_a_url_with_loaded_pages_shows_them_all_and_restores_the_scroll(ui):
    seed(ui, [f"Video {n}" for n in range(30)])
    state = open_page(BrowseState, "/?pages=2", route=routes.BROWSE)
    restore = scripts(state.load())
    assert len(state.cards) == 30 and state.cursor == ""
    assert any("restoreScroll" in s for s in restore), restore


def test_the_sort_is_in_the_url_and_orders_the_listing(ui):
    seed(ui, ["First", "Second", "Third"])
    state = open_page(BrowseState, "/?sort=oldest", route=routes.BROWSE)
    state.load()
    assert [c.title for c in state.cards] == ["First", "Second", "Third"]
    assert redirect_path(state.sort_by("newest")) == "/"
    state = open_page(BrowseState, "/?q=cook", route=routes.BROWSE)
    state.load()
    assert redirect_path(state.sort_by("oldest")) == "/?q=cook&sort=oldest"
