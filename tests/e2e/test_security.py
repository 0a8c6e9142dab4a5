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

from renewal import identity
from servers.action_server import TOKEN_HEADER
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
    api_secret = SECRETS[identity.API_SECRET_ENV]
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


def test_logs_never_contain_a_token_or_a_secret(stack, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    chat.say("voglio rinnovare")
    chat.say("4 GB")
    status(stack.rasa_url + "/status", {"Authorization": f"Bearer {stack.api_token()}"})
    logs = "".join(log.read_text(errors="replace") for log in stack.logs())
    secrets = [chat.token.split(".")[1], TELEGRAM_TOKEN.split(":")[1], TELEGRAM_SECRET, *SECRETS.values()]
    assert logs and not [secret for secret in secrets if secret in logs]
