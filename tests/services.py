"""Tests that need PostgreSQL, Redis or nginx: skipped where those are missing,
failed instead when ``RENEWAL_REQUIRE_TOPOLOGY`` is set (CI sets it)."""
from __future__ import annotations

import os
from typing import NoReturn

import pytest

REQUIRE_ENV = "RENEWAL_REQUIRE_TOPOLOGY"


def missing_service(message: str) -> NoReturn:
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(message)
    pytest.skip(message)
