"""``action_process`` with real trackers: the state kept in slots between messages,
identity from the metadata, the reply and its buttons."""
from __future__ import annotations

from datetime import timedelta

import pytest

from renewal import identity
from tests.actions.conftest import SECRET, Customer


@pytest.fixture
def agent(clock):
    agent_token = identity.mint_token("mario.rossi", clock.now(), timedelta(hours=8), SECRET.encode(),
                                      role=identity.AGENT)
    return lambda username="1000001@aruba.it": Customer({"agent_token": agent_token, "account": username})


@pytest.mark.asyncio
async def test_a_renewal_told_out_of_order_ends_in_one_order(customer, service):
    mario = customer()
    said = await mario.says("rinnovo triennale con carta per favore", "renew")
    assert "nuova scadenza 14/12/2029" in said and mario.slots["asked"] == "storage"
    assert sorted(mario.slots["answered"]) == ["payment", "years"]
    await mario.says("resta tutto uguale, niente sconti", "keep_as_is")
    assert mario.slots["asked"] == "terms"
    assert "accettare le condizioni" in await mario.says("confermo l'ordine", "confirm_order")
    assert not service.orders()
    await mario.says("accetto", "accept_terms")
    assert [b["title"] for b in mario.messages[-1]["buttons"]] == ["Conferma e completa l'ordine", "Annulla"]
    said = await mario.says("sì", "affirm")
    [order] = service.orders()
    assert f"Ordine n. {order.number} confermato" in said and mario.slots["order_number"] == order.number
    assert "già confermato" in await mario.says("confermo", "confirm_order")
    assert len(service.orders()) == 1


@pytest.mark.asyncio
async def test_the_modules_list_is_what_the_next_message_refers_to(customer, service):
    mario = customer()
    await mario.says("rinnova", "renew")
    await mario.says("lascia com'è", "keep_as_is")
    said = await mario.says("si", "affirm")
    assert "3. Integrazione API" in said and "4. Archivio documenti" in said
    said = await mario.says("l'ultimo", "add_module")
    assert "Ho aggiunto Archivio documenti" in said
    assert "archivio" in service.account("1000001@aruba.it").value.open_cart.cart.modules


@pytest.mark.asyncio
async def test_an_order_placed_in_an_agent_session_records_the_agent(agent, service):
    session = agent()
    await session.says("rinnova per un anno con bonifico, lascia tutto com'è, nessun codice", "renew")
    await session.says("accetto", "accept_terms")
    await session.says("confermo", "confirm_order")
    [order] = service.orders()
    assert order.placed_by_agent == "mario.rossi" and order.payment_method.value == "bank_transfer"


@pytest.mark.asyncio
@pytest.mark.parametrize("metadata", [
    {"agent_token": "forged.token", "account": "1000001@aruba.it"},
    {"agent_token": None, "account": "1000001@aruba.it"},
    {},
])
async def test_no_valid_identity_opens_nothing(metadata, service):
    said = await Customer(metadata).says("rinnova", "renew")
    assert "sessione" in said or "chi sei" in said
    assert service.account("1000001@aruba.it").value.open_cart is None


@pytest.mark.asyncio
async def test_a_customer_token_is_not_an_agent_token(token):
    said = await Customer({"agent_token": token("1000001@aruba.it"), "account": "1000002@aruba.it"}).says(
        "rinnova", "renew")
    assert said.startswith("Non riesco a verificare la tua sessione.")


@pytest.mark.asyncio
async def test_an_agent_must_name_an_existing_account(agent):
    assert await agent("9999999@aruba.it").says("rinnova", "renew") == "Non trovo l'account 9999999@aruba.it."


@pytest.mark.asyncio
async def test_a_customer_token_replayed_in_another_conversation_is_refused(token, service):
    minted = token("1000001@aruba.it")
    await Customer({"token": minted}).says("rinnova", "renew")
    said = await Customer({"token": minted}, sender="someone-else").says("annulla", "cancel")
    assert said.startswith("Questa sessione è già in uso in un'altra conversazione")
    assert service.account("1000001@aruba.it").value.open_cart is not None
