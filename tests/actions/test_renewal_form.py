"""The renewal form's validator and questions, with real trackers, dispatcher and database."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.renewal_form import (
    ActionAskModules,
    ActionAskOrderConfirmed,
    ActionAskStorage,
    ActionAskYears,
    ValidateRenewalForm,
)
from actions.renewal_start import ActionConfirmOrder, ActionStartRenewal
from tests.actions.conftest import DOMAIN, quantity, texts, tracker


async def start(token, username="1000001@aruba.it") -> dict:
    dispatcher = CollectingDispatcher()
    events = await ActionStartRenewal().run(dispatcher, tracker("rinnova", "renew", token=token(username)), DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def turn(slots: dict, token, text: str, intent: str, entities=(), username="1000001@aruba.it"):
    """One user message inside the form: returns the new slots and what the bot said."""
    dispatcher = CollectingDispatcher()
    t = tracker(text, intent, entities, slots=slots, token=token(username), form=True)
    events = await ValidateRenewalForm().run(dispatcher, t, DOMAIN)
    new = dict(slots)
    new.update({e["name"]: e["value"] for e in events if e["event"] == "slot"})
    return new, texts(dispatcher)


@pytest.mark.asyncio
async def test_storage_refusal_states_the_figures_and_asks_again(token):
    slots = {**await start(token, "1000002@aruba.it"), "requested_slot": "storage_gb"}
    new, said = await turn(slots, token, "2 GB", "inform", [quantity("storage_gb", "2")], "1000002@aruba.it")
    assert new["storage_gb"] is None
    assert any("usi 2,5 GB dei 3 GB acquistati" in s for s in said)


@pytest.mark.asyncio
async def test_storage_change_shows_the_updated_cart(token, service):
    slots = {**await start(token), "requested_slot": "storage_gb"}
    new, said = await turn(slots, token, "togli un giga", "inform", [quantity("storage_gb", "1", "decrease")])
    assert new["storage_gb"] == 2
    assert service.cart(slots["cart_id"]).value.cart.storage_gb == 2
    assert any("Spazio aggiuntivo: 2 GB" in s and "Prezzo:" in s for s in said)


@pytest.mark.asyncio
async def test_bare_number_answers_the_step_being_asked(token):
    slots = {**await start(token), "requested_slot": "users"}
    new, _ = await turn(slots, token, "cinque", "inform", [quantity("number", "5")])
    assert new["users"] == 5 and new["storage_gb"] is None


@pytest.mark.asyncio
async def test_users_floor_explains_the_control_panel(token):
    slots = {**await start(token), "requested_slot": "users"}
    new, said = await turn(slots, token, "2 utenti in meno", "inform", [quantity("users", "2", "decrease")])
    assert new["users"] is None
    assert any("2 sono già configurati" in s and "pannello" in s for s in said)


@pytest.mark.asyncio
async def test_several_answers_in_one_message(token, service):
    slots = {**await start(token), "requested_slot": "storage_gb"}
    new, said = await turn(slots, token, "per 2 anni con 4 GB e pago con PayPal", "inform", [
        quantity("years", "2"), quantity("storage_gb", "4"),
        {"entity": "payment_method", "value": "paypal"},
    ])
    assert (new["storage_gb"], new["years"], new["payment_method"]) == (4, 2, "paypal")
    cart = service.cart(slots["cart_id"]).value
    assert (cart.cart.storage_gb, cart.cart.years, cart.cart.payment_method.value) == (4, 2, "paypal")
    assert sum("Il tuo carrello di rinnovo" in s for s in said) == 1


@pytest.mark.asyncio
async def test_refused_correction_keeps_the_earlier_answer(token):
    slots = {**await start(token, "1000006@aruba.it"), "requested_slot": "payment_method", "years": 2}
    new, said = await turn(slots, token, "anzi, facciamo 3 anni", "inform", [quantity("years", "3")],
                           "1000006@aruba.it")
    assert new["years"] == 2
    assert any("1 o 2 anni" in s for s in said)


@pytest.mark.asyncio
async def test_correction_of_an_earlier_step(token, service):
    slots = {**await start(token), "requested_slot": "payment_method", "years": 1, "storage_gb": 3}
    new, said = await turn(slots, token, "anzi, facciamo 2 anni", "inform", [quantity("years", "2")])
    assert new["years"] == 2 and new["payment_method"] is None
    assert any("Durata: 2 anni, nuova scadenza 14/12/2028" in s for s in said)


@pytest.mark.asyncio
async def test_keep_everything_as_it_is(token):
    slots = {**await start(token), "requested_slot": "storage_gb"}
    new, _ = await turn(slots, token, "lascia tutto com'è", "keep_as_is")
    assert (new["storage_gb"], new["users"], new["modules_reviewed"]) == (3, 3, "done")
    assert new["agreement_code"] is None


@pytest.mark.asyncio
async def test_modules_dropped_and_added_then_done(token, service):
    slots = {**await start(token), "requested_slot": "modules_reviewed"}
    new, _ = await turn(slots, token, "non rinnovare solleciti", "remove_module", [{"entity": "module", "value": "solleciti"}])
    assert new["modules_reviewed"] is None
    new, _ = await turn(new, token, "aggiungi api", "add_module", [{"entity": "module", "value": "api"}])
    assert service.cart(slots["cart_id"]).value.cart.modules == {"conservazione", "api"}
    new, _ = await turn(new, token, "va bene così", "keep_as_is")
    assert new["modules_reviewed"] == "done"


@pytest.mark.asyncio
async def test_unknown_module_lists_what_is_available(token, service):
    slots = {**await start(token), "requested_slot": "modules_reviewed"}
    new, said = await turn(slots, token, "aggiungi il modulo teletrasporto", "add_module")
    assert new["modules_reviewed"] is None
    assert any("Non conosco quel modulo" in s and "Integrazione API" in s for s in said)
    assert service.cart(slots["cart_id"]).value.cart.modules == {"conservazione", "solleciti"}


@pytest.mark.asyncio
@pytest.mark.parametrize("text, entities, expected", [
    ("ING2025", [{"entity": "agreement_code", "value": "ING2025"}], "è scaduto il 25/10/2026"),
    ("XYZ", [], "non risulta valido"),
])
async def test_invalid_codes_leave_the_cart_unchanged(token, service, text, entities, expected):
    slots = {**await start(token), "requested_slot": "agreement_code"}
    before = service.cart(slots["cart_id"]).value
    new, said = await turn(slots, token, text, "inform", entities)
    assert new["agreement_code"] is None and any(expected in s for s in said)
    assert service.cart(slots["cart_id"]).value == before


@pytest.mark.asyncio
async def test_valid_code_then_no_code(token, service):
    slots = {**await start(token), "requested_slot": "agreement_code"}
    new, said = await turn(slots, token, "ING2026", "inform", [{"entity": "agreement_code", "value": "ING2026"}])
    assert new["agreement_code"] == "ING2026" and any("sconto 15%" in s for s in said)
    new, _ = await turn(new, token, "togli il codice", "remove_code")
    assert new["agreement_code"] == "none" and service.cart(slots["cart_id"]).value.cart.agreement_code is None


@pytest.mark.asyncio
async def test_unknown_payment_method(token):
    slots = {**await start(token), "requested_slot": "payment_method"}
    new, said = await turn(slots, token, "bitcoin", "inform")
    assert new["payment_method"] is None and any("PayPal" in s for s in said)


@pytest.mark.asyncio
async def test_terms_must_be_accepted(token):
    slots = {**await start(token), "requested_slot": "terms_accepted"}
    new, said = await turn(slots, token, "no", "deny")
    assert new["terms_accepted"] is None and any("condizioni generali" in s for s in said)
    new, said = await turn(new, token, "accetto", "affirm")
    assert new["terms_accepted"] is True and said == []


@pytest.mark.asyncio
async def test_confirmation_places_one_order_and_a_repeat_gives_it_back(token, service):
    slots = {**await start(token), "requested_slot": "payment_method"}
    slots, _ = await turn(slots, token, "bonifico", "inform", [{"entity": "payment_method", "value": "bank_transfer"}])
    slots, _ = await turn({**slots, "requested_slot": "terms_accepted"}, token, "sì", "affirm")
    slots, said = await turn({**slots, "requested_slot": "order_confirmed"}, token, "confermo", "affirm")
    assert slots["renewal_status"] == "ordered" and slots["order_number"].startswith("FE-2026-")
    assert any("amministrazione@studiorossi.example" in s and slots["order_number"] in s for s in said)
    dispatcher = CollectingDispatcher()
    await ActionConfirmOrder().run(dispatcher, tracker("confermo", "affirm", slots=slots, token=token()), DOMAIN)
    assert texts(dispatcher) == [f"L'ordine n. {slots['order_number']} è già confermato: non ne creo un altro."]
    assert len(service.orders()) == 1


@pytest.mark.asyncio
async def test_without_a_valid_token_nothing_changes(token, service, clock):
    slots = {**await start(token), "requested_slot": "storage_gb"}
    clock.advance(1)  # the 30-minute token has expired
    new, said = await turn(slots, token=lambda u: "forged.token", text="4 GB", intent="inform",
                           entities=[quantity("storage_gb", "4")])
    assert new["requested_slot"] is None and new["renewal_status"] == "closed"
    assert any("areaclienti.pec.it" in s for s in said)
    assert service.cart(slots["cart_id"]).value.cart.storage_gb == 3


@pytest.mark.asyncio
async def test_another_customers_cart_is_not_reachable(token, service):
    slots = {**await start(token, "1000001@aruba.it"), "requested_slot": "storage_gb"}
    new, _ = await turn(slots, token, "4 GB", "inform", [quantity("storage_gb", "4")], "1000002@aruba.it")
    assert new["renewal_status"] == "closed"
    assert service.cart(slots["cart_id"]).value.cart.storage_gb == 3


@pytest.mark.asyncio
async def test_questions_carry_the_figures(token):
    slots = await start(token, "1000002@aruba.it")
    dispatcher = CollectingDispatcher()
    await ActionAskStorage().run(dispatcher, tracker(slots=slots, token=token("1000002@aruba.it")), DOMAIN)
    assert "ne hai 3 GB e ne usi 2,5 GB" in texts(dispatcher)[0]
    dispatcher = CollectingDispatcher()
    slots = await start(token, "1000006@aruba.it")
    await ActionAskYears().run(dispatcher, tracker(slots=slots, token=token("1000006@aruba.it")), DOMAIN)
    assert "1 o 2" in texts(dispatcher)[0]
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["1 anno", "2 anni"]
    dispatcher = CollectingDispatcher()
    slots = await start(token)
    await ActionAskModules().run(dispatcher, tracker(slots=slots, token=token()), DOMAIN)
    titles = [b["title"] for b in dispatcher.messages[0]["buttons"]]
    assert "Non rinnovare Solleciti di pagamento" in titles and "Aggiungi Integrazione API" in titles
    dispatcher = CollectingDispatcher()
    await ActionAskOrderConfirmed().run(dispatcher, tracker(slots=slots, token=token()), DOMAIN)
    review = texts(dispatcher)[0].split("\n")
    assert review[0] == "Riepilogo dell'ordine:"
    assert "- Spazio aggiuntivo (GB): 3 x 2,00 € x 1 anno = 6,00 €" in review
    assert "- Prezzo: 78,00 € + IVA 22% 17,16 € = 95,16 €" in review
    assert not any(line.startswith("- Utenti aggiuntivi: 3 (") for line in review)
    assert review[-1] == "Confermi e completi l'ordine?"


@pytest.mark.asyncio
@pytest.mark.parametrize("text, entities, expected", [
    ("4 giga", [quantity("storage_gb", "4")], 4),
    ("3", [{**quantity("number", "3"), "start": 0, "end": 1}], 3),
    ("<script>alert(1)</script>", [{**quantity("number", "1"), "start": 20, "end": 21}], None),
])
async def test_unsure_intent_still_answers_through_its_entities(token, text, entities, expected):
    slots = {**await start(token), "requested_slot": "storage_gb"}
    new, _ = await turn(slots, token, text, "nlu_fallback", entities)
    assert new["storage_gb"] == expected


@pytest.mark.asyncio
@pytest.mark.parametrize("intent", ["ask_why_storage", "ask_human", "cancel", "out_of_scope"])
async def test_questions_and_requests_fill_no_step(token, intent):
    slots = {**await start(token), "requested_slot": "storage_gb"}
    new, said = await turn(slots, token, "2 GB?", intent, [quantity("storage_gb", "2")])
    assert new["storage_gb"] is None and said == []


@pytest.mark.asyncio
async def test_slots_reset_at_the_start_are_not_validated(token, service):
    """Activation passes the start's resets (None) as candidates: none of them is an answer."""
    slots = await start(token)
    dispatcher = CollectingDispatcher()
    t = tracker("rinnova", "renew", slots=slots, token=token(), form=False)
    t.events += [{"event": "action", "name": "renewal_form"}] + [
        {"event": "slot", "name": name, "value": None} for name in ("storage_gb", "years", "agreement_code")]
    events = await ValidateRenewalForm().run(dispatcher, t, DOMAIN)
    assert texts(dispatcher) == [] and [e for e in events if e.get("value") is not None] == []
    assert service.cart(slots["cart_id"]).value.cart.storage_gb == 3
