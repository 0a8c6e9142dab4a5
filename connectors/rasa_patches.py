"""Five changes to Rasa 3.6, applied when the Rasa server loads this package
(``credentials.yml`` names ``connectors.rest`` and ``connectors.telegram``).

1. Speed. Rasa checks every action server response with ``jsonschema.validate(
   result, spec)``, which first re-checks the constant ``spec`` against the JSON
   Schema 2020-12 meta-schema. Profiling a renewal turn (py-spy, see README
   "Benchmarks") put about 70 % of the Rasa server's busy time there. Here the
   spec is checked once, responses are validated against it with a prepared
   validator, and an invalid response is handed to Rasa's own method, so it is
   refused with Rasa's own error exactly as before.

2. Faults. When the action server cannot be reached or fails (killed, restarting,
   its database down: it answers 503), Rasa logs the error, drops the action's
   events, says nothing to the customer and predicts on. Here the customer is told
   so (``renewal.text.messages.SERVICE_UNAVAILABLE``) and the bot listens: the
   conversation stays where it was, so the same answer works again once the
   action server is back. Rejections (HTTP 400) keep Rasa's meaning.

3. Bad input, from any channel. A message's text loses what no store or parser
   should see (lone UTF-16 surrogates, NUL and other control characters:
   PostgreSQL refuses NUL, the Italian number parser fails on surrogates) and
   metadata that is not an object is dropped. A message left blank (nothing but
   spaces or controls, or no text at all) crashes Rasa's intent classifier (no
   features): it is read as not understood (``nlu_fallback``) instead, so the
   customer gets the usual "non ho capito" and the step is asked again.

4. Replicas. Rasa's Redis lock store keeps a conversation's ticket lock as one
   JSON value and changes it by reading, editing and writing it back with no
   guard: two replicas receiving messages of one conversation at the same moment
   both drew the same ticket and ran together (seen in ``tests/e2e/
   test_topology.py``: two replies "Ordine ... confermato" to one order). Here
   each of those read-edit-writes holds a short Redis mutex of its own.

5. Speed. Reading a conversation back from the tracker store finds each event's
   class by walking every subclass of ``Event`` (``Event.resolve_by_type``): 8 %
   of the Rasa server's busy time at 10 concurrent renewals. Here the classes are
   looked up in a table made once from that same walk (Rasa's walk for a name it lacks).
"""
from __future__ import annotations

import re
from typing import Any, Optional

from jsonschema import exceptions, validators
from rasa.core.actions.action import ActionExecutionRejection, RemoteAction, create_bot_utterance
from rasa.core.channels.channel import UserMessage
from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.core.processor import MessageProcessor
from rasa.shared.core.constants import (
    ACTION_LISTEN_NAME,
    USER_INTENT_BACK,
    USER_INTENT_RESTART,
    USER_INTENT_SESSION_START,
)
from rasa.shared.core.events import ActionExecuted, Event
from rasa.shared.exceptions import RasaException
from rasa.shared.utils.common import all_subclasses

from renewal.text.messages import SERVICE_UNAVAILABLE

_rasa_validate = RemoteAction._validate_action_result
_rasa_remote_run = RemoteAction.run
_rasa_run_action = MessageProcessor._run_action
_rasa_parse_with_graph = MessageProcessor._parse_message_with_graph
_rasa_user_message_init = UserMessage.__init__
_rasa_issue_ticket = RedisLockStore.issue_ticket
_rasa_update_lock = RedisLockStore.update_lock
_rasa_cleanup = RedisLockStore.cleanup
_rasa_resolve_by_type = Event.resolve_by_type
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _prepared_validator() -> Any:
    spec = RemoteAction.action_response_format_spec()
    kind = validators.validator_for(spec)
    kind.check_schema(spec)
    return kind(spec)


_VALIDATOR = _prepared_validator()


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    if exceptions.best_match(_VALIDATOR.iter_errors(result)) is None:
        return True
    return _rasa_validate(self, result)  # raises Rasa's ValidationError with its message


def _event_classes() -> dict[str, type]:
    """Event classes by type name; of two with one name, the first Rasa's own walk meets."""
    table: dict[str, type] = {}
    for cls in all_subclasses(Event):
        table.setdefault(cls.type_name, cls)
    return table


_EVENT_CLASSES = _event_classes()


