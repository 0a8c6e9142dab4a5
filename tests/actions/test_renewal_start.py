"""How the account's status drives the opening of a renewal."""
from __future__ import annotations

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import ActionAnswerQuestion
from actions.handoff import ActionHandoff
from actions.renewal_start import ActionCancelRenewal, ActionStartRenewal
from tests.actions.conftest import DOMAIN, texts, tracker


async def run_start(token_value, slots=None, intent="renew"):
    dispatcher = CollectingDispatcher()
    events = await ActionStartRenewal().run(dispatcher, tracker("rinnova", intent, slots=slots, token=token_value), DOMAIN)
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, texts(dispatcher), dispatcher


@pytest.mark.asyncio
async def test_deleted_service_is_explained_and_not_started(token):
    slots, said, _ = await run_start(token("1000005@aruba.it"))
    assert slots == {"renewal_status": "closed"}
    assert "cancellato il 15/11/2026" in said[0]


@pytest.mark.asyncio
async def test_grace_period_explains_limitations_then_opens(token):
    slots, said, _ = await run_start(token("1000004@aruba.it"))
    assert slots["renewal_status"] == "open" and isinstance(slots["cart_id"], int)
    assert "limitazioni" in said[0] and "mancano 60 giorni" in said[0]
    assert "Il tuo carrello di rinnovo" in said[1]


@pytest.mark.asyncio
async def test_automatic_renewal_asks_first_then_opens_on_yes(token, service):
    slots, said, dispatcher = await run_start(token("1000003@aruba.it"))
    assert slots == {"renewal_status": "ask_anyway"}
    assert "rinnovo automatico" in said[0] and "16/01/2027" in said[0]
    assert service.account("1000003@aruba.it").value.open_cart is None
    assert dispatcher.messages[0]["buttons"]
    slots, _, _ = await run_start(token("1000003@aruba.it"), {"renewal_status": "ask_anyway"}, intent="affirm")
    assert slots["renewal_status"] == "open"


@pytest.mark.asyncio
@pytest.mark.parametrize("token_value", [None, "garbage", "a.b"])
async def test_no_or_bad_token_explains_how_to_sign_in(token_value, service):
    slots, said, _ = await run_start(token_value)
    assert slots == {"renewal_status": "closed"}
    assert "areaclienti.pec.it" in said[0] and "password" in said[0]
    assert service.orders() == []


@pytest.mark.asyncio
async def test_expired_token(token, clock):
    expired = token(minutes=1)
    clock.advance(1)
    _, said, _ = await run_start(expired)
    assert said[0].startswith("La tua sessione è scaduta")


@pytest.mark.asyncio
async def test_cancel_sets_the_cart_aside(token, service):
    slots, _, _ = await run_start(token())
    dispatcher = CollectingDispatcher()
    events = await ActionCancelRenewal().run(dispatcher, tracker("annulla", "cancel", slots=slots, token=token()), DOMAIN)
    assert {"event": "active_loop", "name": None} in [{k: e.get(k) for k in ("event", "name")} for e in events]
    assert "nessun ordine" in texts(dispatcher)[0]
    assert service.account("1000001@aruba.it").value.open_cart is None
    assert service.orders() == []


@pytest.mark.asyncio
@pytest.mark.parametrize("intent, username, expected", [
    ("ask_expiry_consequences", "1000001@aruba.it", "entro il 14/03/2027"),
    ("ask_missing_renew_button", "1000003@aruba.it", "16/01/2027"),
    ("ask_automatic_renewal", "1000003@aruba.it", "16/01/2027"),
    ("ask_why_storage", "1000002@aruba.it", "ne usi 2,5 GB"),
    ("ask_why_users", "1000001@aruba.it", "2 configurati"),
    ("ask_status", "1000004@aruba.it", "scaduto il 25/10/2026"),
    ("ask_how_to_sign_in", "1000001@aruba.it", "1234567@aruba.it"),
    ("ask_when_concluded", "1000001@aruba.it", "registrato il pagamento"),
])
async def test_answers_use_the_customers_figures(token, intent, username, expected):
    dispatcher = CollectingDispatcher()
    await ActionAnswerQuestion().run(dispatcher, tracker("?", intent, token=token(username)), DOMAIN)
    assert expected in texts(dispatcher)[0]


@pytest.mark.asyncio
async def test_asking_for_a_person_queues_the_conversation_with_its_transcript(token, service):
    t = tracker("voglio un operatore", "ask_human", token=token())
    t.events.insert(0, {"event": "bot", "text": "Quanti GB vuoi rinnovare?"})
    dispatcher = CollectingDispatcher()
    await ActionHandoff().run(dispatcher, t, DOMAIN)
    (queued,) = service.handoffs()
    assert queued.username == "1000001@aruba.it" and queued.conversation_id == "test"
    assert queued.transcript == "Assistente: Quanti GB vuoi rinnovare?\nCliente: voglio un operatore"
    assert f"richiesta n. {queued.id}" in texts(dispatcher)[0]
