from tests.catalog_seed import published
from tests.ui.conftest import member, open_page
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
    state.search({"q": "  mountain "})
    assert state.query == "mountain" and [c.title for c in state.cards] == ["Mountain run"]
    state.search({"q": "submarine"})
    assert state.cards == []
