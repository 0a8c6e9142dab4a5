"""Load through the replicated topology: 2 Rasa servers and 2 action servers
behind nginx, conversations in PostgreSQL, locks in Redis, the domain database in
PostgreSQL. Complete renewals, each on its own account, at each concurrency;
then every order is counted: none lost, none twice.

    .venv/bin/python -m bench.topology [--conversations 100] [--concurrency 10 50]

Needs PostgreSQL (``RENEWAL_DATABASE_URL`` or 127.0.0.1:5432) and Redis
(127.0.0.1:6379); uses throwaway databases. Prints the figures as JSON and
writes them to ``results/topology.json``.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

from bench.load import RENEWAL_TURNS, LoadResult, Script, run_load
from bench.run import SECRETS, TODAY, free_port, orders_check, summary
from renewal import config
from renewal.adapters import identity
from renewal.adapters.db import Database, drop_database, ensure_database, postgres_server
from renewal.config import DATABASE_URL_ENV
from renewal.domain.clock import FixedClock
from renewal.services.demo import add_load_accounts, reset_demo
from renewal.services.renewals import RenewalService
from servers.stack import PROJECT, Stack, Stores


def renewals(stack: Stack, levels: list[int], conversations: int, accounts: list[str],
             service: RenewalService) -> list[LoadResult]:
    """Complete renewals through the balancer, each on its own account, ``conversations`` at each level."""
    secret, next_account, results = SECRETS[config.TOKEN_SECRET_ENV].encode(), iter(accounts), []
    for level in levels:
        scripts = [Script(f"topology-{level}-{i}-{time.time_ns()}", RENEWAL_TURNS,
                          {"token": identity.mint_token(next(next_account), service.clock.now(), timedelta(hours=2),
                                                        secret)}) for i in range(conversations)]
        results.append(run_load(stack.rasa_url, scripts, level))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--conversations", type=int, default=100, help="at each concurrency level")
    parser.add_argument("--concurrency", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument("--out", type=Path, default=PROJECT / "results" / "topology.json")
    args = parser.parse_args(argv)
    subprocess.run([str(PROJECT / "scripts" / "train-if-changed")], cwd=PROJECT, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    server = postgres_server(os.environ.get(DATABASE_URL_ENV, ""))
    suffix = uuid.uuid4().hex[:10]
    domain, tracker = (server.set(database=f"bench_{name}_{suffix}").render_as_string(hide_password=False)
                       for name in ("renewal", "tracker"))
    for url in (domain, tracker):
        ensure_database(url)
    service = RenewalService(Database(domain), FixedClock(TODAY))
    reset_demo(service.database, TODAY)
    accounts = add_load_accounts(service.database, TODAY, args.conversations * len(args.concurrency))
    ports = lambda: tuple(free_port() for _ in range(args.replicas))
    stack = Stack(Path(tempfile.mkdtemp(prefix="bench-topology-")), PROJECT / "models" / "renewal.tar.gz",
                  rasa_ports=ports(), actions_ports=ports(), balancer_ports=(free_port(), free_port()),
                  stores=Stores(tracker, f"redis://127.0.0.1:6379/1?key_prefix=bench{suffix}"),
                  env={**SECRETS, DATABASE_URL_ENV: domain, "RENEWAL_TODAY": TODAY.isoformat()})
    try:
        stack.start().wait_ready()
        results = renewals(stack, args.concurrency, args.conversations, accounts, service)
        figures = {"replicas": args.replicas, "levels": [summary(r) for r in results],
                   "orders": orders_check(service, accounts, results)}
    finally:
        stack.stop()
        service.database.dispose()
        for url in (domain, tracker):
            drop_database(url)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2))
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
