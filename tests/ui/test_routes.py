"""Route rules the pages rely on: arguments read by name, never hidden by a state var."""

import re

import reflex as rx

import valvid_ui.valvid_ui  # noqa: F401  (registers every page and its states)
from valvid_ui import routes

ROUTES = [v for k, v in vars(routes).items() if k.isupper() and isinstance(v, str)]
ARGUMENTS = {a for r in ROUTES for a in re.findall(r"\[(\w+)\]", r)}


def all_states(cls: type[rx.State]) -> list[type[rx.State]]:
    return [cls] + [s for sub in cls.get_substates() for s in all_states(sub)]


def test_no_state_var_has_the_name_of_a_route_argument():
    """Reflex gives the root state a var per route argument; a same-named var would hide it."""
    assert {"video_id", "creator_name"} == ARGUMENTS
    for state in all_states(rx.State):
        if state.__module__.startswith("valvid_ui"):
            clashes = ARGUMENTS & (set(state.base_vars) | set(state.computed_vars))
            assert not clashes, f"{state.__name__} has vars named like route arguments: {clashes}"


def test_links_are_built_from_the_route_patterns():
    assert routes.watch("vid_1") == "/watch/vid_1"
    assert routes.editor("vid_1") == "/studio/vid_1"
    link = routes.editor(rx.Var.create("vid_2"))
    assert isinstance(link, rx.Var) and "/studio/" in str(link)
