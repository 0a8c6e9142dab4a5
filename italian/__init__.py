"""Italian language helpers for the assistant's NLU (no domain rules here)."""

MAX_MESSAGE_CHARACTERS = 1000
"""A longer message is not read: a renewal answer is short (NLU guard and actions alike)."""
