"""The production topology under faults: two Rasa replicas and two action servers
behind nginx, conversations in PostgreSQL, locks in Redis, the domain database
in PostgreSQL reached through a proxy the tests can cut.

PostgreSQL and Redis are the running ones, or private ones started for the
session (tests/services.py); nginx is installed by scripts/install-system-packages.
"""
from __future__ import annotations

import copy
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from bench.load import RENEWAL_TURNS, Script, run_load
from renewal import config
from renewal.adapters import identity
from renewal.adapters.db import Database, drop_database, ensure_database
from renewal.config import DATABASE_URL_ENV
from renewal.services.demo import add_load_accounts, reset_demo
from renewal.text.messages import SERVICE_UNAVAILABLE
from servers.stack import NGINX, Stack, Stores
from tests.conftest import TODAY
from tests.e2e.conftest import SECRET, SECRETS, Assistant
from tests.e2e.tcp_proxy import TcpProxy
from tests.services import free_port

UNAVAILABLE = SERVICE_UNAVAILABLE.split(":")[0]
# What the bot asks after each of RENEWAL_TURNS (for 1000001@aruba.it).
NEXT_STEP = ("Rinnovi 3 GB?", "Rinnovi 3 utenti?", "Moduli", "codice convenzione", "Per quanti anni", "Come vuoi pagare",
             "condizioni generali", "Riepilogo dell'ordine", "confermato")


def _url(url: URL) -> str:
    return url.render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def topology(model, postgres, redis, tmp_path_factory) -> Iterator[Stack]:
    assert Path(NGINX).exists(), "nginx is missing: run scripts/install-system-packages"
    server, suffix = postgres, uuid.uuid4().hex[:10]
    domain = server.set(database=f"renewal_faults_{suffix}")
    tracker = server.set(database=f"renewal_tracker_{suffix}")
    for url in (domain, tracker):
        ensure_database(_url(url))
    proxy = TcpProxy(server.host or "127.0.0.1", server.port or 5432)
    stack = Stack(tmp_path_factory.mktemp("topology"), model, rasa_ports=(free_port(), free_port()),
                  actions_ports=(free_port(), free_port()), balancer_ports=(free_port(), free_port()),
                  stores=Stores(_url(tracker), f"redis://{redis.host}:{redis.port}/1?key_prefix=faults{suffix}"),
                  env={**SECRETS, "RENEWAL_TODAY": TODAY.isoformat(),
                       DATABASE_URL_ENV: _url(domain.set(host="127.0.0.1", port=proxy.port))})
    stack.domain_url = _url(domain)  # type: ignore[attr-defined]  # the database itself, not through the proxy
    stack.proxy = proxy  # type: ignore[attr-defined]
    reset_demo(Database(stack.domain_url), TODAY)
    try:
        stack.start().wait_ready()
        yield stack
    finally:
        stack.stop()
        proxy.close()
        for url in (domain, tracker):
            drop_database(_url(url))


@pytest.fixture
def assistant(topology) -> Assistant:
    """The assistant behind the balancer; ``reset`` gives fresh demo data."""
    return Assistant(topology.rasa_url, topology.domain_url, topology.logs())


@pytest.fixture
def demo(assistant):
    return assistant.reset()


