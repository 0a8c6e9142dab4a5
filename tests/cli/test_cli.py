"""The operator command line, run as a real process on a real SQLite file."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TODAY

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture
def cli(tmp_path):
    env = {**{k: v for k, v in os.environ.items() if k != "RENEWAL_TOKEN_SECRET"},
           "RENEWAL_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.sqlite3'}", "RENEWAL_TODAY": TODAY.isoformat()}

    def run(*args: str, secret: str | None = None, stdin: str | None = None,
            environ: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        extra = {**({"RENEWAL_TOKEN_SECRET": secret} if secret else {}), **(environ or {})}
        return subprocess.run([sys.executable, "-m", "renewal", *args], cwd=PROJECT, env={**env, **extra},
                              capture_output=True, text=True, timeout=60, input=stdin,
                              stdin=subprocess.DEVNULL if stdin is None else None)

    assert run("demo", "make").returncode == 0
    return run


def test_help_lists_the_commands(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in ("demo", "account", "cart", "order", "orders", "payment", "emails"):
        assert command in result.stdout


def test_storage_cannot_go_to_2_gb_for_1000002_with_the_figures(cli):
    result = cli("cart", "storage", "1000002@aruba.it", "2")
    assert result.returncode == 1
    assert "usi 2,5 GB dei 3 GB acquistati" in result.stderr
    as_json = json.loads(cli("--json", "cart", "storage", "1000002@aruba.it", "2").stdout)
    assert as_json["reason"] == "storage_in_use"
    assert as_json["figures"] == {"requested_gb": 2, "gb_bought": 3, "gb_used": "2.500", "lowest_gb": 3}


def test_bank_transfer_order_for_1000001_then_payment(cli):
    account = "1000001@aruba.it"
    for step in (("payment", account, "bonifico"), ("accept-terms", account)):
        assert cli("cart", *step).returncode == 0
    placed = cli("--json", "order", "place", account)
    assert placed.returncode == 0, placed.stderr
    order = json.loads(placed.stdout)["value"]
    assert order["status"] == "awaiting_payment"
    emails = json.loads(cli("--json", "emails", "list", "--unsent").stdout)
    assert [e["order_number"] for e in emails] == [order["number"]]
    assert emails[0]["to_address"] == "amministrazione@studiorossi.example"
    before = json.loads(cli("--json", "account", account).stdout)["value"]
    assert before["subscription"]["expiry_date"] == order["current_expiry"]

    paid = cli("payment", "register", order["number"])
    assert paid.returncode == 0
    after = json.loads(cli("--json", "account", account).stdout)["value"]
    assert after["subscription"]["expiry_date"] == order["new_expiry"]
    again = cli("payment", "register", order["number"])
    assert again.returncode == 0 and "già registrato" in again.stdout
    assert "Pagamento registrato" not in again.stdout  # issue 12 item 13: one answer, not both
    orders = json.loads(cli("--json", "orders", "--account", account).stdout)
    assert [o["status"] for o in orders] == ["paid"]


def test_order_without_accepting_the_terms_is_refused(cli):
    cli("cart", "payment", "1000001@aruba.it", "card")
    result = cli("order", "place", "1000001@aruba.it")
    assert result.returncode == 1 and "condizioni generali" in result.stderr
    assert json.loads(cli("--json", "orders").stdout) == []


@pytest.mark.parametrize("args", [
    ("cart", "years", "1000006@aruba.it", "3"),
    ("cart", "code", "1000001@aruba.it", "SCADUTO"),
    ("cart", "show", "1000005@aruba.it"),
    ("payment", "register", "FE-0000-000000"),
    ("account", "0000000@aruba.it"),
])
def test_refusals_exit_1_with_a_reason(cli, args):
    result = cli(*args)
    assert result.returncode == 1 and result.stderr.strip()


@pytest.mark.parametrize("args", [
    (), ("cart",), ("cart", "storage", "1000001@aruba.it"), ("nonsense",),
    ("cart", "storage", "1000001@aruba.it", "abc"), ("cart", "years", "1000001@aruba.it", "due"),
    ("payment", "register", "FE-2026-000001", "--amount", "dieci"),
    ("--today", "ieri", "orders"),
])
def test_bad_arguments_exit_2_and_change_nothing(cli, tmp_path, args):
    before = (tmp_path / "cli.sqlite3").read_bytes()
    result = cli(*args)
    assert result.returncode == 2 and result.stderr.strip()
    assert (tmp_path / "cli.sqlite3").read_bytes() == before


def test_sending_emails_without_smtp_says_how(cli):
    result = cli("emails", "send")
    assert result.returncode == 2 and "RENEWAL_SMTP_HOST" in result.stderr and "stay queued" in result.stderr


def test_an_smtp_server_that_is_down_is_reported_with_the_reason(cli):
    account = "1000001@aruba.it"
    for step in (("payment", account, "bonifico"), ("accept-terms", account)):
        assert cli("cart", *step).returncode == 0
    assert cli("order", "place", account).returncode == 0
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    sent = cli("emails", "send", environ={"RENEWAL_SMTP_HOST": "127.0.0.1", "RENEWAL_SMTP_PORT": str(port)})
    assert sent.returncode == 1 and "Email inviate: 0; non inviate, da riprovare: 1" in sent.stdout
    listed = cli("emails", "list").stdout
    assert "da inviare: 1 tentativo fallito" in listed and "ConnectionRefusedError" in listed


def test_handoff_queue_from_the_command_line(cli, tmp_path):
    from renewal.adapters.db import Database
    from renewal.domain.clock import FixedClock
    from renewal.services.handoff import HandoffService

    handoffs = HandoffService(Database(f"sqlite:///{tmp_path / 'cli.sqlite3'}"), FixedClock(TODAY))
    request = handoffs.request("chat-9", "1000002@aruba.it", "socketio", "Cliente: aiuto")
    listed = cli("handoffs", "list")
    assert listed.returncode == 0 and f"#{request.id} 1000002@aruba.it (in attesa, posizione 1" in listed.stdout
    assert "Cliente: aiuto" in listed.stdout
    assert handoffs.take(request.id, "agente.rossi").ok
    assert "presa da agente.rossi" in cli("handoffs", "list").stdout


def test_desk_agents_are_made_with_a_password_never_on_the_command_line(cli, tmp_path):
    import sqlite3

    password = "una-password-lunga-1"
    made = cli("agents", "add", "mario.rossi", "--can-register-payments", "--password-stdin", stdin=password + "\n")
    assert made.returncode == 0 and "Operatore mario.rossi creato" in made.stdout
    assert cli("agents", "add", "mario.rossi", "--password-stdin", stdin=password + "\n").returncode == 1
    short = cli("agents", "add", "anna.bianchi", "--password-stdin", stdin="corta\n")
    assert short.returncode == 1 and "almeno 12 caratteri" in short.stderr
    no_terminal = cli("agents", "add", "anna.bianchi")  # no terminal to ask on, and no stdin flag
    assert no_terminal.returncode == 2 and "--password-stdin" in no_terminal.stderr
    assert cli("agents", "list").stdout.split() == ["mario.rossi"]
    with sqlite3.connect(tmp_path / "cli.sqlite3") as db:
        [(stored,)] = db.execute("SELECT password_hash FROM desk_agents").fetchall()
    assert stored.startswith("$argon2id$") and password not in stored
    changed = cli("agents", "password", "mario.rossi", "--password-stdin", stdin="un-altra-password-2\n")
    assert changed.returncode == 0 and "sessioni aperte sono chiuse" in changed.stdout


def test_tokens_and_link_codes_are_minted_for_scripts(cli):
    from datetime import datetime, timezone

    from renewal.adapters import identity
    from renewal.services.access import LINK_CODE_ALPHABET, LINK_CODE_LENGTH

    assert cli("agent-token", "mario.rossi").returncode == 2  # no secret in the environment
    secret = "cli-secret-0123456789abcdef"
    now = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)
    agent = cli("agent-token", "mario.rossi", "--minutes", "60", secret=secret)
    assert agent.returncode == 0
    assert identity.agent_from(agent.stdout.strip(), now, secret.encode()).value == "mario.rossi"
    customer = cli("token", "mint", "1000001@aruba.it", secret=secret)
    assert identity.username_from(customer.stdout.strip(), now, secret.encode()).value == "1000001@aruba.it"
    code = cli("link-code", "1000003@aruba.it", secret=secret).stdout.strip()
    assert len(code) == LINK_CODE_LENGTH and set(code) <= set(LINK_CODE_ALPHABET)
    bad_name = cli("agent-token", "Mario Rossi", secret=secret)
    assert bad_name.returncode == 1 and "Il nome operatore" in bad_name.stderr
    assert cli("link-code", "9999999@aruba.it", secret=secret).returncode == 1
    assert cli("agent-token", "mario.rossi", "--minutes", "0", secret=secret).returncode == 2


def test_a_cart_in_the_grace_period_says_the_service_has_expired(cli):
    shown = cli("cart", "show", "1000004@aruba.it").stdout
    assert "nuova scadenza 25/10/2027 (è scaduto il 25/10/2026)" in shown
    assert "(scadenza attuale 14/12/2026)" in cli("cart", "show", "1000001@aruba.it").stdout


def test_the_desk_help_names_its_command():
    """Issue 12 item 13: not "usage: desk.py"."""
    result = subprocess.run([sys.executable, "-m", "servers.desk", "--help"], cwd=PROJECT, capture_output=True,
                            text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0 and result.stdout.startswith("usage: python -m servers.desk")


def test_agent_tokens_are_revoked_and_agent_actions_listed_from_the_command_line(cli):
    """Issue 12 item 4: a CLI command revokes an agent's tokens; the audit trail is listed."""
    secret = "cli-secret-0123456789abcdef"
    assert cli("agent-token", "mario.rossi", secret=secret).returncode == 0
    assert cli("agent-token", "mario.rossi", secret=secret).returncode == 0
    revoked = cli("revoke-agent", "mario.rossi")
    assert revoked.returncode == 0 and "2 token revocati per mario.rossi" in revoked.stdout
    assert "0 token revocati" in cli("revoke-agent", "mario.rossi").stdout
    assert cli("--json", "audit").stdout.strip() == "[]"


def test_an_unpaid_order_is_cancelled_or_paid_another_way_from_the_command_line(cli):
    """Issue 12 item 8, for agents and operators."""
    account = "1000001@aruba.it"
    for step in (("payment", account, "bonifico"), ("accept-terms", account)):
        cli("cart", *step)
    number = json.loads(cli("--json", "order", "place", account).stdout)["value"]["number"]
    changed = cli("unpaid-order", "payment", number, "bollettino", "--agent", "mario.rossi")
    assert changed.returncode == 0 and "ora si paga con bollettino postale" in changed.stdout
    assert cli("unpaid-order", "payment", number).returncode == 2
    cancelled = cli("unpaid-order", "cancel", number, "--agent", "mario.rossi")
    assert cancelled.returncode == 0 and f"Ho annullato l'ordine n. {number}" in cancelled.stdout
    assert cli("unpaid-order", "cancel", number).returncode == 1
    audit = cli("audit", "--agent", "mario.rossi").stdout
    assert f"cancelled order {number}" in audit and "postal_slip" in audit
