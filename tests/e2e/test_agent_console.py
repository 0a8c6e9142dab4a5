"""Guided sessions: a support agent signs in with an agent token, drives the
renewal for a customer (the order records the agent), and takes over a customer
who asked for a person. The console itself runs in tmux, as an agent sees it."""
from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from datetime import timedelta

import pytest

from agent_console.session import AgentSession
from renewal import identity
from renewal.access import AccessService
from renewal.db import Database
from renewal.decision import Reason
from renewal.model import PaymentMethod
from tests.conftest import PROJECT
from tests.e2e.test_webchat import ARTIFACTS
from tests.e2e.conftest import SECRET


def agent_token(assistant, name: str = "mario.rossi", minutes: int = 60) -> str:
    access = AccessService(Database(assistant.database_url), assistant.clock, SECRET.encode())
    return access.mint_agent_token(name, timedelta(minutes=minutes)).value


def sign_in(assistant, demo, token: str):
    return AgentSession.sign_in(assistant.url, token, demo, assistant.clock, SECRET.encode())


def said(session: AgentSession) -> str:
    return "\n".join(line.text for line in session.dialogue)


def test_forged_expired_and_customer_tokens_do_not_sign_an_agent_in(assistant, demo):
    assert sign_in(assistant, demo, "forged.token").reason is Reason.TOKEN_INVALID
    assert sign_in(assistant, demo, agent_token(assistant, minutes=-1)).reason is Reason.TOKEN_EXPIRED
    assert sign_in(assistant, demo, assistant.token("1000001@aruba.it")).reason is Reason.TOKEN_INVALID
    other_secret = identity.mint_token("mario.rossi", assistant.clock.now(), timedelta(hours=1), b"x" * 32,
                                       role=identity.AGENT)
    assert sign_in(assistant, demo, other_secret).reason is Reason.TOKEN_INVALID


def test_an_agent_completes_a_renewal_for_a_customer(assistant, demo):
    session = sign_in(assistant, demo, agent_token(assistant)).value
    session.handle("voglio rinnovare")
    assert "Apri prima una sessione" in said(session)
    session.handle("/cliente 9999999@aruba.it")
    assert "Non trovo l'account 9999999@aruba.it." in said(session)
    session.handle("/cliente 1000001@aruba.it")
    session.handle("voglio rinnovare")
    assert "scadenza attuale 14/12/2026" in said(session)
    assert any("Spazio aggiuntivo: 3 GB" in line for line in session.status_lines())
    for words in ("aggiungi un giga", "lascia com'è", "va bene così", "no", "un anno", "bonifico", "accetto"):
        session.handle(words)
    assert any("Spazio aggiuntivo: 4 GB" in line for line in session.status_lines())
    session.handle("confermo")
    [order] = demo.orders("1000001@aruba.it")
    assert f"Ordine n. {order.number} confermato" in said(session)
    assert order.placed_by_agent == "mario.rossi" and order.payment_method is PaymentMethod.BANK_TRANSFER
    assert any(f"Ordine {order.number} in attesa di pagamento" in line and "mario.rossi" in line
               for line in session.status_lines())


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def wait_for_screen(session: str, text: str, seconds: float = 60) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        screen = tmux("capture-pane", "-p", "-t", session)
        if text in screen:
            return screen
        time.sleep(0.3)
    raise AssertionError(f"{text!r} not on the screen:\n{screen}")


@pytest.fixture
def console(stack, assistant, demo):
    """The console in a real terminal (tmux, 140x40), signed in as mario.rossi."""
    name = f"console-{os.getpid()}"
    env = " ".join(f"{k}={shlex.quote(v)}" for k, v in {
        **stack.env, "TERM": "xterm-256color", "LANG": "C.UTF-8", "RENEWAL_AGENT_TOKEN": agent_token(assistant),
    }.items())
    command = f"cd {shlex.quote(str(PROJECT))} && env {env} {shlex.quote(sys.executable)} -m agent_console " \
              f"--rasa-url {stack.rasa_url}; sleep 30"
    tmux("new-session", "-d", "-s", name, "-x", "140", "-y", "40", command)
    yield name
    subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def test_the_console_shows_the_dialogue_beside_the_live_cart(console, demo):
    wait_for_screen(console, "Nessun cliente aperto")
    for keys in ("/cliente 1000001@aruba.it", "voglio rinnovare"):
        tmux("send-keys", "-t", console, "-l", keys)
        tmux("send-keys", "-t", console, "Enter")
    screen = wait_for_screen(console, "Rinnovi 3 GB?")
    assert "Operatore: voglio rinnovare" in screen and "sessione guidata — 1000001@aruba.it" in screen
    assert "Operatore: mario.rossi" in screen and "Cliente: Studio Tecnico Rossi" in screen
    tmux("send-keys", "-t", console, "-l", "5 GB")
    tmux("send-keys", "-t", console, "Enter")
    screen = wait_for_screen(console, "Spazio aggiuntivo: 5 GB")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "agent-console.txt").write_text(screen)
    assert demo.account("1000001@aruba.it").value.open_cart.cart.storage_gb == 5
    tmux("send-keys", "-t", console, "-l", "/esci")
    tmux("send-keys", "-t", console, "Enter")
