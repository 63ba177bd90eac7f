"""The Reflex app: pages, plus the HTTP API mounted into the same backend."""

import reflex as rx

from backend.bootstrap import build_api
from valvid_ui.pages import (
    account,
    browse,
    channel,
    confirm,
    editor,
    forgot,
    login,
    reset,
    signup,
    studio,
    watch,
)
from valvid_ui.pages import admin as admin_page
from valvid_ui.services import services

app = rx.App(api_transformer=build_api(services()))
# Dynamic routes first, as Reflex advises: a static route added earlier with the same page
# function would take the URL. Each module registers its own page and on_load events.
for module in (watch, editor, channel, browse, login, signup, confirm, studio):
    module.register(app)
for module in (forgot, reset, account):
    module.register(app)
admin_page.register(app)
