"""Operator command line: ``python -m renewal --help``.

Exit codes: 0 done, 1 refused by a renewal rule (the reason is printed),
2 bad arguments. A refused or bad command changes nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Optional

from renewal.adapters import identity
from renewal.adapters.outbox import SmtpNotConfigured, send_queued
from renewal.bootstrap import Services, build
from renewal.config import TELEGRAM_BOT_USERNAME_ENV, Settings, with_local_provider
from renewal.domain.decision import Decision, Reason
from renewal.services.demo import load_demo, reset_demo
from renewal.services.desk_agents import DeskAgents
from renewal.text import messages, operator
from renewal.text import receipts as receipts_text
from renewal.text import summaries as summaries_text

EXIT_REFUSED = 1
EXIT_USAGE = 2


def _plain(value: Any) -> Any:
    """JSON-ready: Decimal and dates as strings, enums as values, sets sorted."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (frozenset, set)):
        return sorted(_plain(v) for v in value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


class Output:
    def __init__(self, as_json: bool) -> None:
        self.as_json = as_json

    def decision(self, decision: Decision[Any], render: Callable[[Any], str]) -> int:
        """Prints a decision: its value when allowed, the reason when not."""
        if self.as_json:
            print(json.dumps({
                "ok": decision.ok, "reason": decision.reason.value, "message": messages.explain(decision),
                "figures": _plain(dict(decision.figures)), "value": _plain(decision.value),
            }, indent=2, ensure_ascii=False))
        else:
            text = messages.explain(decision)
            if text:
                print(text, file=sys.stdout if decision.ok else sys.stderr)
            shown = render(decision.value) if decision.ok and decision.value is not None else ""
            if shown:
                print(shown)
        return 0 if decision.ok else EXIT_REFUSED

    def rows(self, values: Sequence[Any], render: Callable[[Any], str]) -> int:
        if self.as_json:
            print(json.dumps(_plain(list(values)), indent=2, ensure_ascii=False))
        else:
            for value in values:
                print(render(value))
            if not values:
                print(operator.NOTHING)
        return 0


def _amount(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not an amount in euro (e.g. 95.16)") from None
    if not value.is_finite() or value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a positive amount")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from None


def _whole(text: str) -> int:
    """A quantity on the command line: a malformed one is a usage error (exit 2), a value the
    rules refuse (too many GB, below the users configured) a refusal (exit 1)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


CART_CHANGES: dict[str, tuple[str, Optional[str]]] = {
    # sub-command: (service method, argument help or None)
    "storage": ("set_storage", "extra storage in whole GB"),
    "users": ("set_users", "number of extra users"),
    "add-module": ("add_module", "module code"),
    "remove-module": ("remove_module", "module code"),
    "code": ("apply_agreement_code", "agreement code"),
    "remove-code": ("remove_agreement_code", None),
    "years": ("set_years", "renewal years"),
    "payment": ("set_payment_method", "card, paypal, bank_transfer or postal_slip"),
    "accept-terms": ("accept_terms", None),
}


WHOLE_NUMBERS = {"storage", "users", "years"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m renewal", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: $RENEWAL_DATABASE_URL or var/renewal.sqlite3)")
    parser.add_argument("--today", type=_day, help="act as if today were this day (default: $RENEWAL_TODAY or the real date)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="make or reset the demo data").add_subparsers(dest="action", required=True)
    demo.add_parser("make", help="create the schema and the demo data if missing")
    demo.add_parser("reset", help="drop everything and make the demo data anew")

    account = commands.add_parser("account", help="an account with its status and open cart")
    account.add_argument("username")

    cart = commands.add_parser("cart", help="show or change the account's renewal cart").add_subparsers(
        dest="action", required=True)
    cart.add_parser("show", help="open (or reuse) the renewal cart and show it").add_argument("username")
    for name, (_method, arg_help) in CART_CHANGES.items():
        sub = cart.add_parser(name, help=f"change the cart: {arg_help or name}")
        sub.add_argument("username")
        if arg_help:
            sub.add_argument("value", help=arg_help, type=_whole if name in WHOLE_NUMBERS else str)

    order = commands.add_parser("order", help="place the order for the account's cart")
    order.add_argument("action", choices=["place"])
    order.add_argument("username")
    order.add_argument("--agent", help="support agent placing the order")

    unpaid = commands.add_parser("unpaid-order", help="cancel an order not paid yet, or change how it is paid")
    unpaid.add_argument("action", choices=["cancel", "payment"])
    unpaid.add_argument("order_number")
    unpaid.add_argument("method", nargs="?", help="with payment: card, paypal, bank_transfer or postal_slip")
    unpaid.add_argument("--agent", help="support agent doing it (recorded in the audit trail)")

    orders = commands.add_parser("orders", help="list orders")
    orders.add_argument("--account", help="only this account's orders")

    received = commands.add_parser("payments", help="money received: payments that renewed, and money to refund")
    received.add_argument("--refunds", action="store_true", help="only money that renews nothing (to refund)")

    payment = commands.add_parser("payment", help="register the payment of an order (concludes the renewal)")
    payment.add_argument("action", choices=["register"])
    payment.add_argument("order_number")
    payment.add_argument("--amount", type=_amount, help="amount received in euro; must equal the order total")
    payment.add_argument("--reference", help="bank or postal reference")

    token = commands.add_parser("token", help="mint a signed session token for a customer ($RENEWAL_TOKEN_SECRET)")
    token.add_argument("action", choices=["mint"])
    token.add_argument("username")
    token.add_argument("--minutes", type=int, default=60, help="validity (default 60)")

    agent = commands.add_parser("agent-token", help="mint a support agent's token for guided sessions")
    agent.add_argument("agent", help="the agent's name, e.g. mario.rossi")
    agent.add_argument("--minutes", type=int, default=60, help="validity (default 60, at most 480: a shift)")

    revoke = commands.add_parser("revoke-agent", help="revoke every token of an agent at once")
    revoke.add_argument("agent")

    audit = commands.add_parser("audit", help="what agents did for accounts (guided sessions, requests taken)")
    audit.add_argument("--agent", help="only this agent's actions")

    link = commands.add_parser("link-code", help="mint a one-time code that links a Telegram chat to an account")
    link.add_argument("username")
    link.add_argument("--minutes", type=int, default=15, help="validity (default 15)")
    link.add_argument("--deep-link", action="store_true",
                      help="print https://t.me/<bot>?start=CODE ($TELEGRAM_BOT_USERNAME) instead of the code")

    handoff = commands.add_parser("handoffs", help="customers who asked for a person (agents work on them in "
                                                   "the desk)").add_subparsers(dest="action", required=True)
    handoff.add_parser("list", help="open requests with their transcript").add_argument(
        "--all", action="store_true", help="ended ones too")

    agents = commands.add_parser("agents", help="support agents who sign in to the desk").add_subparsers(
        dest="action", required=True)
    add = agents.add_parser("add", help="a new agent; the password is asked (or read from stdin)")
    add.add_argument("agent")
    add.add_argument("--display-name", help="the name customers read, e.g. 'Mario' (never the sign-in name)")
    add.add_argument("--can-register-payments", action="store_true", help="may register payments in the desk")
    add.add_argument("--supervisor", action="store_true",
                     help="may open requests other agents hold and ended ones (transcripts, notes, orders)")
    add.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    password = agents.add_parser("password", help="a new password (signs the agent out everywhere)")
    password.add_argument("agent")
    password.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    agents.add_parser("list", help="agents who may sign in")

    mail = commands.add_parser("emails", help="outgoing emails").add_subparsers(dest="action", required=True)
    mail.add_parser("list", help="list queued and sent emails").add_argument("--unsent", action="store_true")
    mail.add_parser("send", help="send queued emails through SMTP ($RENEWAL_SMTP_HOST, $RENEWAL_SMTP_PORT)")
    return parser


def _mint(args: argparse.Namespace, services: Services, out: Output) -> int:
    """Tokens and linking codes: printed alone on stdout, for scripts to capture."""
    if not 1 <= args.minutes <= 24 * 60:
        print("--minutes must be between 1 and 1440.", file=sys.stderr)
        return EXIT_USAGE
    valid_for, access, bot = timedelta(minutes=args.minutes), services.access, services.settings.telegram.bot_username
    try:
        if args.command == "token":
            return out.decision(access.mint_customer_token(args.username, valid_for), str)
        if args.command == "agent-token":
            return out.decision(access.mint_agent_token(args.agent, valid_for), str)
        if args.deep_link and not bot:
            print(f"--deep-link needs {TELEGRAM_BOT_USERNAME_ENV} (the bot's @name without the @).", file=sys.stderr)
            return EXIT_USAGE
        render = (lambda code: f"https://t.me/{bot}?start={code}") if args.deep_link else str
        return out.decision(access.mint_link_code(args.username, "telegram", valid_for), render)
    except identity.SecretMissing as error:
        print(f"Cannot mint: {error}.", file=sys.stderr)
        return EXIT_USAGE


def _read_password(args: argparse.Namespace) -> Optional[str]:
    """From standard input (scripts), or asked twice on the terminal; never from the command line."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        print("No terminal to ask the password on: pass --password-stdin.", file=sys.stderr)
        return None
    first = getpass.getpass("Password: ")
    if first != getpass.getpass("Password again: "):
        print("The two passwords differ.", file=sys.stderr)
        return None
    return first


def _agents(args: argparse.Namespace, agents: DeskAgents, out: Output) -> int:
    if args.action == "list":
        return out.rows(agents.names(), str)
    password = _read_password(args)
    if password is None:
        return EXIT_USAGE
    if args.action == "add":
        return out.decision(agents.create(args.agent, password, args.can_register_payments, args.display_name,
                                          args.supervisor),
                            lambda a: operator.agent_created(a.name, a.display_name))
    return out.decision(agents.set_password(args.agent, password),
                        lambda a: operator.password_changed(a.name))


def run(args: argparse.Namespace, services: Services) -> int:
    database, clock, service = services.database, services.clock, services.renewals
    out = Output(args.json)
    if args.command == "demo":
        if args.action == "reset":
            from servers import demo_provider  # the demo provider's records: its old pages pay nothing any more

            reset_demo(database, clock.today())
            forgotten = demo_provider.reset_records(services.settings.demo_provider_database_url)
            print(f"Demo data made anew; the demo payment provider forgot {forgotten} pay pages.")
        else:
            print("Demo data made." if load_demo(database, clock.today()) else "Demo data already there.")
        return 0
    if not database.has_schema():
        print("The database is empty: run 'python -m renewal demo make' first.", file=sys.stderr)
        return EXIT_USAGE
    if args.command == "account":
        return out.decision(service.account(args.username), operator.account_text)
    if args.command == "cart":
        opened = service.open_renewal(args.username)
        if args.action == "show" or not opened.ok:
            return out.decision(opened, summaries_text.cart_summary)
        method, arg_help = CART_CHANGES[args.action]
        change = getattr(service, method)
        cart_id = opened.value.cart_id
        decision = change(cart_id, args.value) if arg_help else change(cart_id)
        return out.decision(decision, summaries_text.cart_summary)
    if args.command == "order":
        opened = service.open_renewal(args.username)
        if not opened.ok:
            return out.decision(opened, summaries_text.cart_summary)
        return out.decision(service.place_order(opened.value.cart_id, agent=args.agent), receipts_text.order_confirmation)
    if args.command == "unpaid-order":
        if args.action == "payment" and not args.method:
            print("payment needs the new method: card, paypal, bank_transfer or postal_slip.", file=sys.stderr)
            return EXIT_USAGE
        if args.action == "cancel":
            return out.decision(services.unpaid.cancel(args.order_number, agent=args.agent), receipts_text.order_cancelled)
        return out.decision(services.unpaid.change_payment(args.order_number, args.method, agent=args.agent),
                            receipts_text.order_payment_changed)
    if args.command == "orders":
        return out.rows(service.orders(args.account), operator.order_row)
    if args.command == "payments":
        return out.rows(service.payments(refunds_only=args.refunds), operator.payment_row)
    if args.command == "payment":
        decision = service.register_payment(args.order_number, args.amount, args.reference)
        return out.decision(decision, lambda o: "" if decision.reason is Reason.PAYMENT_ALREADY_REGISTERED else
                            operator.payment_registered(o.new_expiry))
    if args.command == "handoffs":
        return out.rows(services.handoffs.queue(include_ended=args.all), operator.handoff_text)
    if args.command == "agents":
        return _agents(args, services.agents, out)
    if args.command in ("token", "agent-token", "link-code"):
        return _mint(args, services, out)
    if args.command == "revoke-agent":
        revoked = services.access.revoke_agent_tokens(args.agent)
        print(operator.tokens_revoked(revoked, args.agent))
        return 0
    if args.command == "audit":
        return out.rows(service.agent_actions(args.agent),
                        lambda a: f"{a.at:%d/%m/%Y %H:%M} {a.agent} {a.username} [{a.conversation_id}] {a.action}")
    if args.command == "emails":
        if args.action == "send":
            try:
                done = send_queued(services)
            except SmtpNotConfigured as error:
                print(f"SMTP is not configured: {error}.", file=sys.stderr)
                return EXIT_USAGE
            print(operator.emails_sent(done.sent, done.failed, done.gave_up))
            return 0 if not (done.failed or done.gave_up) else 1
        return out.rows(service.emails(unsent_only=args.unsent), operator.email_row)
    raise AssertionError(args.command)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env(with_local_provider())
    settings = replace(settings, database_url=args.database_url or settings.database_url,
                       today=args.today or settings.today)
    services = build(settings)
    try:
        return run(args, services)
    finally:
        services.database.dispose()
