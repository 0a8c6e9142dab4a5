"""Issue 13: a person really takes over, with both sides present. The customer talks over REST (the
web chat and Telegram are in test_desk_browser.py and test_telegram.py); the agent works in the desk
over HTTP as its page does. What one types, the other sees."""
from __future__ import annotations

from renewal.services.handoff import HandoffService
from tests.e2e.conftest import Conversation
from tests.e2e.desk_client import DeskAgent, make_agent
from tests.e2e.tcp_proxy import TcpProxy

ROSSI = "1000001@aruba.it"
VERDI = "1000003@aruba.it"  # automatic renewal by card


def queued(state: dict) -> bool:
    return state["waiting"] == 1


def test_a_customer_and_an_agent_talk_both_ways_then_the_bot_finishes_the_renewal(stack, assistant, demo):
    make_agent(assistant.database_url, "mario.rossi")
    make_agent(assistant.database_url, "anna.bianchi")
    mario, anna = DeskAgent(stack.desk_url), DeskAgent(stack.desk_url)
    assert "Desk supporto" in mario.sign_in("mario.rossi") and mario.csrf
    anna.sign_in("anna.bianchi")

    customer = assistant.conversation(ROSSI)
    customer.say("voglio rinnovare")
    customer.say("5 GB")
    reply = customer.say("posso parlare con una persona?")
    assert "Ti passo a un operatore del supporto" in reply and "sei il primo in coda" in reply
    reply = customer.say("c'è qualcuno?")
    assert "Sei ancora in coda per un operatore (posizione 1)" in reply and "non ho capito" not in reply

    [request] = mario.wait_for(queued)["queue"]  # live, without reloading
    assert request["username"] == ROSSI and request["channel"] == "rest" and request["status"] == "waiting"
    status, taken = mario.post(f"/desk/api/handoffs/{request['id']}/take")
    assert status == 200 and taken["ok"]
    status, again = anna.post(f"/desk/api/handoffs/{request['id']}/take")
    assert status == 409 and "già stata presa da mario.rossi" in again["message"]

    opened = mario.wait_for(lambda s: bool(s.get("open", {}).get("transcript")), open_id=request["id"])["open"]
    said = [line["text"] for line in opened["transcript"]]
    assert "c'è qualcuno?" in said  # what the customer wrote while waiting reached the agent
    assert any(text.startswith("Il tuo carrello di rinnovo") for text in said)  # the bot's part too
    assert any(line["buttons"] for line in opened["transcript"] if line["who"] == "bot")
    assert "Spazio aggiuntivo: 5 GB" in opened["panel"]["cart"] and "14/12/2026" in str(opened["panel"]["dates"])
    assert opened["mine"] and opened["colleagues"] == ["anna.bianchi"]

    assert mario.post(f"/desk/api/handoffs/{request['id']}/reply", {"text": "Buongiorno, sono Mario."})[1]["ok"]
    assert mario.post(f"/desk/api/handoffs/{request['id']}/note", {"text": "chiede le rate"})[1]["ok"]
    reply = customer.say("posso pagare a rate?")  # on REST the agent's words come with the next request
    assert "Mario del supporto ha preso la tua richiesta" in reply
    assert "Mario (supporto): Buongiorno, sono Mario." in reply
    assert "mario.rossi" not in reply  # customers read the display name, never the sign-in name
    assert "chiede le rate" not in reply and "non ho capito" not in reply  # no note, no bot
    seen = mario.wait_for(lambda s: any(line["text"] == "posso pagare a rate?" for line in s["open"]["transcript"]),
                          open_id=request["id"])["open"]
    assert [n["text"] for n in seen["notes"]] == ["chiede le rate"]

    assert mario.post(f"/desk/api/handoffs/{request['id']}/give-back")[1]["ok"]
    reply = customer.say("lascia com'è")  # the renewal resumes at the users step, the cart as it was left
    assert "Mario ti ripassa all'assistente automatico" in reply and "mario.rossi" not in reply
    assert "Spazio aggiuntivo: 5 GB" in reply or "moduli" in reply.lower()
    for text in ("va bene così", "nessun codice", "un anno", "bonifico", "accetto"):
        customer.say(text)
    reply = customer.say("confermo")
    [order] = demo.orders(ROSSI)
    assert f"Ordine n. {order.number} confermato" in reply and order.placed_by_agent is None
    actions = [a.action for a in demo.agent_actions("mario.rossi")]
    assert actions == [f"took request for a person n. {request['id']}",
                       f"wrote to the customer in request n. {request['id']}",
                       f"noted in request n. {request['id']}", f"gave back to the bot request n. {request['id']}"]


