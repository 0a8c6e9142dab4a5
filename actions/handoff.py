"""The customer asks for a person, or says what the assistant cannot understand."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import identify, message_too_long, service

TRANSCRIPT_TURNS = 40


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        who = identify(tracker)
        request = service().request_handoff(tracker.sender_id, who.value if who.ok else None, transcript(tracker))
        dispatcher.utter_message(text=f"Ti metto in contatto con un operatore del supporto (richiesta n. "
                                      f"{request.id}): ti risponderà qui appena possibile.")
        return []


def transcript(tracker: Tracker) -> str:
    """The conversation so far, one line a message, for the agent who takes it."""
    lines = [f"{'Cliente' if e['event'] == 'user' else 'Assistente'}: {(e.get('text') or '')[:500]}"
             for e in tracker.events if e.get("event") in ("user", "bot") and e.get("text")]
    return "\n".join(lines[-TRANSCRIPT_TURNS:])


class ActionNotUnderstood(Action):
    def name(self) -> str:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if message_too_long(tracker):
            dispatcher.utter_message(text="Il messaggio è troppo lungo e non l'ho letto: scrivimi in poche parole.")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
