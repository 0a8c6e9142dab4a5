"""The conversation corpus: realistic renewals written apart from the project
(``tests/heldout/{dev,sealed}/conversations-*.yml``), replayed over REST against
the real Rasa and action servers, each on fresh demo data.

A conversation passes when every reply holds its expected figures and none of its
forbidden words, no reply says "non ho capito" unless that turn expects it, and
the database ends as written (the order, or the open cart).
"""
from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Optional

import yaml

from bench.load import say
from renewal import config
from renewal.services.renewals import RenewalService
from renewal.text.formats import format_euro

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "heldout"
NOT_UNDERSTOOD = "non ho capito"
HONEST = (NOT_UNDERSTOOD, "non sono sicuro")
"""What a reply says when the bot did not act on a guess: it did not understand, or it asks to clarify."""


LANES = 2
"""Assistants the corpus is replayed on side by side: the Rasa server and the action server of one take
turns with the client, so two keep both of the machine's cores busy."""


def load(part: str) -> list[dict[str, Any]]:
    """The conversations of ``part`` ("dev" or "sealed")."""
    conversations: list[dict[str, Any]] = []
    for path in sorted((HELDOUT / part).glob("conversations-*.yml")):
        conversations += yaml.safe_load(path.read_text())
    return conversations


@dataclass
class Outcome:
    id: str
    passed: bool
    turns: int
    ordered: bool
    problems: list[str] = field(default_factory=list)
    silent: bool = False
    """A silent misreading: the first failed turn neither said it did not understand nor asked to clarify
    (the bot changed something else, answered another question, or went on), or every turn passed and the
    database ends otherwise than written (an order that differs from what was said)."""


def replay(conversation: dict[str, Any], url: str, token: Callable[[str], str], service: RenewalService,
           show: Optional[Callable[[str], None]] = None) -> Outcome:
    """Replays one conversation (the caller gives fresh demo data) and checks it."""
    account = conversation["account"]
    sender, minted = f"corpus-{uuid.uuid4().hex[:10]}", token(account)
    problems: list[str] = []
    silent: Optional[bool] = None  # decided by the first failed turn
    if show:
        show(f"== {conversation['id']} ({account})")
    for number, turn in enumerate(conversation["turns"], 1):
        replies = say(url, sender, turn["user"], {"token": minted}, timeout=60)
        said = "\n".join(r.get("text") or "" for r in replies)
        lowered = said.lower()
        if show:
            show(f"> {turn['user']}\n" + "\n".join(f"  {line}" for line in said.splitlines()))
        expected = [str(e) for e in turn.get("expect") or []]
        missing = [e for e in expected if e.lower() not in lowered]
        present = [f for f in turn.get("forbid") or [] if str(f).lower() in lowered]
        if NOT_UNDERSTOOD in lowered and not any(NOT_UNDERSTOOD in e.lower() for e in expected):
            present.append(NOT_UNDERSTOOD)
        if not said.strip():
            problems.append(f"turn {number}: no reply")
        if missing or present or not said.strip():
            if silent is None:
                silent = not any(h in lowered for h in HONEST)
            if missing or present:
                problems.append(f"turn {number} {turn['user']!r}: missing {missing}, present {present}; said {said!r}")
    ending = _end_state(conversation["end"], account, service)
    if silent is None:
        silent = bool(ending)
    orders = service.orders(account)
    return Outcome(conversation["id"], not problems + ending, len(conversation["turns"]), bool(orders),
                   problems + ending, silent)


def _end_state(end: dict[str, Any], account: str, service: RenewalService) -> list[str]:
    orders = service.orders(account)
    problems = []
    if len(orders) != end.get("orders", 0):
        problems.append(f"end: {len(orders)} orders, expected {end.get('orders', 0)}")
    if orders and end.get("order_status") and orders[-1].status.value != end["order_status"]:
        problems.append(f"end: order status is {orders[-1].status.value!r}, expected {end['order_status']!r}")
    if orders and end.get("order"):
        order, want = orders[-1], end["order"]
        lines = {line.code: line for line in order.lines}
        got = {
            "years": order.years,
            "payment_method": order.payment_method.value,
            "storage_gb": lines["storage"].quantity if "storage" in lines else 0,
            "users": lines["users"].quantity if "users" in lines else 0,
            "modules": sorted(c.split(":", 1)[1] for c in lines if c.startswith("module:")),
            "agreement_code": order.agreement_code,
            "total": format_euro(order.total),
        }
        problems += _compare("order", want, got)
    if not orders and "cart" in end:
        cart_view = service.account(account).value.open_cart
        want = end["cart"]
        if want in (None, "none"):
            if cart_view is not None:
                problems.append("end: a cart is open, expected none")
        elif cart_view is None:
            problems.append("end: no open cart")
        else:
            cart = cart_view.cart
            got = {"storage_gb": cart.storage_gb, "users": cart.users, "modules": sorted(cart.modules),
                   "years": cart.years, "agreement_code": cart.agreement_code,
                   "payment_method": cart.payment_method.value if cart.payment_method else None,
                   "terms_accepted": cart.terms_accepted}
            problems += _compare("cart", want, got)
    return problems


def _compare(what: str, want: dict[str, Any], got: dict[str, Any]) -> list[str]:
    problems = []
    for key, value in want.items():
        if key not in got:
            continue
        expected = sorted(value) if isinstance(value, list) else value
        if str(expected) != str(got[key]) and not (expected is None and got[key] is None):
            problems.append(f"end: {what} {key} is {got[key]!r}, expected {expected!r}")
    return problems


