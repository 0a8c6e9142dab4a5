"""Who writes: tokens bound to one conversation, agent tokens, one-time chat linking codes."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from renewal.adapters import identity
from renewal.adapters.tables import LinkCodeRow
from renewal.domain.decision import Reason
from renewal.services.access import AccessService

SECRET = b"a-test-secret-0123456789"


@pytest.fixture
def access(demo_db, clock) -> AccessService:
    return AccessService(demo_db, clock, SECRET)


def who(access: AccessService, conversation: str, metadata: dict):
    """As a message travels: admitted at the channel, then read by the action server."""
    admitted = access.admit(conversation, metadata)
    return access.caller(conversation, admitted.value) if admitted.ok else admitted


def test_a_customer_token_works_in_its_first_conversation_only(access):
    token = access.mint_customer_token("1000001@aruba.it", timedelta(minutes=30)).value
    assert who(access, "web-1", {"token": token}).value.username == "1000001@aruba.it"
    assert who(access, "web-1", {"token": token}).ok
    assert who(access, "web-2", {"token": token}).reason is Reason.TOKEN_REPLAYED


def test_no_token_for_an_unknown_account(access):
    assert access.mint_customer_token("9999999@aruba.it", timedelta(minutes=5)).reason is Reason.ACCOUNT_UNKNOWN


def test_an_expired_token_is_refused(access, clock):
    token = access.mint_customer_token("1000001@aruba.it", timedelta(minutes=30)).value
    clock.advance(1)
    assert who(access, "web-1", {"token": token}).reason is Reason.TOKEN_EXPIRED


def test_an_agent_acts_for_any_existing_account_in_any_conversation(access):
    agent_token = access.mint_agent_token("mario.rossi", timedelta(hours=8)).value
    for conversation, account in (("c-1", "1000001@aruba.it"), ("c-2", "1000002@aruba.it")):
        found = who(access, conversation, {"agent_token": agent_token, "account": account})
        assert found.value.username == account and found.value.agent == "mario.rossi"
    unknown = who(access, "c-3", {"agent_token": agent_token, "account": "' OR 1=1 --"})
    assert unknown.reason is Reason.ACCOUNT_UNKNOWN


@pytest.mark.parametrize("name", ["", "Mario", "a", "mario rossi", "x" * 41, "1mario", "mario;drop"])
def test_agent_names_are_plain(access, name):
    assert access.mint_agent_token(name, timedelta(hours=1)).reason is Reason.AGENT_NAME_INVALID


def test_roles_do_not_mix(access):
    customer = access.mint_customer_token("1000001@aruba.it", timedelta(minutes=30)).value
    agent = access.mint_agent_token("mario.rossi", timedelta(hours=8)).value
    assert who(access, "c", {"agent_token": customer, "account": "1000001@aruba.it"}).reason is Reason.TOKEN_INVALID
    assert who(access, "c", {"token": agent}).reason is Reason.TOKEN_INVALID


def test_a_link_code_links_a_chat_once(access, demo_db):
    code = access.mint_link_code("1000003@aruba.it", "telegram").value
    assert access.linked_account("telegram", "42") is None
    assert access.redeem_link_code("telegram", "42", f" {code[:5].lower()}-{code[5:]} ").value == "1000003@aruba.it"
    assert access.linked_account("telegram", "42") == "1000003@aruba.it"
    assert access.redeem_link_code("telegram", "43", code).reason is Reason.LINK_CODE_USED
    assert access.linked_account("telegram", "43") is None
    with demo_db.transaction() as session:  # only the hash is stored
        stored = session.scalars(select(LinkCodeRow.code_hash)).one()
    assert code not in stored and len(stored) == 64


def test_an_expired_or_unknown_link_code_links_nothing(access, clock):
    code = access.mint_link_code("1000003@aruba.it", "telegram", timedelta(minutes=15)).value
    clock.advance(1)
    expired = access.redeem_link_code("telegram", "42", code)
    assert expired.reason is Reason.LINK_CODE_EXPIRED and expired.figures["expired_at"].minute == 15
    for forged in ("", None, "ABCDEFGHJK", "x" * 10_000, "'; DROP TABLE link_codes; --"):
        assert access.redeem_link_code("telegram", "42", forged).reason is Reason.LINK_CODE_UNKNOWN
    assert access.linked_account("telegram", "42") is None


def test_a_new_code_relinks_the_chat_and_the_chat_token_names_the_account(access, clock):
    access.redeem_link_code("telegram", "42", access.mint_link_code("1000001@aruba.it", "telegram").value)
    access.redeem_link_code("telegram", "42", access.mint_link_code("1000002@aruba.it", "telegram").value)
    token = access.channel_token("telegram", "42")
    assert identity.verify_token(token, clock.now(), SECRET).value == "1000002@aruba.it"
    assert who(access, "42", {"token": token}).ok
    assert who(access, "99", {"token": token}).reason is Reason.TOKEN_REPLAYED
    assert access.channel_token("telegram", "99") is None
    assert access.unlink("telegram", "42") and access.channel_token("telegram", "42") is None



def test_what_rasa_keeps_is_the_identity_never_the_credential(access, clock):
    """Issue 12 item 2: the metadata that goes on to Rasa."""
    token = access.mint_customer_token("1000001@aruba.it", timedelta(minutes=30)).value
    admitted = access.admit("web-1", {"token": token, "extra": "kept out"}).value
    assert token not in repr(admitted) and set(admitted) == {identity.IDENTITY_KEY}
    assert admitted[identity.IDENTITY_KEY]["account"] == "1000001@aruba.it"
    agent_token = access.mint_agent_token("mario.rossi", timedelta(hours=1)).value
    guided = access.admit("c-1", {"agent_token": agent_token, "account": "1000002@aruba.it"}).value
    assert agent_token not in repr(guided) and guided[identity.IDENTITY_KEY]["agent"] == "mario.rossi"
    # The stamp proves nothing anywhere else, nor once changed, nor to a client that writes it itself.
    assert access.caller("web-2", admitted).reason is Reason.TOKEN_INVALID
    forged = {identity.IDENTITY_KEY: {**admitted[identity.IDENTITY_KEY], "account": "1000002@aruba.it"}}
    assert access.caller("web-1", forged).reason is Reason.TOKEN_INVALID
    assert access.admit("web-3", admitted).reason is Reason.TOKEN_MISSING
    clock.advance(1)
    assert access.caller("web-1", admitted).reason is Reason.TOKEN_EXPIRED


def test_a_conversation_belongs_to_the_identity_that_opened_it(access):
    """Issue 12 item 3: another customer's own valid token, or an agent, is refused in it."""
    mint = lambda username: access.mint_customer_token(username, timedelta(minutes=30)).value
    assert access.admit("web-1", {"token": mint("1000001@aruba.it")}).ok
    assert access.admit("web-1", {"token": mint("1000001@aruba.it")}).ok  # a new session of the same customer
    assert access.admit("web-1", {"token": mint("1000002@aruba.it")}).reason is Reason.CONVERSATION_NOT_YOURS
    agent_token = access.mint_agent_token("mario.rossi", timedelta(hours=1)).value
    assert access.admit("web-1", {"agent_token": agent_token, "account": "1000001@aruba.it"}).reason \
        is Reason.CONVERSATION_NOT_YOURS
    assert access.admit("guided-1", {"agent_token": agent_token, "account": "1000001@aruba.it"}).ok
    colleague = access.mint_agent_token("anna.bianchi", timedelta(hours=1)).value
    assert access.admit("guided-1", {"agent_token": colleague, "account": "1000001@aruba.it"}).reason \
        is Reason.CONVERSATION_NOT_YOURS
    assert access.admit("guided-1", {"agent_token": agent_token, "account": "1000002@aruba.it"}).reason \
        is Reason.CONVERSATION_NOT_YOURS


