"""Answers from the help page, with the customer's own dates and figures when signed in."""
from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.context import identify, intent_of, service
from renewal import messages


class ActionAnswerQuestion(Action):
    def name(self) -> str:
        return "action_answer_question"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        answer = messages.ANSWERS.get(intent_of(tracker) or "")
        if answer is None:
            dispatcher.utter_message(response="utter_default")
            return []
        who = identify(tracker)
        account = service().account(who.value) if who.ok else None
        dispatcher.utter_message(text=answer(account.value if account and account.ok else None))
        return []
