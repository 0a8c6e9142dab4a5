"""The Italian quantity normaliser: words and figures, units, relative changes, spans."""
from __future__ import annotations

from decimal import Decimal

import pytest

from italian.numbers import DECREASE, INCREASE, NUMBER, STORAGE, USERS, YEARS, find_quantities


@pytest.mark.parametrize("text, kind, value, change, span", [
    ("due giga e mezzo", STORAGE, "2.5", None, "due giga e mezzo"),
    ("tre giga e mezzo", STORAGE, "3.5", None, "tre giga e mezzo"),
    ("mezzo giga", STORAGE, "0.5", None, "mezzo giga"),
    ("lo spazio a 3,5 GB", STORAGE, "3.5", None, "3,5 GB"),
    ("voglio 4 GB", STORAGE, "4", None, "4 GB"),
    ("3gb", STORAGE, "3", None, "3gb"),
    ("un paio di giga", STORAGE, "2", None, "un paio di giga"),
    ("togli un giga", STORAGE, "1", DECREASE, "un giga"),
    ("riduci lo spazio di un giga", STORAGE, "1", DECREASE, "un giga"),
    ("aumenta lo spazio di due giga", STORAGE, "2", INCREASE, "due giga"),
    ("porta lo spazio a 2 GB", STORAGE, "2", None, "2 GB"),
    ("altri due giga", STORAGE, "2", INCREASE, "due giga"),
    ("un utente in più", USERS, "1", INCREASE, "un utente"),
    ("aggiungi due utenti", USERS, "2", INCREASE, "due utenti"),
    ("2 utenti in meno", USERS, "2", DECREASE, "2 utenti"),
    ("nessun utente", USERS, "0", None, "nessun utente"),
    ("per tre anni", YEARS, "3", None, "tre anni"),
    ("rinnova per un anno", YEARS, "1", None, "un anno"),
    ("undici anni", YEARS, "11", None, "undici anni"),
    ("ventitré anni", YEARS, "23", None, "ventitré anni"),
    ("dieci", NUMBER, "10", None, "dieci"),
    ("sei", NUMBER, "6", None, "sei"),
    ("sei giga", STORAGE, "6", None, "sei giga"),
    ("ne voglio cinque", NUMBER, "5", None, "cinque"),
    ("togli 1", NUMBER, "1", DECREASE, "1"),
])
def test_one_quantity(text, kind, value, change, span):
    (quantity,) = find_quantities(text)
    assert (quantity.kind, quantity.value, quantity.change, quantity.text) == (kind, Decimal(value), change, span)
    assert text[quantity.start:quantity.end] == span


def test_several_answers_in_one_message():
    found = find_quantities("per 2 anni con 4 GB e pago con PayPal")
    assert [(q.kind, q.value) for q in found] == [(YEARS, 2), (STORAGE, 4)]


def test_correction():
    assert [(q.kind, q.value) for q in find_quantities("anzi, facciamo due anni")] == [(YEARS, 2)]


@pytest.mark.parametrize("text", ["1000001@aruba.it", "ING2026", "ciao", "", "va bene così",
                                  "voglio parlare con un operatore", "aggiungi una cosa", "sei un robot?",
                                  "grazie mille"])
def test_no_quantity_in_accounts_codes_or_words(text):
    assert find_quantities(text) == []


def test_very_long_message_is_read_only_at_its_start():
    assert [q.value for q in find_quantities("tre anni " + "giga " * 5000 + "sette anni")] == [3]
