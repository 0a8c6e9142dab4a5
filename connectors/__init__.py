"""Rasa input channels of our own, and measured fixes to Rasa (``rasa_patches``).

Importing this package changes nothing. The Rasa server's entry point (``servers.rasa_server``) calls
``install`` once, before Rasa starts: it applies the fixes, and hands the channels the process's
services. Rasa builds the channels itself, from ``credentials.yml`` and by class, so they cannot be
given anything else; ``Wired.services`` is set there, once, and never changed.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, Optional

if TYPE_CHECKING:
    from renewal.bootstrap import Services


class Wired:
    services: ClassVar[Optional[Services]] = None

    @staticmethod
    def get() -> Services:
        if Wired.services is None:
            raise RuntimeError("the channels have no services: start Rasa with python -m servers.rasa_server, "
                               "which calls connectors.install")
        return Wired.services


def install(services: Services) -> None:
    from connectors import rasa_patches

    rasa_patches.install()
    Wired.services = services
