"""Desk agents' passwords, kept only as argon2id hashes (the library's recommended parameters)."""
from __future__ import annotations

import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MAX_PASSWORD_LENGTH = 1024  # longer input is cut: hashing megabytes would be a way to tie up the server

_HASHER = PasswordHasher()  # stateless, safe to share
UNKNOWN = _HASHER.hash(secrets.token_urlsafe(16))
"""Checked for a name nobody has, so that an unknown name costs as much as a wrong password."""


def hash_password(password: str) -> str:
    return _HASHER.hash(password[:MAX_PASSWORD_LENGTH])


def verify(stored: str, password: str) -> bool:
    """Whether the password is the one ``stored`` hashes (never for ``UNKNOWN``)."""
    try:
        _HASHER.verify(stored, password[:MAX_PASSWORD_LENGTH])
    except (VerificationError, InvalidHashError):
        return False
    return stored is not UNKNOWN


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
