"""Italian language helpers for the assistant's NLU (no domain rules here)."""
