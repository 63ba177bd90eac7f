"""What page states share: route arguments read by name, and the loaded / not-found flags.

A page whose route has an argument (`/watch/[video_id]` in routes.py) reads it with
`self._route_arg("video_id")`, never by splitting the URL. Reflex turns every route argument into
a var of the root state with that name, so no state may have a var of the same name: it would
silently hide the argument (tests/ui/test_routes.py checks it).
"""

import reflex as rx


class PageState(rx.State, mixin=True):
    loaded: rx.Field[bool] = rx.field(False)  # its data was asked for (until then: a spinner)
    found: rx.Field[bool] = rx.field(True)  # what the route names exists and may be shown

    def _route_arg(self, name: str) -> str:
        value = self.rx_router_page.params.get(name, "")
        return value if isinstance(value, str) else ""

    def _begin_load(self) -> None:
        self.loaded, self.found = True, True
