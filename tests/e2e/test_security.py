"""The servers' guards: Rasa's HTTP API behind a JWT, the action server behind a
shared secret, customer tokens that work in one conversation only, and logs that
never hold a token or a secret."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest

from renewal import config
from renewal.adapters import identity
from renewal.adapters.db import Database
from renewal.config import ACTION_TOKEN_HEADER as TOKEN_HEADER
from renewal.services.access import AccessService
from renewal.services.handoff import HandoffService
from tests.conftest import PROJECT
from tests.e2e.conftest import SECRETS, TELEGRAM_SECRET, TELEGRAM_TOKEN


def status(url: str, headers: dict[str, str] | None = None, body: dict | None = None) -> int:
    request = urllib.request.Request(url, headers=headers or {}, method="POST" if body is not None else "GET",
                                     data=json.dumps(body).encode() if body is not None else None)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def jwt(secret: str, minutes: int) -> str:
    return identity.mint_api_token(datetime.now(timezone.utc), timedelta(minutes=minutes), secret.encode())


def test_rasa_http_api_requires_a_valid_unexpired_jwt(stack):
    api_secret = SECRETS[config.API_SECRET_ENV]
    for path in ("/status", "/conversations/someone/tracker"):
        assert status(stack.rasa_url + path) == 401
        assert status(stack.rasa_url + path, {"Authorization": f"Bearer {jwt('another-secret-0123456789', 5)}"}) == 401
        assert status(stack.rasa_url + path, {"Authorization": f"Bearer {jwt(api_secret, -5)}"}) == 401
        assert status(stack.rasa_url + f"{path}?token={api_secret}") == 401
    assert status(stack.rasa_url + "/status", {"Authorization": f"Bearer {stack.api_token()}"}) == 200


def test_the_action_server_answers_only_with_the_shared_secret(stack):
    actions = f"http://127.0.0.1:{stack.actions_ports[0]}"
    assert status(f"{actions}/health") == 200
    assert status(f"{actions}/actions") == 401
    assert status(f"{actions}/actions", {TOKEN_HEADER: "guessed-0123456789"}) == 401
    assert status(f"{actions}/webhook", {"Content-Type": "application/json"}, {"next_action": "action_handoff"}) == 401
    assert status(f"{actions}/actions", {TOKEN_HEADER: SECRETS["ACTION_SERVER_TOKEN"]}) == 200


def test_the_action_server_will_not_listen_beyond_loopback_without_a_secret():
    env = {k: v for k, v in os.environ.items() if k != "ACTION_SERVER_TOKEN"}
    done = subprocess.run([sys.executable, "-m", "servers.action_server", "--port", "1"], cwd=PROJECT,
                          env={**env, "ACTION_SERVER_HOST": "0.0.0.0"}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "ACTION_SERVER_TOKEN" in done.stderr


def test_a_customer_token_replayed_in_another_conversation_is_refused(assistant, demo):
    mario = assistant.conversation("1000001@aruba.it")
    assert "Il tuo carrello di rinnovo" in mario.say("voglio rinnovare")
    thief = assistant.conversation(None)
    thief.token = mario.token
    reply = thief.say("voglio rinnovare")
    assert reply.startswith("Questa sessione è già in uso in un'altra conversazione") and "areaclienti" in reply
    assert "Spazio aggiuntivo: 4 GB" in mario.say("4 GB")  # the owner's conversation goes on


@pytest.mark.parametrize("token, expected", [
    ("forged.signature", "Non riesco a verificare la tua sessione."),
    ("", "Per rinnovare devo prima sapere chi sei."),
])
def test_forged_and_missing_tokens_get_the_sign_in_explanation(assistant, demo, token, expected):
    chat = assistant.conversation(None)
    chat.token = token
    assert chat.say("voglio rinnovare").startswith(expected)
    assert demo.account("1000001@aruba.it").value.open_cart is None


def test_an_expired_token_is_refused(assistant, demo):
    chat = assistant.conversation(None)
    chat.token = assistant.token("1000001@aruba.it", minutes=-1)
    assert chat.say("voglio rinnovare").startswith("La tua sessione è scaduta.")


@pytest.mark.parametrize("kind", ["forged", "expired", "a customer's", "another secret's"])
def test_only_a_real_agent_token_acts_for_an_account(assistant, demo, kind):
    """Guided sessions (the desk) send the agent's token with the account: nothing else passes for one."""
    access = AccessService(Database(assistant.database_url), assistant.clock, SECRETS[config.TOKEN_SECRET_ENV].encode())
    token = {"forged": "forged.token",
             "expired": access.mint_agent_token("mario.rossi", timedelta(minutes=-1)).value,
             "a customer's": assistant.token("1000001@aruba.it"),
             "another secret's": identity.mint_token("mario.rossi", assistant.clock.now(), timedelta(hours=1),
                                                     b"x" * 32, role=identity.AGENT)}[kind]
    chat = assistant.conversation(None)
    body = {"sender": chat.sender, "message": "voglio rinnovare",
            "metadata": {"agent_token": token, "account": "1000001@aruba.it"}}
    request = urllib.request.Request(f"{assistant.url}/webhooks/rest/webhook", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=60) as response:
        said = " ".join(r.get("text", "") for r in json.loads(response.read()))
    assert "carrello" not in said and ("sessione" in said or "verificare" in said), said
    assert demo.account("1000001@aruba.it").value.open_cart is None


