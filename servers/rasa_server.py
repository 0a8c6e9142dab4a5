"""``rasa run`` with the project's channels wired and the JWT secret of Rasa's HTTP API read from the
environment (``RASA_JWT_SECRET``) instead of the command line, where ``ps`` and ``docker inspect`` show it
to anyone on the machine. Every other argument is ``rasa run``'s:

    RASA_JWT_SECRET=... python -m servers.rasa_server --enable-api --jwt-method HS256 [rasa run options]

Before Rasa starts, the process's services are built once (``renewal.bootstrap``) and handed to the
channels with Rasa's fixes (``connectors.install``).
"""
from __future__ import annotations

import sys

import connectors
from renewal.bootstrap import build
from renewal.config import API_SECRET_ENV, SettingMissing, Settings


def main() -> None:
    settings = Settings.from_env()
    try:
        secret = settings.secret(API_SECRET_ENV).decode()
    except SettingMissing as error:
        sys.exit(str(error))
    connectors.install(build(settings, migrate=True))
    # Rasa reads sys.argv; the process's own command line (/proc/PID/cmdline, ps) stays without it.
    sys.argv = ["rasa", "run", *sys.argv[1:], "--jwt-secret", secret]
    from rasa.__main__ import main as rasa_main
    rasa_main()


if __name__ == "__main__":
    main()
