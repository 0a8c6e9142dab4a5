"""Starts the agent console.

    python -m agent_console --agent-token TOKEN [--rasa-url http://127.0.0.1:5005]

The token comes from ``python -m renewal agent-token NAME`` (or $RENEWAL_AGENT_TOKEN).
The console reads the account, the cart and the hand-off queue from the same
database as the assistant ($RENEWAL_DATABASE_URL, SQLite in var/ by default).
"""
from __future__ import annotations

import argparse
import curses
import locale
import os
import sys

from agent_console import screen
from agent_console.session import AgentSession
from renewal import identity
from renewal.clock import clock_from_env
from renewal.db import Database
from renewal.decision import Reason
from renewal.service import RenewalService
from servers.stack import PROJECT, local_secrets


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m agent_console", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--agent-token", default=os.environ.get("RENEWAL_AGENT_TOKEN"))
    parser.add_argument("--rasa-url", default=os.environ.get("RASA_URL", "http://127.0.0.1:5005"))
    args = parser.parse_args(argv)
    clock = clock_from_env()
    secret = (os.environ.get(identity.TOKEN_SECRET_ENV)
              or local_secrets(PROJECT / "var")[identity.TOKEN_SECRET_ENV]).encode()
    signed_in = AgentSession.sign_in(args.rasa_url.rstrip("/"), args.agent_token or "",
                                     RenewalService(Database(), clock), clock, secret)
    if not signed_in.ok:
        why = "è scaduto" if signed_in.reason is Reason.TOKEN_EXPIRED else "non è valido"
        print(f"Accesso negato: il token operatore {why}.", file=sys.stderr)
        print("Chiedi un token operatore: python -m renewal agent-token NOME", file=sys.stderr)
        return 1
    locale.setlocale(locale.LC_ALL, "")  # accented letters in and out
    for stale in ("LINES", "COLUMNS"):  # curses would take them over the terminal's real size
        os.environ.pop(stale, None)
    curses.wrapper(screen.run, signed_in.value)
    return 0


if __name__ == "__main__":
    sys.exit(main())
