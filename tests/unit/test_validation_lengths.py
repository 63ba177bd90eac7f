"""Lengths are checked before any pattern runs, so huge inputs cost nothing and say why."""

import pytest

from backend.domain.errors import InvalidInput
from backend.services.validation import check_password


def test_an_overlong_password_is_refused_for_its_length_first():
    with pytest.raises(InvalidInput, match="too long"):
        check_password("!" * 100_000)  # no letter, no digit: the length is what matters
