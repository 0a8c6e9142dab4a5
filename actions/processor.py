"""The one action every customer message runs: read the tracker, understand the
message, let the core apply it, say the reply, keep the state in slots."""
from __future__ import annotations

import logging
from dataclasses import replace
from decimal import Decimal
from typing import Any, Optional

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from renewal.adapters import identity
from renewal.bootstrap import Services
from renewal.dialogue.commands import Command, Resume, Step, from_dict, options_from_list, options_to_list
from renewal.dialogue.processor import Conversation
from renewal.dialogue.state import Asked, DialogueState
from renewal.domain.decision import Decision, Reason
from renewal.services.access import Caller
from renewal.text import desk as desk_text
from renewal.text import messages
from renewal.text.questions import Button
from understanding.parser import parse
from understanding.utterance import Utterance

logger = logging.getLogger(__name__)

TRANSCRIPT_TURNS = 40


def transcript(tracker: Tracker) -> str:
    """The conversation so far, one line a message, for the agent who takes it."""
    lines = [f"{desk_text.SPEAKERS[e['event']]}: {(e.get('text') or '')[:500]}"
             for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")]
    return "\n".join(lines[-TRANSCRIPT_TURNS:])


def state_of(tracker: Tracker) -> DialogueState:
    """The conversation's state, from its slots."""
    slot = tracker.get_slot
    cart_id = slot("cart_id")
    return DialogueState(
        cart_id=cart_id if isinstance(cart_id, int) else None,
        answered=frozenset(Step(s) for s in slot("answered") or () if s in {step.value for step in Step}),
        asked=Asked.read(slot("asked")),
        listed_modules=tuple(slot("listed_modules") or ()),
        order_number=slot("order_number"),
        pending=tuple(from_dict(c) for c in slot("pending") or ()),
        last_quantity=Step(slot("last_quantity")) if slot("last_quantity") in {s.value for s in Step} else None,
        last_module=slot("last_module") if isinstance(slot("last_module"), str) else None,
        seen_cart=slot("seen_cart") if isinstance(slot("seen_cart"), str) else None,
        misunderstood=slot("misunderstood") if isinstance(slot("misunderstood"), int) else 0,
        cancelled_cart=slot("cancelled_cart") if isinstance(slot("cancelled_cart"), int) else None,
        price_options=options_from_list(slot("price_options")),
        refused_value=_decimal(slot("refused_value")),
        refused_code=slot("refused_code") if isinstance(slot("refused_code"), str) else None,
        previous_value=_previous(slot("previous_value")),
    )


def _previous(value: Any) -> Optional[tuple[Step, Decimal]]:
    """A quantity and its value before its last change, kept in a slot as ["years", "3"]."""
    if not isinstance(value, list) or len(value) != 2 or value[0] not in {s.value for s in Step}:
        return None
    amount = _decimal(value[1])
    return (Step(value[0]), amount) if amount is not None else None


def _decimal(value: Any) -> Optional[Decimal]:
    """A quantity kept in a slot as text ("2.5"), or None."""
    return Decimal(value) if isinstance(value, str) and value.replace(".", "", 1).isdigit() else None


def slots_of(state: DialogueState) -> list[dict[str, Any]]:
    return [
        SlotSet("cart_id", state.cart_id),
        SlotSet("answered", sorted(s.value for s in state.answered)),
        SlotSet("asked", state.asked.value if state.asked else None),
        SlotSet("listed_modules", list(state.listed_modules)),
        SlotSet("order_number", state.order_number),
        SlotSet("pending", [c.to_dict() for c in state.pending]),
        SlotSet("last_quantity", state.last_quantity.value if state.last_quantity else None),
        SlotSet("last_module", state.last_module),
        SlotSet("seen_cart", state.seen_cart),
        SlotSet("misunderstood", state.misunderstood),
        SlotSet("cancelled_cart", state.cancelled_cart),
        SlotSet("price_options", options_to_list(state.price_options)),
        SlotSet("refused_value", str(state.refused_value) if state.refused_value is not None else None),
        SlotSet("refused_code", state.refused_code),
        SlotSet("previous_value", [state.previous_value[0].value, str(state.previous_value[1])]
                if state.previous_value is not None else None),
    ]


def resumed(tracker: Tracker) -> bool:
    """Whether the agent gave the conversation back since the customer last wrote (the desk resumes it and
    runs this action through Rasa's HTTP API, which only the desk can call)."""
    for event in reversed(tracker.events):
        if event.get("event") in ("user", "resume"):
            return event["event"] == "resume"
    return False


def button_json(button: Button) -> dict[str, Any]:
    """A button as Rasa's channels take it: a link opens its page (``web_url``), the others say their payload."""
    if button.url:
        return {"title": button.title, "type": "web_url", "url": button.url, "payload": button.url}
    return {"title": button.title, "payload": button.payload}


class ActionProcess(Action):
    """Built once by the action server (``servers.action_server``) with the process's services."""

    def __init__(self, services: Services) -> None:
        self.services = services

    def name(self) -> str:
        return "action_process"

    def caller(self, tracker: Tracker) -> Decision[Caller]:
        """The account this conversation acts for, proven by the latest message's metadata: the customer's
        own token, or a support agent's token and the account."""
        try:
            return self.services.access.caller(tracker.sender_id, tracker.latest_message.get("metadata"))
        except identity.SecretMissing:
            logger.error("RENEWAL_TOKEN_SECRET is not set: no customer can be identified")
            return Decision.refuse(Reason.TOKEN_INVALID)

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        services = self.services
        back = resumed(tracker)
        who = services.access.owner(tracker.sender_id) if back else self.caller(tracker)
        if not who.ok:
            dispatcher.utter_message(text=messages.explain(who))
            return []
        channel = tracker.get_latest_input_channel() or "rest"
        waiting = services.handoffs.open_for(tracker.sender_id)  # the bot goes on while the customer waits
        if waiting is None and who.value.agent is None:  # the page reloaded: the request waiting follows
            waiting = services.handoffs.follow(tracker.sender_id, who.value.username, channel)
        state = replace(state_of(tracker), queue=waiting.position if waiting is not None else None)
        commands: list[Command] = [Resume()] if back else parse(Utterance.from_parse(tracker.latest_message), state)
        conversation = Conversation(services.dialogue, who.value.username, tracker.sender_id, agent=who.value.agent,
                                    transcript=lambda: transcript(tracker),
                                    channel=channel)
        turn = conversation.handle(state, commands)
        for reply in turn.replies:
            dispatcher.utter_message(text=reply.text, buttons=[button_json(b) for b in reply.buttons])
        return slots_of(turn.state)
