"""``make run`` and ``scripts/run-topology``: the whole assistant on this machine,
until Ctrl-C.

    python -m servers.run                     # one of each, SQLite (make run)
    python -m servers.run --replicas 2        # the production topology (scripts/run-topology)

With ``--replicas N``, N Rasa servers and N action servers run behind nginx on
PostgreSQL (conversations and the domain database) and Redis (conversation
locks); their URLs come from the environment, with defaults for the local
services. Secrets come from the environment, or else from files made once in
``var/``; logs go to ``var/logs/``. Ports: ``RASA_PORT`` (5005; with replicas,
nginx, and the replicas on the next ports), ``ACTIONS_PORT`` (5055, likewise),
``WEB_PORT`` (8080), ``DESK_PORT`` (8081), ``PAYMENTS_PORT`` (8082, the payment
webhook), ``PROVIDER_PORT`` (8083, the demo payment provider).
"""
from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from datetime import timedelta
from typing import Any

from renewal.adapters.db import Database, ensure_database
from renewal.bootstrap import build
from renewal.config import DATABASE_URL_ENV, LOCK_STORE_ENV, TRACKER_STORE_ENV, VAR, Settings, local_secrets
from renewal.services.demo import load_demo
from servers.stack import Stack, Stores

TOPOLOGY_DEFAULTS = {DATABASE_URL_ENV: "postgresql://root@127.0.0.1:5432/renewal",
                     TRACKER_STORE_ENV: "postgresql://root@127.0.0.1:5432/renewal_tracker",
                     LOCK_STORE_ENV: "redis://127.0.0.1:6379/1"}


def build_stack(settings: Settings, replicas: int) -> Stack:
    ports = settings.ports
    common: dict[str, Any] = {"work": VAR / "logs", "model": VAR.parent / "models" / "renewal.tar.gz", "web_port": ports["web"],
              "desk_port": ports["desk"], "payments_port": ports["payments"], "provider_port": ports["provider"],
              "stores": Stores.of(settings)}
    if replicas == 1:
        return Stack(rasa_ports=(ports["rasa"],), actions_ports=(ports["actions"],), **common)
    return Stack(rasa_ports=tuple(ports["rasa"] + i for i in range(1, replicas + 1)),
                 actions_ports=tuple(ports["actions"] + i for i in range(1, replicas + 1)),
                 balancer_ports=(ports["rasa"], ports["actions"]), **common)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--replicas", type=int, default=1, help="Rasa servers and action servers (each)")
    args = parser.parse_args(argv)
    environ = dict(os.environ)  # what the processes are started with: this one's, with the defaults below
    if args.replicas > 1:
        for name, default in TOPOLOGY_DEFAULTS.items():
            environ.setdefault(name, default)
    secrets = {name: value for name, value in local_secrets(VAR).items() if not environ.get(name)}
    environ.update(secrets)  # the tokens printed below are signed with the same secret
    settings = Settings.from_env(environ)
    if args.replicas > 1:
        ensure_database(settings.database_url)
    services = build(settings, provider=None, migrate=True)
    load_demo(services.database, services.clock.today())
    stack = build_stack(settings, args.replicas)
    stack.env.update({name: environ[name] for name in (*secrets, *TOPOLOGY_DEFAULTS) if name in environ})
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        print(f"Starting {args.replicas} action server(s), {args.replicas} Rasa server(s) (about 30 s to load the "
              "model), the support page, the desk and the demo payment provider…", flush=True)
        stack.start().wait_ready()
        token = services.access.mint_customer_token("1000001@aruba.it", timedelta(hours=2)).value
        database = services.database
        print(f"""
The assistant is ready ({describe(stack, database)}).
  Support page with the chat widget:  {stack.web_url}/   (demo sign-in: ?account=1000002@aruba.it)
  REST channel, as demo customer 1000001@aruba.it:
    curl -s -X POST {stack.rasa_url}/webhooks/rest/webhook -H 'Content-Type: application/json' \\
      -d '{{"sender": "demo", "message": "voglio rinnovare", "metadata": {{"token": "{token}"}}}}'
  Support agents' desk:  {stack.desk_url}/desk/
    an agent account first (the password is asked): .venv/bin/python -m renewal agents add mario.rossi
  Card and PayPal are paid on the demo payment provider's page ({stack.provider_url}/pay/…, no real money):
    the chat gives the link after the order; its notifications arrive at {stack.payments_url}/payments/webhook
  Telegram: see README ("Telegram"); logs: {stack.work}/*.log. Ctrl-C stops everything.
""", flush=True)
        while all(process.poll() is None for process in stack.processes.values()):
            time.sleep(2)
        failed = [name for name, process in stack.processes.items() if process.poll() is not None]
        print(f"Stopped: {', '.join(failed)} exited (see {stack.work}/).", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 0
    finally:
        stack.stop()


def describe(stack: Stack, database: Database) -> str:
    stores = "conversations in PostgreSQL, locks in Redis" if stack.stores.shared else "conversations in memory"
    balancer = ", behind nginx" if stack.balancer_ports else ""
    return f"{len(stack.rasa_ports)} Rasa, {len(stack.actions_ports)} action server(s){balancer}; " \
           f"{stores}; domain database {database.engine.dialect.name}"


if __name__ == "__main__":
    sys.exit(main())
