"""The action-response check of Rasa, prepared once: same verdicts, same errors."""
from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from connectors import rasa_patches
from tests.services import Address

ACTION = RemoteAction("action_start_renewal", None)


@pytest.fixture(scope="module", autouse=True)
def installed():
    """As the Rasa server's entry point does, once (``connectors.install``)."""
    rasa_patches.install()


def test_the_patch_is_installed():
    assert RemoteAction._validate_action_result is rasa_patches._validate_action_result


@pytest.mark.parametrize("response", [
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "cart_id", "value": 3}], "responses": [{"text": "ciao"}]},
])
def test_valid_responses_pass(response):
    assert ACTION._validate_action_result(response) is True


@pytest.mark.parametrize("response", [
    {"events": [{"event": "slot"}]},  # a slot event without its name
    {"events": "not a list"},
    {"events": [{"name": "cart_id"}]},  # no event type
])
def test_invalid_responses_get_rasas_own_error(response):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        ACTION._validate_action_result(response)


def _redis_lock_stores(redis: Address, count: int) -> list:
    from rasa.core.lock_store import RedisLockStore

    prefix = f"patchtest{uuid.uuid4().hex[:8]}"
    return [RedisLockStore(host=redis.host, port=redis.port, db=1, key_prefix=prefix) for _ in range(count)]


def draw_tickets(stores: list, issue) -> list[int]:
    """Each of 8 threads per store (a replica each) draws a ticket for one conversation at once."""
    conversation = uuid.uuid4().hex
    start = threading.Barrier(8 * len(stores))

    def draw(store) -> int:
        start.wait()
        return issue(store, conversation, 60)

    with ThreadPoolExecutor(8 * len(stores)) as pool:
        return list(pool.map(draw, [store for store in stores for _ in range(8)]))


def test_replicas_drawing_tickets_at_once_never_share_one(redis):
    stores = _redis_lock_stores(redis, 3)
    try:
        tickets = draw_tickets(stores, lambda store, conversation, lifetime: store.issue_ticket(conversation,
                                                                                                lifetime))
        assert sorted(tickets) == list(range(len(tickets)))
        draws = (draw_tickets(stores, rasa_patches._rasa_issue_ticket) for _ in range(3))
        assert any(sorted(draw) != list(range(len(draw))) for draw in draws), \
            "Rasa's own method shares tickets here, so this test sees the difference"
    finally:
        keys = list(stores[0].red.scan_iter(f"{stores[0].key_prefix}*"))
        if keys:
            stores[0].red.delete(*keys)


@pytest.mark.parametrize("typed, kept", [
    ("/restart", "restart"), (" /session_start ", "session_start"), ("/back", "back"), ("/restart{}", "restart{}"),
    ("/affirm", "/affirm"), ("/restarting", "/restarting"), ("ok /restart", "ok /restart"),
])
def test_rasa_s_own_commands_typed_by_a_customer_are_plain_words(typed, kept):
    """Issue 12 item 12: they wiped the conversation and answered nothing (the fuzz test's empty reply);
    the buttons' payloads (/affirm ...) still work."""
    assert rasa_patches.readable(typed) == kept


def test_event_classes_resolve_as_rasas_own_walk_does():
    from rasa.shared.core.events import Event, UserUttered
    from rasa.shared.utils.common import all_subclasses

    assert Event.resolve_by_type is rasa_patches._resolve_by_type
    for cls in all_subclasses(Event):
        assert Event.resolve_by_type(cls.type_name) is rasa_patches._rasa_resolve_by_type(cls.type_name)
    assert Event.resolve_by_type("topic") is None
    assert Event.resolve_by_type("no-such-event", default=UserUttered) is UserUttered
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no-such-event")
    assert "no-such-event" not in rasa_patches._EVENT_CLASSES
