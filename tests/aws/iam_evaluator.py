"""A small IAM evaluator for identity policies: Allow and Deny statements with Action /
NotAction and Resource / NotResource, `*` and `?` wildcards, case-insensitive actions.

Conditions are not evaluated: a statement with a Condition counts as matching (the policies the
CDK app writes use none on identity policies), so this can only be more permissive for them."""

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any


@lru_cache(maxsize=4096)
def _pattern(glob: str, ignore_case: bool) -> re.Pattern[str]:
    regex = "".join(".*" if ch == "*" else "." if ch == "?" else re.escape(ch) for ch in glob)
    return re.compile(f"^{regex}$", re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def _listed(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def _matches(globs: list[str], value: str, *, ignore_case: bool) -> bool:
    return any(_pattern(glob, ignore_case).match(value) for glob in globs)


def _applies(statement: dict[str, Any], action: str, resource: str) -> bool:
    if "Action" in statement:
        hit = _matches(_listed(statement["Action"]), action, ignore_case=True)
    else:
        hit = not _matches(_listed(statement["NotAction"]), action, ignore_case=True)
    if not hit:
        return False
    if "Resource" in statement:
        return _matches(_listed(statement["Resource"]), resource, ignore_case=False)
    return not _matches(_listed(statement["NotResource"]), resource, ignore_case=False)


def allows(statements: Iterable[dict[str, Any]], action: str, resource: str) -> bool:
    """True when some statement allows `action` on `resource` and none denies it."""
    allowed = False
    for statement in statements:
        if _applies(statement, action, resource):
            if statement["Effect"] == "Deny":
                return False
            allowed = True
    return allowed