def test_a_chat_linked_to_another_account_becomes_that_account_s_conversation(access):
    access.redeem_link_code("telegram", "42", access.mint_link_code("1000001@aruba.it", "telegram").value)
    assert access.admit("42", {"token": access.channel_token("telegram", "42")}).ok
    access.redeem_link_code("telegram", "42", access.mint_link_code("1000002@aruba.it", "telegram").value)
    assert who(access, "42", {"token": access.channel_token("telegram", "42")}).value.username == "1000002@aruba.it"


def test_an_agent_never_writes_in_a_customers_conversation_even_after_taking_it(access, demo_db, clock):
    """The agent's words reach the customer through the desk; through the channel they would reach
    the bot as if the customer had said them."""
    from renewal.services.handoff import HandoffService
    handoffs = HandoffService(demo_db, clock)
    customer = {"token": access.mint_customer_token("1000002@aruba.it", timedelta(minutes=30)).value}
    assert access.admit("web-9", customer).ok
    mario = {"agent_token": access.mint_agent_token("mario.rossi", timedelta(hours=1)).value,
             "account": "1000002@aruba.it"}
    request = handoffs.request("web-9", "1000002@aruba.it", "socketio", "Cliente: operatore")
    assert handoffs.take(request.id, "mario.rossi").ok
    assert access.admit("web-9", mario).reason is Reason.CONVERSATION_NOT_YOURS


def test_agent_tokens_are_short_bound_to_their_agent_and_revocable(access, clock):
    """Issue 12 item 4."""
    token = access.mint_agent_token("mario.rossi")
    assert token.figures["expires_at"] - clock.now() == timedelta(hours=1)  # shorter by default
    assert access.mint_agent_token("mario.rossi", timedelta(days=3)).figures["expires_at"] - clock.now() \
        == timedelta(hours=8)  # never beyond a shift
    metadata = {"agent_token": token.value, "account": "1000001@aruba.it"}
    assert access.admit("guided-1", metadata).ok
    # signed with the secret but never minted here (no session row): refused
    unrecorded = identity.mint_token("mario.rossi", clock.now(), timedelta(hours=1), SECRET, role=identity.AGENT)
    assert access.agent(unrecorded).reason is Reason.TOKEN_INVALID
    assert access.revoke_agent_tokens("mario.rossi") == 2
    assert access.admit("guided-1", metadata).reason is Reason.TOKEN_REVOKED
    assert access.agent(token.value).reason is Reason.TOKEN_REVOKED
    assert access.agent(access.mint_agent_token("mario.rossi").value).ok  # a new one works
