"""Starting, cancelling and re-confirming a renewal."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.context import acting_agent, identify, intent_of, owned_cart, service
from renewal import messages
from renewal.decision import Reason

FORM_SLOTS = ("storage_gb", "users", "modules_reviewed", "agreement_code", "years", "payment_method",
              "terms_accepted", "order_confirmed", "order_number")
YES_NO = [{"title": "Sì, rinnova", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


class ActionStartRenewal(Action):
    """Opens the renewal cart when the account's status allows it."""

    def name(self) -> str:
        return "action_start_renewal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        who = identify(tracker)
        if not who.ok:
            dispatcher.utter_message(text=messages.explain(who))
            return [SlotSet("renewal_status", "closed")]
        check = service().renewal_check(who.value)
        anyway = tracker.get_slot("renewal_status") == "ask_anyway" and intent_of(tracker) == "affirm"
        if check.ok and check.reason is Reason.AUTOMATIC_RENEWAL_ON and not anyway:
            dispatcher.utter_message(text=messages.explain(check) + " Vuoi rinnovare adesso?", buttons=YES_NO)
            return [SlotSet("renewal_status", "ask_anyway")]
        opened = service().open_renewal(who.value)
        if not opened.ok:
            dispatcher.utter_message(text=messages.explain(opened))
            return [SlotSet("renewal_status", "closed")]
        if opened.reason is Reason.IN_GRACE_PERIOD:
            dispatcher.utter_message(text=messages.explain(opened))
        dispatcher.utter_message(text=messages.cart_summary(opened.value))
        return [SlotSet(slot, None) for slot in FORM_SLOTS] + [
            SlotSet("cart_id", opened.value.cart_id), SlotSet("renewal_status", "open"),
        ]


class ActionCancelRenewal(Action):
    def name(self) -> str:
        return "action_cancel_renewal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        cart = owned_cart(tracker)
        if cart.ok:
            abandoned = service().abandon_cart(cart.value.cart_id)
            if not abandoned.ok:  # already ordered: nothing to cancel here
                dispatcher.utter_message(text=messages.explain(abandoned))
                return [ActiveLoop(None), SlotSet("requested_slot", None)]
        dispatcher.utter_message(text="Ho annullato il rinnovo: nessun ordine è stato fatto. "
                                      "Se cambi idea, scrivi «rinnova».")
        return [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("cart_id", None),
                SlotSet("renewal_status", "closed")] + [SlotSet(slot, None) for slot in FORM_SLOTS]


class ActionConfirmOrder(Action):
    """A confirmation repeated after the order: gives back the same order, never a second."""

    def name(self) -> str:
        return "action_confirm_order"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict[str, Any]]:
        cart = owned_cart(tracker)
        if not cart.ok:
            dispatcher.utter_message(text=messages.explain(cart))
            return []
        placed = service().place_order(cart.value.cart_id, agent=acting_agent(tracker))
        dispatcher.utter_message(text=messages.explain(placed))
        return []
