"""Rasa input channels of our own, and a measured fix to Rasa (rasa_patches)."""
from connectors import rasa_patches

rasa_patches.install()
