"""The Reflex app: pages, plus the HTTP API mounted into the same backend."""

import reflex as rx

from backend.bootstrap import build_api
from valvid_ui.pages import browse, confirm, editor, login, signup, studio, watch
from valvid_ui.services import services

app = rx.App(api_transformer=build_api(services()))
for module in (watch, editor, browse, login, signup, confirm, studio):  # dynamic routes first
    module.register(app)