def test_logs_never_contain_a_token_or_a_secret(stack, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    chat.say("voglio rinnovare")
    chat.say("4 GB")
    status(stack.rasa_url + "/status", {"Authorization": f"Bearer {stack.api_token()}"})
    logs = "".join(log.read_text(errors="replace") for log in stack.logs())
    secrets = [chat.token.split(".")[1], TELEGRAM_TOKEN.split(":")[1], TELEGRAM_SECRET, *SECRETS.values()]
    assert logs and not [secret for secret in secrets if secret in logs]


def tracker_events(stack, sender: str) -> list[dict]:
    request = urllib.request.Request(f"{stack.rasa_url}/conversations/{sender}/tracker?include_events=ALL",
                                     headers={"Authorization": f"Bearer {stack.api_token()}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())["events"]


def test_a_conversation_cannot_be_taken_over_by_another_customer(stack, assistant, demo):
    """Issue 12 item 3: another customer who knows the conversation id, with their own valid token."""
    mario = assistant.conversation("1000001@aruba.it")
    assert "Il tuo carrello di rinnovo" in mario.say("voglio rinnovare")
    events_before = tracker_events(stack, mario.sender)
    intruder = assistant.conversation("1000002@aruba.it")
    intruder.sender = mario.sender
    for text in ("annulla", "voglio parlare con un operatore", "rinnova"):
        assert "aperta da un altro utente" in intruder.say(text)
    assert tracker_events(stack, mario.sender) == events_before  # nothing recorded
    assert HandoffService(demo.database, demo.clock).queue(include_ended=True) == []
    assert demo.account("1000002@aruba.it").value.open_cart is None
    assert demo.account("1000001@aruba.it").value.open_cart is not None
    assert "Spazio aggiuntivo: 4 GB" in mario.say("4 GB")  # the owner goes on


def test_no_token_is_kept_in_the_conversation_store(stack, assistant, demo):
    """Issue 12 item 2: Rasa's SQL tracker store (SQLite here; PostgreSQL in test_topology) and the
    tracker API hold the verified identity, never a token or a secret."""
    mario = assistant.conversation("1000001@aruba.it")
    mario.say("voglio rinnovare")
    mario.say("4 GB")
    agent_token = AccessService(Database(assistant.database_url), assistant.clock,
                                SECRETS[config.TOKEN_SECRET_ENV].encode()).mint_agent_token("mario.rossi").value
    guided = {"sender": "guided-e2e-1", "message": "rinnova",
              "metadata": {"agent_token": agent_token, "account": "1000002@aruba.it"}}
    assert status(f"{stack.rasa_url}/webhooks/rest/webhook", {"Content-Type": "application/json"}, guided) == 200
    credentials = [mario.token, mario.token.split(".")[1], agent_token, agent_token.split(".")[1],
                   *SECRETS.values()]
    stored = tracker_store_text(stack)
    assert "1000001@aruba.it" in stored and "mario.rossi" in stored  # the identity is there
    assert [c for c in credentials if c in stored] == []
    api = json.dumps(tracker_events(stack, mario.sender)) + json.dumps(tracker_events(stack, "guided-e2e-1"))
    assert "1000001@aruba.it" in api and [c for c in credentials if c in api] == []


def tracker_store_text(stack) -> str:
    import sqlite3
    path = stack.stores.tracker_store_url[len("sqlite:///"):]
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT * FROM events").fetchall()
    return "\n".join(" ".join(str(value) for value in row) for row in rows)


def test_exposure_secret_off_the_command_line_cors_for_the_page_only_and_plain_sender_ids(stack):
    """Issue 12 item 5 (the balancer's side is in test_topology)."""
    for name, process in stack.processes.items():
        with open(f"/proc/{process.pid}/cmdline", "rb") as cmdline:
            argv = cmdline.read().decode(errors="replace")
        assert not [s for s in SECRETS.values() if s in argv], name

    def allowed_origin(origin: str) -> str | None:
        request = urllib.request.Request(f"{stack.rasa_url}/webhooks/rest/", headers={"Origin": origin})
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.headers.get("Access-Control-Allow-Origin")
    assert allowed_origin(stack.web_url) == stack.web_url
    assert allowed_origin("https://evil.example") is None

    for sender in ("abc\u0000def", "line\nbreak", "bell\u0007", "tab\there"):
        body = {"sender": sender, "message": "rinnova"}
        assert status(f"{stack.rasa_url}/webhooks/rest/webhook", {"Content-Type": "application/json"}, body) == 400
