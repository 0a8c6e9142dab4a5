"""The renewal form: extraction of each answer, validation through the domain
core, and the questions that need the customer's figures.

Slots hold the step's outcome (the value now in the cart, "done" for the module
review, "none" for no agreement code); the cart itself lives in the database.
A refused answer leaves the slot as it was before this message: the step is
asked again if it was the one being asked, and an earlier answer stays.
"""
from __future__ import annotations

from contextvars import ContextVar
from typing import Any, Callable

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import (
    acting_agent,
    entity,
    entity_values,
    intent_of,
    message_too_long,
    owned_cart,
    service,
    target_quantity,
)
from renewal import messages, rules
from renewal.decision import Decision
from renewal.formats import format_gb
from renewal.model import Cart, CartStatus
from renewal.service import CartView

CART_ITEMS = ("storage_gb", "users", "modules_reviewed")
DONE = "done"
NO_CODE = "none"
KEEP_BUTTON = {"title": "Lascia com'è", "payload": "/keep_as_is"}
FREE_TEXT_LIMIT = 40

_cart_before: ContextVar[CartView] = ContextVar("cart_before_this_message")
"""The cart as it was when the message arrived, read once per request."""


def _trailing_slot_events(events: list[dict]) -> int:
    """Where the block of slot events at the end (this message's candidates) starts."""
    start = len(events)
    while start and events[start - 1].get("event") == "slot":
        start -= 1
    return start


def value_before_this_message(tracker: Tracker, slot: str) -> Any:
    """The slot's value before this message's extraction (its trailing slot events)."""
    end = _trailing_slot_events(tracker.events)
    for event in reversed(tracker.events[:end]):
        if event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def shown(view: CartView) -> tuple:
    """What the cart summary shows (accepting the terms changes none of it)."""
    return view.cart.with_changes(terms_accepted=False), view.quote


def drop_resets(tracker: Tracker) -> None:
    """Rasa passes the slots reset to None by the renewal's start as candidates to
    validate; a reset is not an answer, so it is taken out of this request's copy."""
    start = _trailing_slot_events(tracker.events)
    tracker.events[start:] = [e for e in tracker.events[start:] if e.get("value") is not None]


def keeps(tracker: Tracker, slot: str) -> bool:
    """"Lascia com'è" keeps the step being asked; "lascia tutto com'è" every cart item."""
    if intent_of(tracker) != "keep_as_is":
        return False
    requested = tracker.get_slot("requested_slot")
    if slot == requested:
        return True
    return slot in CART_ITEMS and requested in CART_ITEMS and "tutt" in (tracker.latest_message.get("text") or "")


NOT_ANSWERS = {"cancel", "ask_human", "out_of_scope", "greet", "goodbye", "thank"}
"""Questions (ask_*), requests for a person, noise and pleasantries fill no step; an
unsure intent (nlu_fallback) still may, through what its entities say."""


def answering(tracker: Tracker, slot: str) -> bool:
    return tracker.get_slot("requested_slot") == slot and not message_too_long(tracker)


def is_answer(tracker: Tracker) -> bool:
    intent = intent_of(tracker) or ""
    return intent not in NOT_ANSWERS and not intent.startswith("ask_") and not message_too_long(tracker)


def bare_number_answers(tracker: Tracker, found: dict[str, Any]) -> bool:
    """"3" or "dieci" answers the step asked; a number inside other words only if it is an answer."""
    raw = tracker.latest_message.get("text") or ""
    return intent_of(tracker) == "inform" or raw[found.get("start", 0):found.get("end", 0)] == raw.strip(" .!?")


