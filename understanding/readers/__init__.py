"""The readers: each finds one kind of command in a message, with its position in the text."""
