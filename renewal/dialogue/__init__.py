"""The conversation: commands, the state between messages, the processor (no I/O: what it needs is given)."""