class ValidateRenewalForm(FormValidationAction):
    def name(self) -> str:
        return "validate_renewal_form"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[dict]:
        cart = owned_cart(tracker)
        if not cart.ok:
            dispatcher.utter_message(text=messages.explain(cart))
            return [SlotSet("requested_slot", None), SlotSet("renewal_status", "closed")]
        _cart_before.set(cart.value)
        drop_resets(tracker)
        events = await super().run(dispatcher, tracker, domain)
        after = service().cart(cart.value.cart_id).value
        if after.cart.status is CartStatus.OPEN and shown(after) != shown(cart.value):
            dispatcher.utter_message(text=messages.cart_summary(after))
        return events

    # --- helpers -------------------------------------------------------------

    @staticmethod
    def _cart(tracker: Tracker) -> CartView:
        """The cart before this message: relative changes count from it."""
        return _cart_before.get()

    @staticmethod
    def _apply(decision: Decision[CartView], dispatcher: CollectingDispatcher, tracker: Tracker, slot: str,
               read: Callable[[Cart], Any]) -> dict[str, Any]:
        """The slot after a core decision: what the cart now holds, or as it was, with the reason said."""
        if decision.ok:
            return {slot: read(decision.value.cart)}
        dispatcher.utter_message(text=messages.explain(decision))
        return {slot: value_before_this_message(tracker, slot)}

    def _quantity(self, tracker: Tracker, slot: str, current: int) -> dict[str, Any]:
        if not is_answer(tracker):
            return {}
        bare = entity(tracker, "number") if answering(tracker, slot) else None
        found = entity(tracker, slot) or (bare if bare and bare_number_answers(tracker, bare) else None)
        if found is not None:
            return {slot: target_quantity(current, found)}
        if keeps(tracker, slot):
            return {slot: current}
        return {}

    # --- extra storage and users -------------------------------------------------

    async def extract_storage_gb(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._quantity(tracker, "storage_gb", self._cart(tracker).cart.storage_gb)

    def validate_storage_gb(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._apply(service().set_storage(self._cart(tracker).cart_id, value), dispatcher, tracker,
                           "storage_gb", lambda cart: cart.storage_gb)

    async def extract_users(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._quantity(tracker, "users", self._cart(tracker).cart.users)

    def validate_users(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._apply(service().set_users(self._cart(tracker).cart_id, value), dispatcher, tracker,
                           "users", lambda cart: cart.users)

    # --- modules -------------------------------------------------------------------

    async def extract_modules_reviewed(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        intent = intent_of(tracker)
        if intent in ("add_module", "remove_module") and is_answer(tracker):
            return {"modules_reviewed": {"add" if intent == "add_module" else "remove":
                                         entity_values(tracker, "module")}}
        if keeps(tracker, "modules_reviewed") or (answering(tracker, "modules_reviewed")
                                                   and intent in ("affirm", "deny")):
            return {"modules_reviewed": DONE}
        return {}

    def validate_modules_reviewed(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        if value == DONE:
            return {"modules_reviewed": DONE}
        before = value_before_this_message(tracker, "modules_reviewed")
        if not isinstance(value, dict):
            return {"modules_reviewed": before}
        cart_id = self._cart(tracker).cart_id
        for action, codes in value.items():
            if not codes:
                dispatcher.utter_message(text="Non conosco quel modulo. " + modules_text(self._cart(tracker)))
            change = service().add_module if action == "add" else service().remove_module
            for code in codes:
                decision = change(cart_id, code)
                if not decision.ok:
                    dispatcher.utter_message(text=messages.explain(decision))
        return {"modules_reviewed": before}

    # --- agreement code ------------------------------------------------------------

    async def extract_agreement_code(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        intent = intent_of(tracker)
        if not is_answer(tracker):
            return {}
        if intent == "remove_code":
            return {"agreement_code": NO_CODE}
        code = entity(tracker, "agreement_code")
        if code is not None:
            return {"agreement_code": str(code["value"])}
        if answering(tracker, "agreement_code"):
            if intent in ("deny", "keep_as_is"):
                return {"agreement_code": NO_CODE}
            text = (tracker.latest_message.get("text") or "").strip()
            if intent == "inform" and text and " " not in text and len(text) <= FREE_TEXT_LIMIT:
                return {"agreement_code": text}
        return {}

    def validate_agreement_code(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        cart = self._cart(tracker)
        if value == NO_CODE:
            if cart.cart.agreement_code:
                service().remove_agreement_code(cart.cart_id)
            return {"agreement_code": NO_CODE}
        return self._apply(service().apply_agreement_code(cart.cart_id, str(value)), dispatcher, tracker,
                           "agreement_code", lambda cart: cart.agreement_code)

    # --- years ---------------------------------------------------------------------

    async def extract_years(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._quantity(tracker, "years", self._cart(tracker).cart.years)

    def validate_years(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._apply(service().set_years(self._cart(tracker).cart_id, value), dispatcher, tracker,
                           "years", lambda cart: cart.years)

    # --- payment method ------------------------------------------------------------

    async def extract_payment_method(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        method = entity(tracker, "payment_method")
        if method is not None and is_answer(tracker):
            return {"payment_method": str(method["value"])}
        text = (tracker.latest_message.get("text") or "").strip()
        if answering(tracker, "payment_method") and intent_of(tracker) in ("inform", "nlu_fallback") \
                and 0 < len(text) <= FREE_TEXT_LIMIT:
            return {"payment_method": text}
        return {}

    def validate_payment_method(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._apply(service().set_payment_method(self._cart(tracker).cart_id, str(value)), dispatcher,
                           tracker, "payment_method", lambda cart: cart.payment_method.value)

    # --- general conditions and confirmation ----------------------------------------

    @staticmethod
    def _yes_no(tracker: Tracker, slot: str) -> dict[str, Any]:
        if answering(tracker, slot) and intent_of(tracker) in ("affirm", "deny"):
            return {slot: intent_of(tracker) == "affirm"}
        return {}

    async def extract_terms_accepted(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._yes_no(tracker, "terms_accepted")

    def validate_terms_accepted(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        if value is not True:
            dispatcher.utter_message(text="Senza accettare le condizioni generali di contratto non posso "
                                          "completare l'ordine.")
            return {"terms_accepted": None}
        return self._apply(service().accept_terms(self._cart(tracker).cart_id), dispatcher, tracker,
                           "terms_accepted", lambda cart: cart.terms_accepted)

    async def extract_order_confirmed(self, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        return self._yes_no(tracker, "order_confirmed")

    def validate_order_confirmed(self, value, dispatcher, tracker: Tracker, domain) -> dict[str, Any]:
        if value is not True:
            dispatcher.utter_message(text="Va bene, non confermo. Dimmi cosa vuoi cambiare (ad esempio «3 anni» "
                                          "o «togli solleciti»), oppure scrivi «annulla».")
            return {"order_confirmed": None}
        placed = service().place_order(self._cart(tracker).cart_id, agent=acting_agent(tracker))
        if not placed.ok:
            dispatcher.utter_message(text=messages.explain(placed))
            return {"order_confirmed": None}
        dispatcher.utter_message(text=messages.order_confirmation(placed.value))
        return {"order_confirmed": True, "order_number": placed.value.number, "renewal_status": "ordered"}


# --- questions that need the customer's figures -------------------------------------

def modules_text(view: CartView) -> str:
    names = view.module_names
    in_cart = ", ".join(names[c] for c in sorted(view.cart.modules)) or "nessuno"
    offer = sorted(view.subscription.renewable_modules - view.cart.modules)
    text = f"Moduli nel carrello: {in_cart}."
    if offer:
        text += f" Potrebbero interessarti anche: {', '.join(names[c] for c in offer)}."
    return text


class _AskAction(Action):
    slot = ""

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        raise NotImplementedError

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[dict]:
        cart = owned_cart(tracker)
        if not cart.ok:
            dispatcher.utter_message(text=messages.explain(cart))
            return []
        text, buttons = self.question(cart.value)
        dispatcher.utter_message(text=text, buttons=buttons)
        return []


class ActionAskStorage(_AskAction):
    slot = "storage_gb"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        sub = view.subscription
        lowest = rules.lowest_storage_gb(sub)
        text = (f"Spazio aggiuntivo: ne hai {sub.storage_gb_bought} GB e ne usi {format_gb(sub.storage_gb_used)} GB. "
                f"Quanti GB vuoi rinnovare?")
        text += (" Puoi tenerli o aumentarli: lo spazio che usi non si può togliere." if lowest >= sub.storage_gb_bought
                 else f" Puoi scendere fino a {lowest} GB o aumentarli.")
        return text, [KEEP_BUTTON]


class ActionAskUsers(_AskAction):
    slot = "users"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        sub = view.subscription
        text = (f"Utenti aggiuntivi: ne hai {sub.users_bought}, di cui {sub.users_configured} configurati. "
                f"Quanti vuoi rinnovare? Il minimo è {rules.lowest_users(sub)}.")
        return text, [KEEP_BUTTON]


class ActionAskModules(_AskAction):
    slot = "modules_reviewed"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        names = view.module_names
        buttons = [{"title": f"Non rinnovare {names[c]}", "payload": f'/remove_module{{"module": "{c}"}}'}
                   for c in sorted(view.cart.modules)]
        buttons += [{"title": f"Aggiungi {names[c]}", "payload": f'/add_module{{"module": "{c}"}}'}
                    for c in sorted(view.subscription.renewable_modules - view.cart.modules)]
        buttons.append({"title": "Va bene così", "payload": "/keep_as_is"})
        return modules_text(view) + " Vuoi togliere o aggiungere qualcosa?", buttons


class ActionAskYears(_AskAction):
    slot = "years"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        allowed = rules.years_allowed(view.subscription)
        if view.subscription.promotional:
            text = "Il tuo è un prodotto in promozione: per quanti anni vuoi rinnovarlo, 1 o 2?"
        else:
            text = f"Per quanti anni vuoi rinnovare? Puoi scegliere da {allowed.start} a {allowed.stop - 1} anni."
        choices = [n for n in (1, 2, 3, 5) if n in allowed]
        return text, [{"title": f"{n} {'anno' if n == 1 else 'anni'}", "payload": f'/inform{{"years": "{n}"}}'}
                      for n in choices]


class ActionAskAgreementCode(_AskAction):
    slot = "agreement_code"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        return ("Hai un codice convenzione fornito dal tuo ordine professionale (ingegneri, architetti...)? "
                "Scrivilo, oppure rispondi no.", [{"title": "Non ho un codice", "payload": "/deny"}])


class ActionAskPaymentMethod(_AskAction):
    slot = "payment_method"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        return ("Come vuoi pagare? Con carta di credito o PayPal si attiva il rinnovo automatico; con bonifico o "
                "bollettino ricevi un'email con gli estremi per pagare.",
                [{"title": title.capitalize(), "payload": f'/inform{{"payment_method": "{method.value}"}}'}
                 for method, title in messages.PAYMENT_METHOD_NAMES.items()])


class ActionAskTermsAccepted(_AskAction):
    slot = "terms_accepted"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        return ("Per continuare devi accettare le condizioni generali di contratto. Le accetti?",
                [{"title": "Accetto", "payload": "/affirm"}, {"title": "Non accetto", "payload": "/deny"}])


class ActionAskOrderConfirmed(_AskAction):
    slot = "order_confirmed"

    def question(self, view: CartView) -> tuple[str, list[dict[str, str]]]:
        return messages.order_review(view) + "\nConfermi e completi l'ordine?", [
            {"title": "Conferma e completa l'ordine", "payload": "/affirm"},
            {"title": "Annulla", "payload": "/cancel"},
        ]
