"""The renewal rules and the model they work on: plain dataclasses and pure functions (no I/O)."""
