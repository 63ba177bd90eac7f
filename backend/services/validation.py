"""Input rules shared by the services, with messages a person can act on."""

import re
from collections.abc import Callable
from typing import Any

from backend.domain.errors import InvalidFields, InvalidInput

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
USERNAME = re.compile(r"^[A-Za-z0-9_.-]{3,30}$")
MAX_TITLE, MAX_DESCRIPTION, MAX_TAGS, MAX_TAG = 100, 5000, 10, 30


def normalise_email(email: str) -> str:
    email = (email or "").strip().lower()
    if len(email) > 254 or not EMAIL.match(email):
        raise InvalidInput("Enter a valid email address.", code="invalid_email")
    return email


def check_username(username: str) -> str:
    username = (username or "").strip()
    if len(username) > 30 or not USERNAME.match(username):
        raise InvalidInput(
            "Usernames are 3-30 characters: letters, digits, '.', '-' or '_'.",
            code="invalid_username",
        )
    return username


def check_password(password: str) -> str:
    if len(password or "") > 256:
        raise InvalidInput("Password is too long (256 characters at most).", code="weak_password")
    missing = []
    if len(password or "") < 8:
        missing.append("at least 8 characters")
    if not re.search(r"[A-Za-z]", password or ""):
        missing.append("a letter")
    if not re.search(r"\d", password or ""):
        missing.append("a number")
    if missing:
        raise InvalidInput(f"Your password needs {_and(missing)}.", code="weak_password")
    return password


def fields(**checks: tuple[Callable[[Any], Any], Any]) -> dict[str, Any]:
    """Run every field's check, {field: (check, value)}; the checked values, or InvalidFields
    naming every field that failed (not only the first)."""
    values, errors = {}, {}
    for name, (check, value) in checks.items():
        try:
            values[name] = check(value)
        except InvalidInput as e:
            errors[name] = e
    if errors:
        raise InvalidFields(errors)
    return values


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def check_title(title: str) -> str:
    title = (title or "").strip()
    if not 1 <= len(title) <= MAX_TITLE:
        raise InvalidInput(f"Title must be 1-{MAX_TITLE} characters.", code="invalid_title")
    return title


def check_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > MAX_DESCRIPTION:
        raise InvalidInput(
            f"Description must be at most {MAX_DESCRIPTION} characters.", code="invalid_description"
        )
    return description


def normalise_tags(tags: list[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags or []:
        tag = " ".join(str(tag).split()).lower()
        if not 1 <= len(tag) <= MAX_TAG:
            raise InvalidInput(f"Each tag must be 1-{MAX_TAG} characters.", code="invalid_tags")
        if tag not in cleaned:
            cleaned.append(tag)
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput(f"At most {MAX_TAGS} tags.", code="invalid_tags")
    return cleaned


def check_text(text: str, *, field: str, max_chars: int, required: bool = False) -> str:
    """A free-text note or reason: trimmed, at most max_chars, present when required."""
    text = (text or "").strip()
    if len(text) > max_chars:
        raise InvalidInput(
            f"The {field} must be at most {max_chars} characters.", code=f"invalid_{field}"
        )
    if required and not text:
        raise InvalidInput(f"Give a {field}.", code=f"invalid_{field}")
    return text
