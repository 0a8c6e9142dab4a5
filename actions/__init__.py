"""Custom actions: thin adapters from the Rasa tracker to the domain core."""
