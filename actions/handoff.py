"""The customer asks for a person, or says what the assistant cannot understand."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import message_too_long


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        dispatcher.utter_message(text="Ti metto in contatto con un operatore del supporto: ti risponderà qui "
                                      "appena possibile.")
        return []


class ActionNotUnderstood(Action):
    def name(self) -> str:
        return "action_not_understood"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        if message_too_long(tracker):
            dispatcher.utter_message(text="Il messaggio è troppo lungo e non l'ho letto: scrivimi in poche parole.")
        else:
            dispatcher.utter_message(response="utter_default")
        return []