def tracker(stack: Stack, replica: int, sender: str) -> dict:
    request = urllib.request.Request(f"{stack.replica_url(replica)}/conversations/{sender}/tracker",
                                     headers={"Authorization": f"Bearer {stack.api_token()}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


def test_turns_alternate_between_replicas_and_both_see_one_conversation(topology, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    for turn, (message, expected) in enumerate(zip(RENEWAL_TURNS, NEXT_STEP)):
        assert expected in chat.say(message, via=topology.replica_url(1 + turn % 2)), (turn, message)
    assert len(demo.orders("1000001@aruba.it")) == 1
    first, second = tracker(topology, 1, chat.sender), tracker(topology, 2, chat.sender)
    assert first["events"] == second["events"] and first["slots"]["order_number"] == demo.orders("1000001@aruba.it")[0].number
    assert sum(1 for e in first["events"] if e["event"] == "user") == len(RENEWAL_TURNS)


def test_no_token_is_kept_in_the_postgresql_conversation_store(topology, assistant, demo):
    """Issue 12 item 2, on the production tracker store."""
    chat = assistant.conversation("1000001@aruba.it")
    for message in RENEWAL_TURNS[:3]:
        chat.say(message)
    engine = create_engine(topology.stores.tracker_store_url, future=True)
    try:
        with engine.connect() as connection:
            stored = "\n".join(" ".join(str(v) for v in row) for row in connection.execute(text("SELECT * FROM events")))
    finally:
        engine.dispose()
    assert chat.sender in stored and "1000001@aruba.it" in stored
    credentials = [chat.token, chat.token.split(".")[1], *SECRETS.values()]
    assert [c for c in credentials if c in stored] == []


def test_the_balancer_publishes_the_channels_only(topology):
    """Issue 12 item 5: Rasa's HTTP API is not reachable through the public port, even with a JWT."""
    headers = {"Authorization": f"Bearer {topology.api_token()}"}
    for path in ("/status", "/conversations/someone/tracker", "/version", "/"):
        request = urllib.request.Request(f"{topology.rasa_url}{path}", headers=headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=30)
        assert refused.value.code == 404, path
    request = urllib.request.Request(f"{topology.replica_url(1)}/status", headers=headers)
    with urllib.request.urlopen(request, timeout=30) as response:  # on the internal address, with the JWT
        assert response.status == 200


def test_concurrent_confirmations_through_both_replicas_place_one_order(topology, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    for message in RENEWAL_TURNS[:-1]:
        chat.say(message)
    twins = [copy.copy(chat) for _ in range(4)]
    with ThreadPoolExecutor(len(twins)) as pool:
        replies = list(pool.map(lambda pair: pair[1].say("confermo", via=topology.replica_url(1 + pair[0] % 2)),
                                enumerate(twins)))
    orders = demo.orders("1000001@aruba.it")
    assert len(orders) == 1
    assert sum(f"Ordine n. {orders[0].number} confermato" in r for r in replies) == 1, replies
    assert sum(f"L'ordine n. {orders[0].number} è già confermato" in r for r in replies) == len(twins) - 1, replies


def test_action_servers_killed_mid_conversation(topology, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    chat.say("voglio rinnovare")
    topology.stop_process("actions-1", kill=True)
    assert "Rinnovi 3 utenti?" in chat.say("lascia com'è"), "the other action server goes on alone"
    topology.stop_process("actions-2", kill=True)
    reply = chat.say("4 utenti")
    assert UNAVAILABLE in reply and "Non ho cambiato nulla" in reply
    assert demo.account("1000001@aruba.it").value.open_cart.cart.users == 3
    for name in ("actions-1", "actions-2"):
        topology.start_process(name)
    topology.wait_ready(names=["actions-1", "actions-2"])
    assert "Utenti aggiuntivi: 4" in chat.say("4 utenti"), "the same answer works once they are back"
    assert demo.account("1000001@aruba.it").value.open_cart.cart.users == 4


def test_action_servers_killed_during_the_confirmation_lose_and_duplicate_nothing(topology, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    for message in RENEWAL_TURNS[:-1]:
        chat.say(message)
    replies: list[str] = []
    confirming = threading.Thread(target=lambda: replies.append(chat.say("confermo")))
    confirming.start()
    time.sleep(0.05)  # the confirmation is on its way: it may or may not have been written
    for name in ("actions-1", "actions-2"):
        topology.stop_process(name, kill=True)
    confirming.join(timeout=120)
    assert replies and ("confermato" in replies[0] or UNAVAILABLE in replies[0])
    for name in ("actions-1", "actions-2"):
        topology.start_process(name)
    topology.wait_ready(names=["actions-1", "actions-2"])
    reply = chat.say("confermo")
    orders = demo.orders("1000001@aruba.it")
    assert len(orders) == 1 and orders[0].number in reply


def test_database_down_then_back(topology, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    for message in RENEWAL_TURNS[:5]:
        chat.say(message)
    topology.proxy.cut()
    try:
        reply = chat.say("due anni")
        assert UNAVAILABLE in reply, reply
        assert UNAVAILABLE in chat.say("un anno")
    finally:
        topology.proxy.restore()
    assert demo.account("1000001@aruba.it").value.open_cart.cart.years == 1
    assert "Come vuoi pagare" in chat.say("due anni")
    assert demo.account("1000001@aruba.it").value.open_cart.cart.years == 2
    chat.say("bonifico")
    chat.say("accetto")
    topology.proxy.cut()
    try:
        assert UNAVAILABLE in chat.say("confermo")
    finally:
        topology.proxy.restore()
    assert demo.orders("1000001@aruba.it") == []
    assert "confermato" in chat.say("confermo")
    assert "già confermato" in chat.say("confermo")
    assert len(demo.orders("1000001@aruba.it")) == 1


def test_rasa_restarted_the_conversation_resumes(topology, assistant, demo):
    chat = assistant.conversation("1000001@aruba.it")
    for message in RENEWAL_TURNS[:5]:
        chat.say(message)
    for name in ("rasa-1", "rasa-2"):
        topology.stop_process(name)
        topology.start_process(name)
    topology.wait_ready(names=["rasa-1", "rasa-2"])
    for message, expected in zip(RENEWAL_TURNS[5:], NEXT_STEP[5:]):
        assert expected in chat.say(message), message
    assert len(demo.orders("1000001@aruba.it")) == 1


def test_load_through_the_balancer_loses_and_duplicates_no_order(topology, assistant, demo):
    accounts = add_load_accounts(demo.database, TODAY, 20)
    secret = SECRET.encode()
    scripts = [Script(f"load-{uuid.uuid4().hex[:8]}", RENEWAL_TURNS,
                      {"token": identity.mint_token(account, demo.clock.now(), timedelta(hours=1), secret)})
               for account in accounts]
    result = run_load(topology.rasa_url, scripts, concurrency=10)
    assert result.errors == []
    assert all("confermato" in c.replies[-1] for c in result.conversations)
    assert [len(demo.orders(account)) for account in accounts] == [1] * len(accounts)


def test_an_agent_message_reaches_a_web_chat_held_by_the_other_replica(topology, assistant, demo):
    """Issue 13 with replicas: the customer's socket is on replica 2, the desk speaks through replica 1's
    HTTP API; the replicas share socket.io rooms over Redis, so the message arrives."""
    import asyncio

    import socketio

    from servers.rasa_api import RasaApi

    received: list[str] = []
    confirmed: list[str] = []
    client = socketio.Client()
    client.on("session_confirm", confirmed.append)
    client.on("bot_uttered", lambda data: received.append(data.get("text", "")))
    client.connect(topology.replica_url(2), transports=["polling"], socketio_path="socket.io")
    try:
        client.emit("session_request", {"session_id": None})
        deadline = time.monotonic() + 10
        while not confirmed and time.monotonic() < deadline:
            time.sleep(0.1)
        session_id = confirmed[0]  # the conversation id and its signature
        client.emit("user_uttered", {"message": "voglio rinnovare", "session_id": session_id,
                                     "customData": {"token": assistant.token("1000001@aruba.it")}})
        deadline = time.monotonic() + 30
        while not any("Rinnovi 3 GB?" in text for text in received) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any("Rinnovi 3 GB?" in text for text in received), received
        api = RasaApi(topology.replica_url(1), SECRETS[config.API_SECRET_ENV].encode())
        conversation = session_id.partition(".")[0]
        asyncio.run(api.send(conversation, "Mario (supporto): ti scrivo dall'altra replica", agent="mario.rossi"))
        deadline = time.monotonic() + 15
        while not any("dall'altra replica" in text for text in received) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert any("dall'altra replica" in text for text in received), received
    finally:
        client.disconnect()
