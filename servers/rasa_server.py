"""``rasa run`` with the JWT secret of Rasa's HTTP API read from the environment
(``RASA_JWT_SECRET``) instead of the command line, where ``ps`` and ``docker
inspect`` show it to anyone on the machine. Every other argument is ``rasa run``'s:

    RASA_JWT_SECRET=... python -m servers.rasa_server --enable-api --jwt-method HS256 [rasa run options]
"""
from __future__ import annotations

import os
import sys

from renewal.identity import API_SECRET_ENV


def main() -> None:
    secret = os.environ.get(API_SECRET_ENV, "")
    if len(secret) < 16:
        sys.exit(f"{API_SECRET_ENV} must be set to a random string of at least 16 characters")
    # Rasa reads sys.argv; the process's own command line (/proc/PID/cmdline, ps) stays without it.
    sys.argv = ["rasa", "run", *sys.argv[1:], "--jwt-secret", secret]
    from rasa.__main__ import main as rasa_main
    rasa_main()


if __name__ == "__main__":
    main()
