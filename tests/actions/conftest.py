"""Real rasa_sdk trackers and dispatchers around the real service and database.
A message reaches the action as Rasa's parse would bring it: the project's own
words and entities (tests.understanding.conftest), the intent given by the test."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.processor import ActionProcess
from renewal.adapters import identity
from renewal.text import messages
from tests.conftest import TOKEN_SECRET
from tests.understanding.conftest import understood

PROJECT = Path(__file__).resolve().parents[2]
SECRET = TOKEN_SECRET
DOMAIN = yaml.safe_load((PROJECT / "domain.yml").read_text())


@pytest.fixture
def action(services) -> ActionProcess:
    """The action as the action server builds it: once, with the process's services."""
    return ActionProcess(services)


@pytest.fixture
def token(clock):
    def mint(username: str = "1000001@aruba.it", minutes: int = 30) -> str:
        return identity.mint_token(username, clock.now(), timedelta(minutes=minutes), SECRET.encode())
    return mint


def tracker(text: str, intent: Optional[str], slots: dict, metadata: Any, sender: str = "test") -> Tracker:
    """A tracker as Rasa sends it to the action after the customer's message."""
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots)
    parse = understood(text, intent)
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0} if intent else {},
              "entities": list(parse.entities), "words": [[w.start, w.end, w.norm, w.lemma] for w in parse.words],
              "metadata": metadata}
    events: list[dict[str, Any]] = [{"event": "slot", "name": k, "value": v} for k, v in slots.items()]
    events.append({"event": "user", "text": text, "parse_data": latest, "metadata": metadata})
    return Tracker(sender, values, latest, events, False, None, {}, "action_listen")


class Customer:
    """One conversation through ``action_process``: what it says, the slots it keeps."""

    def __init__(self, action: ActionProcess, metadata: Any, sender: str = "test") -> None:
        self.action = action
        self.metadata = metadata
        self.sender = sender
        self.slots: dict[str, Any] = {}
        self.messages: list[dict[str, Any]] = []

    async def says(self, text: str, intent: Optional[str] = "inform") -> str:
        """As the channels do (connectors.gate): the credentials checked and replaced first."""
        admitted = self.action.services.access.admit(self.sender, self.metadata)
        if not admitted.ok:
            self.messages = [{"text": messages.explain(admitted)}]
            return self.messages[0]["text"]
        dispatcher = CollectingDispatcher()
        events = await self.action.run(dispatcher, tracker(text, intent, self.slots, admitted.value, self.sender),
                                           DOMAIN)
        self.slots.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
        self.messages = dispatcher.messages
        return "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.fixture
def customer(token, action):
    return lambda username="1000001@aruba.it", sender="test": Customer(action, {"token": token(username)}, sender)
