"""The Reflex app: pages, plus the HTTP API mounted into the same backend."""

import reflex as rx

from backend.bootstrap import build_api
from valvid_ui.pages import home
from valvid_ui.services import services

app = rx.App(api_transformer=build_api(services()))
home.register(app)
