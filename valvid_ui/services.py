"""The one Services instance of this process, built on first use from the environment."""

from functools import cache

from backend.bootstrap import Services, build_services


@cache
def services() -> Services:
    return build_services()
