"""From what the NLU read to the commands a message carries (see parser.py)."""
