from backend.domain.statuses import AccountStatus
from tests.catalog_seed import published
from tests.ui.conftest import member, open_page
from valvid_ui import routes
from valvid_ui.pages.channel import ChannelState


def test_a_channel_shows_the_creator_and_loads_more_of_their_videos(ui):
    principal, _ = member(ui, "Rosa")
    owner = ui.port("users").get(principal.user_id)
    for n in range(30):
        ui.port("videos").add(published(n, owner, title=f"Rosa {n}"))
    state = open_page(ChannelState, routes.channel("rosa"), route=routes.CHANNEL)
    state.load()
    assert state.found and state.creator == "Rosa" and state.joined.startswith("Joined ")
    assert len(state.cards) == 24 and state.cards[0].title == "Rosa 29"
    state.load_more()
    assert len(state.cards) == 30 and state.cursor == ""


def test_an_unknown_or_suspended_creator_is_not_found(ui):
    member(ui, "sven")
    ui.auth.set_status(email="sven@example.com", status=AccountStatus.SUSPENDED)
    for name in ("sven", "nobody"):
        state = open_page(ChannelState, routes.channel(name), route=routes.CHANNEL)
        state.load()
        assert state.loaded and not state.found and state.cards == []