def test_the_desk_refuses_changes_without_a_session_or_its_csrf_token(stack, assistant, demo):
    make_agent(assistant.database_url, "mario.rossi")
    stranger = DeskAgent(stack.desk_url)
    status, _ = stranger.post("/desk/api/handoffs/1/take", csrf="x")
    assert status == 401
    assert stranger.get("/desk/")[1].count("Accedi") == 1  # the sign-in page instead of the desk
    assert "Nome o password non corretti" in stranger.sign_in("mario.rossi", "password-sbagliata")
    mario = DeskAgent(stack.desk_url)
    mario.sign_in("mario.rossi")
    customer = assistant.conversation(ROSSI)
    customer.say("voglio parlare con un operatore")
    [request] = HandoffService(demo.database, demo.clock).queue()
    status, refused = mario.post(f"/desk/api/handoffs/{request.id}/take", csrf="forged")
    assert status == 403 and not refused["ok"]
    assert HandoffService(demo.database, demo.clock).get(request.id).value.taken_by is None
    cookie = next(c for c in mario.cookies if c.name == "desk_session")
    assert cookie.has_nonstandard_attr("HttpOnly") and cookie.get_nonstandard_attr("SameSite") == "Strict"


def test_nobody_at_the_desk_the_customer_chooses_to_wait_in_the_queue(assistant, demo):
    customer = assistant.conversation(ROSSI)
    customer.say("voglio rinnovare")
    reply = customer.say("mi passi un operatore?")
    assert "In questo momento nessun operatore è collegato" in reply and "Vuoi lasciare la richiesta" in reply
    reply = customer.say("sì")
    assert "Ti passo a un operatore del supporto (richiesta n." in reply
    assert [r.username for r in HandoffService(demo.database, demo.clock).queue()] == [ROSSI]
    reply = customer.say("2 anni")  # the bot goes on meanwhile
    assert "Sei ancora in coda" in reply and "14/12/2028" in reply and demo.account(ROSSI).value.open_cart.cart.years == 2


def at_the_desk_and_renewing(stack, assistant) -> tuple[DeskAgent, Conversation]:
    """Mario signed in to the desk; Rossi renewing in a conversation of their own."""
    make_agent(assistant.database_url, "mario.rossi")
    mario = DeskAgent(stack.desk_url)
    mario.sign_in("mario.rossi")
    customer = assistant.conversation(ROSSI)
    customer.say("voglio rinnovare")
    return mario, customer


def test_a_customer_in_the_queue_goes_on_with_the_bot_then_withdraws_and_the_agent_sees_why(stack, assistant, demo):
    mario, customer = at_the_desk_and_renewing(stack, assistant)
    reply = customer.say("mi passi un operatore?")
    assert "Ti passo a un operatore del supporto" in reply and "annulla la richiesta" in reply  # how to leave
    [request] = mario.wait_for(queued)["queue"]
    reply = customer.say("intanto mettimi 3 anni")  # the bot goes on with the renewal while the person is awaited
    assert "14/12/2029" in reply and "285,48 €" in reply and "Sei ancora in coda per un operatore (posizione 1)" in reply
    reply = customer.say("la fattura 118 di marzo non mi torna")  # for the person: forwarded, not "non ho capito"
    assert "Ho inoltrato il tuo messaggio" in reply and "non ho capito" not in reply.lower()
    assert "118" not in reply and demo.account(ROSSI).value.open_cart.cart.storage_gb == 3  # no 118 GB
    reply = customer.say("lascia stare, non voglio più aspettare")
    assert f"Ho ritirato la tua richiesta n. {request['id']}" in reply and "Sei ancora in coda" not in reply
    assert "Rinnovi 3 GB?" in reply or "spazio" in reply.lower()  # where the renewal stopped
    seen = mario.wait_for(lambda s: not s["waiting"])
    [gone] = [r for r in seen["queue"] if r["id"] == request["id"]]  # still listed a while, with the reason
    assert gone["status"] == "withdrawn" and gone["withdrawn_with"] == "lascia stare, non voglio più aspettare"
    status, refused = mario.post(f"/desk/api/handoffs/{request['id']}/take")
    assert status == 409 and "ritirato la richiesta" in refused["message"]
    assert demo.account(ROSSI).value.open_cart.cart.years == 3
    reply = customer.say("annulla la richiesta")  # nothing waits any more: said so, the cart untouched
    assert "Non hai nessuna richiesta in coda" in reply and demo.account(ROSSI).value.open_cart is not None


