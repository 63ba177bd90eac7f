"""Every route string of the UI, in one place. Links are built here too, from a str or a Var."""

from typing import Any
from urllib.parse import urlsplit

import reflex as rx

BROWSE = "/"
WATCH = "/watch/[video_id]"
LOGIN = "/login"
SIGNUP = "/signup"
CONFIRM = "/confirm"
FORGOT = "/forgot"
RESET = "/reset"
ACCOUNT = "/account"
STUDIO = "/studio"
EDITOR = "/studio/[video_id]"
ADMIN = "/admin"
CHANNEL = "/c/[creator_name]"  # not [username]: SessionState.username would hide it


def watch(video_id: Any) -> Any:
    """The watch page of a video: a str for a str id, a Var for a Var (rendered in the browser)."""
    return _fill(WATCH, video_id)


def editor(video_id: Any) -> Any:
    return _fill(EDITOR, video_id)


def channel(username: Any) -> Any:
    return _fill(CHANNEL, username)


def on_this_site(target: str, default: str) -> str:
    """target if it is a path of this site, else default. Browsers drop tabs and newlines and
    read a backslash as a slash, so "/\\host" and "/\t/host" lead elsewhere like "//host"."""
    if any(c < " " or c in "\\\x7f" for c in target):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def _fill(route: str, value: Any) -> Any:
    prefix = route.split("[", 1)[0]
    return (
        rx.Var.create(prefix) + value.to(str) if isinstance(value, rx.Var) else f"{prefix}{value}"
    )
