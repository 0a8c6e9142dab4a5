"""Property-based: whatever a message carries (any text, any entities with any
values, at any step) the form's validator neither fails nor leaves the cart
outside the rules, and everything it says is a sentence."""
from __future__ import annotations

import asyncio

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa_sdk.executor import CollectingDispatcher

from actions.renewal_form import ValidateRenewalForm
from renewal import rules
from tests.actions.conftest import DOMAIN, texts, tracker
from tests.actions.test_renewal_form import start

SLOTS = ["storage_gb", "users", "modules_reviewed", "agreement_code", "years", "payment_method", "terms_accepted",
         "order_confirmed"]
ENTITY_TYPES = ["storage_gb", "users", "years", "number", "module", "payment_method", "agreement_code", "unknown"]
INTENTS = ["inform", "affirm", "deny", "keep_as_is", "add_module", "remove_module", "remove_code", "cancel",
           "ask_human", "out_of_scope", "greet", None]
NASTY = st.sampled_from(["-5", "1e400", "NaN", "9" * 400, "0", "-0", "3,5", "'; DROP TABLE orders; --",
                         "<script>alert(1)</script>", "\x00", "\ud800", "🙂" * 50, " ", ""])
values = st.one_of(NASTY, st.integers(-10**30, 10**30), st.text(max_size=40), st.floats(allow_nan=True))
entities = st.lists(st.fixed_dictionaries({
    "entity": st.sampled_from(ENTITY_TYPES), "value": values,
    "role": st.sampled_from([None, "increase", "decrease", "boh"]), "extractor": st.just("fuzz")}), max_size=4)
turns = st.lists(st.tuples(st.sampled_from(SLOTS), st.text(max_size=200), st.sampled_from(INTENTS), entities),
                 min_size=1, max_size=6)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(turns=turns)
def test_any_message_leaves_a_valid_cart_and_sentences(turns, token, service):
    slots = asyncio.run(start(token))
    for requested, text, intent, found in turns:
        dispatcher = CollectingDispatcher()
        clean = [{k: v for k, v in e.items() if v is not None} for e in found]
        t = tracker(text, intent, clean, slots={**slots, "requested_slot": requested}, token=token(), form=True)
        events = asyncio.run(ValidateRenewalForm().run(dispatcher, t, DOMAIN))
        slots.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
        assert all(said.strip() and "None" not in said for said in texts(dispatcher))
        view = service.cart(slots["cart_id"]).value
        sub, cart = view.subscription, view.cart
        assert rules.lowest_storage_gb(sub) <= cart.storage_gb <= rules.MAX_STORAGE_GB
        assert rules.lowest_users(sub) <= cart.users <= rules.MAX_EXTRA_USERS
        assert cart.years in rules.years_allowed(sub)
        assert cart.modules <= set(view.module_names)
    assert service.orders() == [] or slots.get("order_confirmed")