def _resolve_by_type(type_name: str, default: Optional[type] = None) -> Optional[type]:
    """The table never changes: a class defined after it was made, or no such name, gets Rasa's own walk."""
    return _EVENT_CLASSES.get(type_name) or _rasa_resolve_by_type(type_name, default)


class ActionServerUnavailable(RasaException):
    """The action server did not run the action (unreachable, or it failed)."""


async def _remote_run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    try:
        return await _rasa_remote_run(self, *args, **kwargs)
    except ActionExecutionRejection:
        raise
    except RasaException as error:
        raise ActionServerUnavailable(str(error)) from error


async def _run_action(self: MessageProcessor, action: Any, tracker: Any, output_channel: Any, nlg: Any,
                      prediction: Any) -> bool:
    """Rasa's ``_run_action``; when the action (or the form's validation inside it)
    found no action server, the customer is told so and the bot listens."""
    failed = []
    run = action.run

    async def watched_run(*args: Any, **kwargs: Any) -> Any:
        try:
            return await run(*args, **kwargs)
        except ActionServerUnavailable:
            failed.append(action.name())
            raise

    action.run = watched_run
    keep_predicting = await _rasa_run_action(self, action, tracker, output_channel, nlg, prediction)
    if not failed:
        return keep_predicting
    said = [create_bot_utterance({"text": SERVICE_UNAVAILABLE})]
    tracker.update_with_events(said, self.domain)
    await self.execute_side_effects(said, tracker, output_channel)
    tracker.update(ActionExecuted(ACTION_LISTEN_NAME))
    return False


_RASA_COMMANDS = re.compile(rf"^/(?=(?:{USER_INTENT_RESTART}|{USER_INTENT_BACK}|{USER_INTENT_SESSION_START})\b)")
"""Typed "/restart", "/back", "/session_start" make Rasa wipe or rewind the conversation without a
word (the flaky fuzz test's empty reply): from a customer they are words like any other."""


def readable(text: Any) -> Optional[str]:
    """The text a message may carry: lone surrogates become "?", control
    characters (but tabs and newlines) spaces, Rasa's own commands plain words;
    not a text: None."""
    if not isinstance(text, str):
        return None
    return _RASA_COMMANDS.sub("", _CONTROLS.sub(" ", text.encode("utf-8", "replace").decode("utf-8")).strip())


def _user_message_init(self: UserMessage, *args: Any, **kwargs: Any) -> None:
    _rasa_user_message_init(self, *args, **kwargs)
    self.text = readable(self.text)
    if not isinstance(self.metadata, dict):
        self.metadata = None


def _parse_message_with_graph(self: MessageProcessor, message: UserMessage, *args: Any, **kwargs: Any) -> Any:
    if message.text:
        return _rasa_parse_with_graph(self, message, *args, **kwargs)
    fallback = {"name": "nlu_fallback", "confidence": 1.0}
    return {"text": "", "intent": fallback, "intent_ranking": [fallback], "entities": []}


def _guard(store: RedisLockStore, conversation_id: str) -> Any:
    """A Redis mutex (SET NX with an expiry, released by a script) around one
    read-edit-write of the conversation's ticket lock."""
    return store.red.lock(f"{store.key_prefix}{conversation_id}:guard", timeout=10, sleep=0.002,
                          blocking_timeout=10)


def _issue_ticket(self: RedisLockStore, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
    with _guard(self, conversation_id):
        return _rasa_issue_ticket(self, conversation_id, lock_lifetime)


def _update_lock(self: RedisLockStore, conversation_id: str) -> None:
    with _guard(self, conversation_id):
        _rasa_update_lock(self, conversation_id)


def _cleanup(self: RedisLockStore, conversation_id: str, ticket_number: int) -> None:
    with _guard(self, conversation_id):
        _rasa_cleanup(self, conversation_id, ticket_number)


def install() -> None:
    RemoteAction._validate_action_result = _validate_action_result
    RemoteAction.run = _remote_run
    MessageProcessor._run_action = _run_action
    MessageProcessor._parse_message_with_graph = _parse_message_with_graph
    UserMessage.__init__ = _user_message_init
    RedisLockStore.issue_ticket = _issue_ticket
    RedisLockStore.update_lock = _update_lock
    RedisLockStore.cleanup = _cleanup
    Event.resolve_by_type = staticmethod(_resolve_by_type)