def test_a_request_left_waiting_follows_the_customer_into_a_new_conversation(stack, assistant, demo):
    """Issue 27 (4): the page reloaded opens a new conversation; the request waiting in the old one follows the
    customer there (its place kept), who is told and can withdraw it; the desk lists one request."""
    mario, customer = at_the_desk_and_renewing(stack, assistant)
    customer.say("mi passi un operatore?")
    [request] = mario.wait_for(queued)["queue"]
    again = assistant.conversation(ROSSI)  # a new conversation for the same customer
    reply = again.say("/greet")
    assert "Sei ancora in coda per un operatore (posizione 1)" in reply
    [moved] = HandoffService(demo.database, demo.clock).queue()
    assert moved.id == request["id"] and moved.conversation_id == again.sender
    reply = again.say("annulla la richiesta")
    assert f"Ho ritirato la tua richiesta n. {request['id']}" in reply
    assert mario.wait_for(lambda s: not s["waiting"])["queue"][0]["status"] == "withdrawn"


def test_a_give_back_rasa_cannot_carry_out_leaves_the_request_with_the_agent(stack, assistant, demo):
    """Issue 27 (4): Rasa unreachable when Mario gives the conversation back: the request stays his (the bot
    still paused, so someone must answer), he is told to try again; once Rasa answers, the give-back works and
    the customer gets the bot back, told once."""
    proxy = TcpProxy("127.0.0.1", stack.rasa_ports[0])  # the desk reaches Rasa's API through a link the test cuts
    original = stack.commands["desk"]
    stack.commands["desk"] = [f"http://127.0.0.1:{proxy.port}" if arg == stack.replica_url(1) else arg
                              for arg in original]
    stack.stop_process("desk")
    stack.start_process("desk")
    try:
        stack.wait_ready(names=["desk"])
        mario, customer = at_the_desk_and_renewing(stack, assistant)
        customer.say("passami un operatore")
        [request] = HandoffService(demo.database, demo.clock).queue()
        assert mario.post(f"/desk/api/handoffs/{request.id}/take")[1]["ok"]
        proxy.cut()
        status, answer = mario.post(f"/desk/api/handoffs/{request.id}/give-back")
        assert status == 503 and "resta a te" in answer["message"], answer
        assert HandoffService(demo.database, demo.clock).get(request.id).value.status.value == "taken"
        proxy.restore()
        status, answer = mario.post(f"/desk/api/handoffs/{request.id}/give-back")
        assert status == 200 and answer["ok"], answer
        reply = customer.say("eccomi")
        assert reply.count("ti ripassa all'assistente automatico") == 1
        assert HandoffService(demo.database, demo.clock).get(request.id).value.status.value == "returned"
        reply = customer.say("2 anni")  # the bot answers again
        assert "14/12/2028" in reply
    finally:
        proxy.close()
        stack.commands["desk"] = original
        stack.stop_process("desk")
        stack.start_process("desk")
        stack.wait_ready(names=["desk"])


def test_the_take_pauses_the_bot_only_when_an_agent_takes_the_request(stack, assistant, demo):
    mario, customer = at_the_desk_and_renewing(stack, assistant)
    customer.say("passami un operatore")
    [request] = HandoffService(demo.database, demo.clock).queue()
    assert mario.post(f"/desk/api/handoffs/{request.id}/take")[1]["ok"]
    reply = customer.say("2 anni")  # the person has it now: the bot says nothing, the cart is unchanged
    assert "ha preso la tua richiesta" in reply
    assert "14/12/2028" not in reply and demo.account(ROSSI).value.open_cart.cart.years == 1
    reply = customer.say("annulla la richiesta")  # taken: it is the person's now, nothing withdrawn
    assert "Ho ritirato" not in reply
    assert HandoffService(demo.database, demo.clock).get(request.id).value.status.value == "taken"


def test_not_understood_twice_offers_a_person(assistant, demo):
    customer = assistant.conversation(ROSSI)
    customer.say("voglio rinnovare")
    assert "non ho capito" in customer.say("blorf snarg").lower()
    reply = customer.say("xqzw plonk")
    assert "Vuoi parlare con un operatore del supporto?" in reply and "Sì, un operatore" in customer.buttons()
    reply = customer.say("no")
    assert "continuiamo" in reply and "Rinnovi 3 GB?" in reply