@dataclass
class Summary:
    part: str
    outcomes: list[Outcome]

    @property
    def pass_rate(self) -> float:
        return sum(o.passed for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def turns_to_order(self) -> Optional[float]:
        ordered = [o.turns for o in self.outcomes if o.passed and o.ordered]
        return sum(ordered) / len(ordered) if ordered else None

    def failed(self) -> list[str]:
        return [o.id for o in self.outcomes if not o.passed]

    def silent(self) -> list[str]:
        """The failed conversations whose first failure is a silent misreading."""
        return [o.id for o in self.outcomes if not o.passed and o.silent]


@dataclass(frozen=True)
class Lane:
    """One assistant the corpus is replayed against, with demo data of its own: ``fresh()`` makes it anew
    and returns a service on it, ``token(account)`` signs a customer in."""
    url: str
    token: Callable[[str], str]
    fresh: Callable[[], RenewalService]


def run(part: str, lanes: Sequence[Lane], limit: Optional[int] = None,
        corpus: Optional[list[dict[str, Any]]] = None, show: Optional[Callable[[str], None]] = None) -> Summary:
    """Every conversation of ``part`` (or of ``corpus``; the first ``limit``), each on fresh demo data, shared
    out among the lanes: each lane replays one conversation at a time, the lanes side by side. The outcomes
    are in the corpus's order; what ``show`` prints comes one whole conversation at a time."""
    chosen = (corpus if corpus is not None else load(part))[:limit]
    outcomes: list[Optional[Outcome]] = [None] * len(chosen)
    waiting: queue.SimpleQueue[int] = queue.SimpleQueue()
    for index in range(len(chosen)):
        waiting.put(index)
    printing = threading.Lock()

    def replay_on(lane: Lane) -> None:
        while True:
            try:
                index = waiting.get_nowait()
            except queue.Empty:
                return
            lines: list[str] = []
            outcomes[index] = replay(chosen[index], lane.url, lane.token, lane.fresh(), lines.append if show else None)
            if show:
                with printing:
                    show("\n".join(lines))

    workers = [threading.Thread(target=replay_on, args=(lane,), daemon=True) for lane in lanes]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if any(o is None for o in outcomes):
        raise RuntimeError("a lane stopped before the corpus was replayed (its error is above)")
    return Summary(part, [o for o in outcomes if o is not None])


@contextmanager
def started_lanes(count: int, model: Path, work: Path, today: date, secrets: dict[str, str]) -> Iterator[list[Lane]]:
    """``count`` assistants (an action server and a Rasa server each, started side by side), each on a
    SQLite database of its own, for as long as the block lasts."""
    from bench.run import free_port
    from renewal.adapters import identity
    from renewal.adapters.db import Database
    from renewal.domain.clock import FixedClock
    from renewal.services.demo import refill_demo, reset_demo
    from servers.stack import Stack

    clock, secret = FixedClock(today), secrets[config.TOKEN_SECRET_ENV].encode()

    def token(account: str) -> str:
        return identity.mint_token(account, clock.now(), timedelta(hours=1), secret)

    def lane_on(stack: Stack, database: Database) -> Lane:
        def fresh() -> RenewalService:
            refill_demo(database, today)
            return RenewalService(database, clock)
        return Lane(stack.rasa_url, token, fresh)

    with ExitStack() as running:
        stacks, lanes = [], []
        for number in range(1, count + 1):
            database_url = f"sqlite:///{work / f'corpus-{number}.sqlite3'}"
            database = Database(database_url)
            reset_demo(database, today)
            stack = Stack(work / f"lane-{number}", model, rasa_ports=(free_port(),), actions_ports=(free_port(),),
                          env={**secrets, "RENEWAL_DATABASE_URL": database_url, "RENEWAL_TODAY": today.isoformat()})
            running.callback(stack.stop)
            stacks.append(stack.start())
            lanes.append(lane_on(stack, database))
        for stack in stacks:
            stack.wait_ready()
        yield lanes


def main(argv: Optional[list[str]] = None) -> int:
    """Replays a part of the corpus against assistants of its own and prints each failure
    (in full for the dev part, by id only for the sealed part)."""
    import argparse
    import tempfile

    from bench.run import SECRETS, TODAY
    from servers.stack import PROJECT

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--part", default="dev", choices=("dev", "sealed"))
    parser.add_argument("--only", default="", help="comma-separated ids (dev part only)")
    parser.add_argument("--file", type=Path, help="another conversations file (a new batch, before it joins dev)")
    parser.add_argument("--show", action="store_true", help="print every turn (not for the sealed part)")
    parser.add_argument("--lanes", type=int, default=LANES, help="assistants replaying side by side")
    parser.add_argument("--model", type=Path, default=PROJECT / "models" / "renewal.tar.gz")
    args = parser.parse_args(argv)
    corpus = yaml.safe_load(args.file.read_text()) if args.file else load(args.part)
    chosen = [c for c in corpus if not args.only or c["id"] in args.only.split(",")]
    show = print if args.show and (args.part == "dev" or args.file) else None
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    with started_lanes(args.lanes, args.model, work, TODAY, SECRETS) as lanes:
        summary = run(args.part, lanes, corpus=chosen, show=show)
    for outcome in summary.outcomes:
        if not outcome.passed:
            sealed = args.part == "sealed" and not args.file
            mark = " (silent)" if outcome.silent else ""
            print(f"{outcome.id}{mark}" if sealed else f"{outcome.id}{mark}:\n  " + "\n  ".join(outcome.problems))
    silent = summary.silent()
    print(f"{len(summary.outcomes) - len(summary.failed())} passed, {len(summary.failed())} failed, "
          f"{len(silent)} with a silent misreading" + (f" ({', '.join(silent)})" if silent else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
