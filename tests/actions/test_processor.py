"""``action_process`` with real trackers: the state kept in slots between messages,
identity from the metadata, the reply and its buttons."""
from __future__ import annotations

import pytest

from tests.actions.conftest import Customer


@pytest.fixture
def agent(clock, action):
    agent_token = action.services.access.mint_agent_token("mario.rossi").value
    return lambda username="1000001@aruba.it": Customer(action, {"agent_token": agent_token, "account": username})


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
    assert [b["title"] for b in mario.messages[-1]["buttons"]] == ["Conferma e completa l'ordine", "Annulla il rinnovo"]
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
async def test_no_valid_identity_opens_nothing(metadata, service, action):
    said = await Customer(action, metadata).says("rinnova", "renew")
    assert "sessione" in said or "chi sei" in said
    assert service.account("1000001@aruba.it").value.open_cart is None


@pytest.mark.asyncio
async def test_a_customer_token_is_not_an_agent_token(token, action):
    said = await Customer(action, {"agent_token": token("1000001@aruba.it"), "account": "1000002@aruba.it"}).says(
        "rinnova", "renew")
    assert said.startswith("Non riesco a verificare la tua sessione.")


@pytest.mark.asyncio
async def test_an_agent_must_name_an_existing_account(agent):
    assert await agent("9999999@aruba.it").says("rinnova", "renew") == "Non trovo l'account 9999999@aruba.it."


@pytest.mark.asyncio
async def test_a_customer_token_replayed_in_another_conversation_is_refused(token, service, action):
    minted = token("1000001@aruba.it")
    await Customer(action, {"token": minted}).says("rinnova", "renew")
    said = await Customer(action, {"token": minted}, sender="someone-else").says("annulla", "cancel")
    assert said.startswith("Questa sessione è già in uso in un'altra conversazione")
    assert service.account("1000001@aruba.it").value.open_cart is not None


@pytest.mark.asyncio
async def test_cancel_says_what_really_happened(customer, token, clock, service, action):
    """Issue 12 item 9: with an expired session nothing is cancelled, and the reply says so; after a
    lost cart «annulla» says there was nothing left to cancel and «rinnova» really starts again."""
    mario = Customer(action, {"token": token(minutes=5)})
    await mario.says("rinnova", "renew")
    cart_id = mario.slots["cart_id"]
    clock.advance(1)
    said = await mario.says("annulla", "cancel")
    assert "scaduta" in said and "annullato" not in said
    assert service.account("1000001@aruba.it").value.open_cart.cart_id == cart_id

    mario.metadata = {"token": token()}
    service.abandon_cart(cart_id)  # lost: closed elsewhere (another conversation, an agent)
    said = await mario.says("annulla", "cancel")
    assert "Ho annullato" not in said and "nessun ordine" in said
    said = await mario.says("rinnova", "renew")
    assert "Il tuo carrello di rinnovo" in said
    assert mario.slots["cart_id"] not in (None, cart_id)


@pytest.mark.asyncio
async def test_two_conversations_on_one_account_each_say_what_changed_elsewhere(customer, agent, service):
    """Issue 12 item 7: the customer on the web chat while an agent has the same account on the phone."""
    web = customer(sender="web-chat")
    phone = agent()
    phone.sender = "agent-phone"
    await web.says("rinnova", "renew")
    await phone.says("rinnova", "renew")
    assert phone.slots["cart_id"] == web.slots["cart_id"]
    await phone.says("3 anni", "inform")
    said = await web.says("lascia tutto com'è", "keep_as_is")
    assert "Nel frattempo" in said and "Durata: 3 anni, nuova scadenza 14/12/2029" in said
    said = await web.says("va bene", "affirm")
    assert "Nel frattempo" not in said  # told once

    for text, intent in (("nessun codice", "remove_code"), ("bonifico", "inform"), ("accetto", "accept_terms"),
                         ("confermo", "confirm_order")):
        await phone.says(text, intent)
    [order] = service.orders()
    said = await web.says("2 anni", "inform")
    assert f"Nel frattempo è stato confermato l'ordine n. {order.number}" in said
    assert "già stato ordinato" not in said and web.slots["cart_id"] is None
    said = await web.says("rinnova", "renew")
    assert order.number in said and "già stato ordinato" not in said
    assert len(service.orders()) == 1 and service.orders()[0].years == 3


@pytest.mark.asyncio
async def test_every_action_of_an_agent_is_audited(agent, service):
    """Issue 12 item 4: who, which account, what, when."""
    session = agent("1000002@aruba.it")
    session.sender = "guided-audit"
    await session.says("rinnova per un anno con bonifico, lascia tutto com'è, nessun codice", "renew")
    await session.says("accetto", "accept_terms")
    await session.says("confermo", "confirm_order")
    [order] = service.orders()
    actions = service.agent_actions("mario.rossi")
    assert {(a.agent, a.username, a.conversation_id) for a in actions} == {
        ("mario.rossi", "1000002@aruba.it", "guided-audit")}
    done = [a.action for a in actions]
    assert any('"StartRenewal"' in a for a in done) and any('"ChoosePayment"' in a for a in done)
    assert done[-1] == f"placed order {order.number}" and all(a.at for a in actions)
    assert service.agent_actions("anna.bianchi") == []
