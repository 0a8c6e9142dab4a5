"""Real rasa_sdk trackers and dispatchers around the real service and database."""
from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any, Iterable, Optional

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import context
from renewal import identity

PROJECT = Path(__file__).resolve().parents[2]
SECRET = "test-secret-0123456789abcdef"
DOMAIN = yaml.safe_load((PROJECT / "domain.yml").read_text())


@pytest.fixture(autouse=True)
def wired(service, monkeypatch):
    monkeypatch.setenv(identity.TOKEN_SECRET_ENV, SECRET)
    context.use_service(service)
    yield service
    context.use_service(None)


@pytest.fixture
def token(clock):
    def mint(username: str = "1000001@aruba.it", minutes: int = 30) -> str:
        return identity.mint_token(username, clock.now(), timedelta(minutes=minutes), SECRET.encode())
    return mint


def tracker(text: str = "", intent: Optional[str] = None, entities: Iterable[dict] = (), slots: Optional[dict] = None,
            token: Any = None, form: bool = False) -> Tracker:
    """A tracker as Rasa sends it: the user's message, then (in a form) the form's turn."""
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {})
    latest = {"text": text, "intent": {"name": intent, "confidence": 1.0} if intent else {},
              "entities": list(entities), "metadata": _metadata(token)}
    events: list[dict[str, Any]] = [{"event": "slot", "name": k, "value": v} for k, v in (slots or {}).items()]
    events.append({"event": "user", "text": text, "parse_data": latest, "metadata": latest["metadata"]})
    if form:
        events += [{"event": "slot", "name": "requested_slot", "value": values.get("requested_slot")},
                   {"event": "action", "name": "renewal_form"}]
    return Tracker("test", values, latest, events, False, None,
                   {"name": "renewal_form"} if form else {}, "renewal_form" if form else "action_listen")


def _metadata(token: Any) -> dict:
    """A customer's token, or (a dict) the whole metadata, as an agent's console sends it."""
    if isinstance(token, dict):
        return token
    return {"token": token} if token else {}


def texts(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("text") or "" for m in dispatcher.messages]


def quantity(kind: str, value: str, role: Optional[str] = None) -> dict:
    found = {"entity": kind, "value": value, "extractor": "ItalianQuantityExtractor"}
    if role:
        found["role"] = role
    return found
