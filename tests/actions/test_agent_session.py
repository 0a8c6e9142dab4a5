"""A support agent drives the renewal for a customer: the order records the agent."""
from __future__ import annotations

from datetime import timedelta

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.renewal_start import ActionStartRenewal
from renewal import identity
from tests.actions.conftest import DOMAIN, SECRET, texts, tracker
from tests.actions.test_renewal_form import start, turn


@pytest.fixture
def as_agent(clock):
    agent_token = identity.mint_token("mario.rossi", clock.now(), timedelta(hours=8), SECRET.encode(),
                                      role=identity.AGENT)
    return lambda username="1000001@aruba.it": {"agent_token": agent_token, "account": username}


@pytest.mark.asyncio
async def test_an_order_placed_in_an_agent_session_records_the_agent(as_agent, service):
    slots = {**await start(as_agent), "requested_slot": "payment_method"}
    slots, _ = await turn(slots, as_agent, "bonifico", "inform", [{"entity": "payment_method", "value": "bank_transfer"}])
    slots, _ = await turn({**slots, "requested_slot": "terms_accepted"}, as_agent, "sì", "affirm")
    slots, _ = await turn({**slots, "requested_slot": "order_confirmed"}, as_agent, "confermo", "affirm")
    [order] = service.orders()
    assert order.number == slots["order_number"] and order.placed_by_agent == "mario.rossi"


@pytest.mark.asyncio
@pytest.mark.parametrize("metadata", [
    {"agent_token": "forged.token", "account": "1000001@aruba.it"},
    {"agent_token": None, "account": "1000001@aruba.it"},
])
async def test_a_forged_agent_token_opens_nothing(metadata, service):
    dispatcher = CollectingDispatcher()
    await ActionStartRenewal().run(dispatcher, tracker("rinnova", "renew", token=metadata), DOMAIN)
    assert "sessione" in texts(dispatcher)[0] or "chi sei" in texts(dispatcher)[0]
    assert service.account("1000001@aruba.it").value.open_cart is None


@pytest.mark.asyncio
async def test_a_customer_token_is_not_an_agent_token(token, service):
    dispatcher = CollectingDispatcher()
    metadata = {"agent_token": token("1000001@aruba.it"), "account": "1000002@aruba.it"}
    await ActionStartRenewal().run(dispatcher, tracker("rinnova", "renew", token=metadata), DOMAIN)
    assert texts(dispatcher)[0].startswith("Non riesco a verificare la tua sessione.")


@pytest.mark.asyncio
async def test_an_agent_must_name_an_existing_account(as_agent):
    dispatcher = CollectingDispatcher()
    await ActionStartRenewal().run(dispatcher, tracker("rinnova", "renew", token=as_agent("9999999@aruba.it")),
                                   DOMAIN)
    assert texts(dispatcher) == ["Non trovo l'account 9999999@aruba.it."]


@pytest.mark.asyncio
async def test_a_customer_token_replayed_in_another_conversation_is_refused(token, service):
    customer = token("1000001@aruba.it")
    await ActionStartRenewal().run(CollectingDispatcher(), tracker("rinnova", "renew", token=customer), DOMAIN)
    replay = tracker("rinnova", "renew", token=customer)
    replay.sender_id = "someone-else"
    dispatcher = CollectingDispatcher()
    events = await ActionStartRenewal().run(dispatcher, replay, DOMAIN)
    assert texts(dispatcher)[0].startswith("Questa sessione è già in uso in un'altra conversazione")
    assert {"event": "slot", "name": "renewal_status", "value": "closed", "timestamp": None} in events
