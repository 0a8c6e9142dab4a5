"""Bad input over REST: a clear Italian message, and nothing changes."""
from __future__ import annotations

import pytest

from renewal.adapters.db import Database
from tests.db.helpers import snapshot

STORAGE_QUESTION = "Rinnovi 3 GB?"
STORAGE_ASKED_AGAIN = "Quanti GB vuoi rinnovare?"  # after a refused value, the same step, for another value


def at_storage_step(assistant):
    chat = assistant.conversation("1000001@aruba.it")
    assert STORAGE_QUESTION in chat.say("rinnova")
    return chat


@pytest.mark.parametrize("message, expected", [
    ("-5 GB", "non può essere negativa"),
    ("togli dieci giga", "non può essere negativa"),
    ("1000 GB", "al massimo 500"),
    ("due giga e mezzo", "non è un numero intero"),
    ("0 GB", "Puoi diminuire lo spazio fino a 1 GB"),
])
def test_impossible_quantities(assistant, demo, message, expected):
    chat = at_storage_step(assistant)
    before = snapshot(Database(assistant.database_url))
    reply = chat.say(message)
    assert expected in reply and STORAGE_ASKED_AGAIN in reply
    assert snapshot(Database(assistant.database_url)) == before


@pytest.mark.parametrize("message", ["asdkjhasd qwpoeiu", "🙂🙂🙂", "\u0000\u0007 ???", "SELECT * FROM orders; --",
                                     "<script>alert(1)</script>"])
def test_gibberish_mid_form_gets_a_clear_message_and_the_same_step(assistant, demo, message):
    chat = at_storage_step(assistant)
    before = snapshot(Database(assistant.database_url))
    reply = chat.say(message)
    assert "non ho capito" in reply and STORAGE_QUESTION in reply
    assert snapshot(Database(assistant.database_url)) == before


def test_very_long_message(assistant, demo):
    chat = at_storage_step(assistant)
    before = snapshot(Database(assistant.database_url))
    reply = chat.say("voglio 4 GB " + "bla " * 3000)
    assert "troppo lungo" in reply
    assert snapshot(Database(assistant.database_url)) == before


def test_unknown_module(assistant, demo):
    chat = at_storage_step(assistant)
    chat.say("lascia com'è")
    chat.say("lascia com'è")
    reply = chat.say("aggiungi il modulo teletrasporto")
    assert "Non conosco il modulo «teletrasporto»" in reply and "Integrazione API" in reply  # named back


def test_expired_code_leaves_the_cart_unchanged(assistant, demo):
    chat = at_storage_step(assistant)
    chat.say("lascia tutto com'è")
    before = demo.account("1000001@aruba.it").value.open_cart.cart
    reply = chat.say("il codice è ING2025")
    assert "è scaduto il 25/10/2026" in reply and "il carrello non è cambiato" in reply
    assert demo.account("1000001@aruba.it").value.open_cart.cart == before


def test_asking_for_a_person_with_nobody_at_the_desk_keeps_the_renewal(assistant, demo):
    chat = at_storage_step(assistant)
    reply = chat.say("voglio parlare con un operatore")
    assert "nessun operatore è collegato" in reply and "Vuoi lasciare la richiesta in coda?" in reply
    reply = chat.say("no")
    assert "continuiamo" in reply and STORAGE_QUESTION in reply