def test_the_customer_panel_actions_follow_the_agents_permissions(stack, assistant, demo):
    from tests.db.test_service import ready_cart

    make_agent(assistant.database_url, "mario.rossi")
    make_agent(assistant.database_url, "anna.bianchi", can_register_payments=True)
    mario, anna = DeskAgent(stack.desk_url), DeskAgent(stack.desk_url)
    mario.sign_in("mario.rossi")
    anna.sign_in("anna.bianchi")
    first = demo.place_order(ready_cart(demo, ROSSI)).value  # bank transfer, waiting for payment
    status, resent = mario.post(f"/desk/api/orders/{first.number}/resend-email")
    assert status == 200 and "amministrazione@studiorossi.example" in resent["message"]
    status, refused = mario.post(f"/desk/api/orders/{first.number}/payment", {"reference": "CRO 1"})
    assert status == 403 and "Non hai il permesso" in refused["message"]
    assert mario.post(f"/desk/api/orders/{first.number}/cancel")[1]["ok"]
    second = demo.place_order(ready_cart(demo, ROSSI)).value
    status, paid = anna.post(f"/desk/api/orders/{second.number}/payment", {"reference": "CRO 2"})
    assert status == 200 and "nuova scadenza 14/12/2027" in paid["message"]
    assert {o.number: o.status.value for o in demo.orders(ROSSI)} == {first.number: "cancelled", second.number: "paid"}
    assert {(a.agent, a.action) for a in demo.agent_actions()} == {
        ("mario.rossi", f"resent the payment email of order {first.number}"),
        ("mario.rossi", f"cancelled order {first.number}"),
        ("anna.bianchi", f"registered the payment of order {second.number}")}


def test_a_transferred_request_is_closed_by_the_colleague_and_the_customer_is_told(stack, assistant, demo):
    make_agent(assistant.database_url, "mario.rossi")
    make_agent(assistant.database_url, "anna.bianchi")
    mario, anna = DeskAgent(stack.desk_url), DeskAgent(stack.desk_url)
    mario.sign_in("mario.rossi")
    anna.sign_in("anna.bianchi")
    customer = assistant.conversation(ROSSI)
    customer.say("voglio parlare con un operatore")
    [request] = HandoffService(demo.database, demo.clock).queue()
    mario.post(f"/desk/api/handoffs/{request.id}/take")
    assert mario.post(f"/desk/api/handoffs/{request.id}/transfer", {"to": "anna.bianchi"})[1]["ok"]
    assert mario.post(f"/desk/api/handoffs/{request.id}/reply", {"text": "ciao"})[0] == 409  # no longer his
    assert anna.post(f"/desk/api/handoffs/{request.id}/close")[1]["ok"]
    reply = customer.say("ok grazie")
    assert "Ti passo al collega Anna del supporto" in reply
    assert "Anna ha chiuso la conversazione con il supporto" in reply and "anna.bianchi" not in reply
    reply = customer.say("voglio rinnovare")  # the bot answers again
    assert "Il tuo carrello di rinnovo" in reply


def test_the_panel_says_no_automatic_renewal_once_a_bank_transfer_order_renews_now(stack, assistant, demo):
    """Issue 27 (11): a customer with automatic renewal who ordered by bank transfer: the panel no longer announces
    the automatic renewal date (the bot told them this renewal is not automatic), it names the order instead."""
    cart = demo.open_renewal(VERDI).value
    demo.set_payment_method(cart.cart_id, "bank_transfer")
    demo.accept_terms(cart.cart_id)
    order = demo.place_order(cart.cart_id).value
    make_agent(assistant.database_url, "mario.rossi")
    mario = DeskAgent(stack.desk_url)
    mario.sign_in("mario.rossi")
    assistant.conversation(VERDI).say("passami un operatore")
    [request] = mario.wait_for(queued)["queue"]
    panel = mario.wait_for(lambda s: bool(s.get("open", {}).get("panel")), open_id=request["id"])["open"]["panel"]
    dates = dict(panel["dates"])
    assert "16/01/2027" not in str(panel["dates"]), panel["dates"]
    assert dates["Rinnovo automatico"] == f"no: l'ordine n. {order.number} con bonifico bancario rinnova adesso"
