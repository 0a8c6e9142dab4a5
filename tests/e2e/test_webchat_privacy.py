"""Issue 24, the web chat's socket.io channel with real socket.io clients: a conversation is read only by the
client that started it (another client that knows its id, with or without a token, from another origin or
none, receives nothing), and a message that cannot be read gets a clear Italian answer."""
from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
import socketio

from renewal.text import messages

BIANCHI = "1000002@aruba.it"


class Client:
    """One socket.io client, as the widget is one: what it receives, in order."""

    def __init__(self, url: str, origin: str | None) -> None:
        self.received: list[str] = []
        self.confirmed: list[str] = []
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("session_confirm", self.confirmed.append)
        self.sio.on("bot_uttered", lambda data: self.received.append(data.get("text", "") if isinstance(data, dict)
                                                                     else str(data)))
        self.sio.connect(url, headers={"Origin": origin} if origin else {}, transports=["polling"],
                         socketio_path="socket.io")

    def session(self, session_id: str | None) -> str:
        self.sio.emit("session_request", {"session_id": session_id})
        wait_for(lambda: self.confirmed)
        return self.confirmed[-1]

    def say(self, session_id: str, text: Any, **extra: Any) -> None:
        self.sio.emit("user_uttered", {"message": text, "session_id": session_id, **extra})

    def close(self) -> None:
        self.sio.disconnect()


def wait_for(condition: Callable[[], Any], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "nothing arrived"
        time.sleep(0.1)


@pytest.fixture
def page_origin(stack) -> str:
    return stack.web_url


def test_a_second_client_that_knows_the_conversation_id_reads_nothing(stack, assistant, demo, page_origin):
    victim = Client(stack.rasa_url, page_origin)
    spies = []
    try:
        session_id = victim.session(None)
        conversation = session_id.partition(".")[0]  # what the desk, the logs and the audit show
        victim.say(session_id, "voglio rinnovare", customData={"token": assistant.token(BIANCHI)})
        wait_for(lambda: any("Rinnovi 3 GB?" in text for text in victim.received))

        with pytest.raises(socketio.exceptions.ConnectionError):  # a page of another site: no socket at all
            Client(stack.rasa_url, "http://evil.example")
        for asked in (conversation, f"{conversation}.{'0' * 64}", session_id.upper()):
            spy = Client(stack.rasa_url, None)  # no Origin: not a browser, so the signature is what guards
            spies.append(spy)
            assert spy.session(asked).partition(".")[0] != conversation  # a new, empty conversation
            spy.say(asked, "voglio rinnovare")  # writing in it: the spy's own session, no token, refused
        before = len(victim.received)
        victim.say(session_id, "5 GB", customData={"token": assistant.token(BIANCHI)})
        wait_for(lambda: any("5 GB" in text for text in victim.received[before:]))
        time.sleep(1)
        for spy in spies:
            assert not any("GB" in text or "Rinnovi" in text for text in spy.received), spy.received

        again = Client(stack.rasa_url, page_origin)  # the widget after a reload: the same session, resumed
        spies.append(again)
        assert again.session(session_id) == session_id
    finally:
        for client in [victim, *spies]:
            client.close()


@pytest.mark.parametrize("data, expected", [
    ({"message": 123}, messages.MALFORMED_REQUEST["message"]),
    ({}, messages.MALFORMED_REQUEST["message"]),
    ({"message": "ciao", "customData": "{bad"}, messages.MALFORMED_REQUEST["metadata"].format(field="customData")),
    ("just text", messages.MALFORMED_REQUEST["body"]),
])
def test_a_message_that_cannot_be_read_gets_a_clear_answer(stack, assistant, demo, page_origin, data, expected):
    client = Client(stack.rasa_url, page_origin)
    try:
        session_id = client.session(None)
        client.sio.emit("user_uttered", {**data, "session_id": session_id} if isinstance(data, dict) else data)
        wait_for(lambda: client.received)
        assert client.received == [expected]
    finally:
        client.close()
    time.sleep(0.5)
    assert "Task exception was never retrieved" not in assistant.log_text()


def test_a_message_before_any_session_is_refused(stack, page_origin):
    client = Client(stack.rasa_url, page_origin)
    try:
        client.say("anything", "voglio rinnovare")
        wait_for(lambda: client.received)
        assert client.received == [messages.MALFORMED_REQUEST["session"]]
    finally:
        client.close()
