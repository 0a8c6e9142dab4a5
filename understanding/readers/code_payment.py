"""The agreement code (only code-shaped text is tried) and the payment method.
"""
from __future__ import annotations

import re
from typing import Optional

from italian.words import fold, known
from renewal.dialogue.commands import (
    ChoosePayment,
    GiveCode,
    NoCode,
    Step,
)
from renewal.dialogue.state import DialogueState
from renewal.domain.rules import looks_like_code
from understanding.answers import _asks
from understanding.lexicon import (
    _INSTEAD_OF,
    _SPACED_CODE,
    CODE_WORDS,
    DROP_VERBS,
    HAVE_WORDS,
    NEGATED_NOUNS,
    NEGATIONS,
    REPLACING,
)
from understanding.utterance import Found, Utterance, _in_question, _mentioned, _negated, _same_clause


def _spaced_code(utterance: Utterance, state: DialogueState) -> Optional[re.Match]:
    """"ing 2026" at the code step or beside "codice"; "ARCH 2026" written in capitals, or a year after the
    letters, anywhere."""
    spaced = _SPACED_CODE.search(utterance.text)
    if spaced and not known(spaced.group(1).lower()) and (
            state.asked_step is Step.CODE or _mentioned(utterance, CODE_WORDS) or spaced.group(1).isupper()
            or re.fullmatch(r"20\d\d", spaced.group(2) or "")):  # "scusi ho sbagliato è arch 2026": a year
        return spaced
    return None


def read_code(utterance: Utterance, state: DialogueState) -> list[Found]:
    """An agreement code, "senza convenzione" / "niente sconti", or "ho la convenzione" (no code yet)."""
    commands: list[Found] = []
    for entity in utterance.entities:
        if entity.get("entity") == "agreement_code":
            commands.append((int(entity.get("start") or 0), GiveCode(str(entity.get("value")).upper())))
    if commands:
        return commands
    spaced = _spaced_code(utterance, state)
    if spaced:
        return [(spaced.start(), GiveCode((spaced.group(1) + spaced.group(2)).upper()))]
    for i in _mentioned(utterance, CODE_WORDS):
        lemmas = utterance.lemmas
        before = lemmas[max(0, i - 4):i]
        after = lemmas[i + 1:i + 3]
        if _negated(utterance, i, reach=4) or set(before) & (DROP_VERBS | {"nessuno", "no"}) or \
                set(after) & {"non", "no", "nessuno", "niente"}:  # "codice nn ce l'ho"
            return [(utterance.words[i].start, NoCode())]
        if set(before) & HAVE_WORDS or "ingegnere" in lemmas or "architetto" in lemmas:
            return [(utterance.words[i].start, GiveCode())]
    if utterance.intent == "remove_code" and not _asks(utterance):  # "a cosa serve il codice?", "chiede quanto
        return [(0, NoCode())]  # risparmia col codice" ask
    text = utterance.text.strip(" .!?")
    if state.asked_step is Step.CODE and " " not in text and looks_like_code(text):
        return [(0, GiveCode(text.upper()))]
    return []


def read_payment(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"pago con bonifico"; "non ho la carta" chooses nothing."""
    commands: list[Found] = []
    after = 0  # the end of the method named before: "invece che con la carta" is about the card, not what follows
    for entity in utterance.entities:
        if entity.get("entity") == "payment_method":
            start, named_before = int(entity.get("start") or 0), after
            clause = max([after, *(m.end() for m in re.finditer(r"[.!?;]", utterance.text[:start]))])  # its sentence
            corrected = " ".join(w.norm for w in utterance.words if clause <= w.start and w.end <= start)  # "invece du"
            before, after = utterance.text[clause:start], int(entity.get("end") or start)
            if (utterance.words and _refused(utterance, utterance.word_index(start))) or \
                    _INSTEAD_OF.search(before) or _INSTEAD_OF.search(corrected):
                continue
            if commands and (_in_a_reason(utterance, start) or any(  # a reason word just before, in the clause
                    w.norm in REASON_WORDS for w in utterance.words[max(0, utterance.word_index(start) - 3):]
                    if named_before <= w.start < start and _same_clause(utterance, utterance.word_index(w.start),
                                                                        utterance.word_index(start)))):
                continue  # "col bonifico, che la carta la stanno cambiando", "pago con paypal che la carta mi
                # scade": why, not another choice
            if _had(utterance, start) or _replaced(utterance, start) or _STATED_OF.match(utterance.text[after:]):
                continue  # "avevo il rinnovo automatico con la carta, cosa succede ora?": what was, no choice;
                # "dovrei cambiare la carta su cui addebitate": the card on file, not a way to pay
            commands.append((start, ChoosePayment(str(entity.get("value")))))
    if not commands:
        return []
    last = commands[-1]  # "non con carta ma con bonifico": the last one named; where it was told, if it was
    told = [found for found in commands if found[1] == last[1] and not _in_question(utterance, found[0])]
    return [told[0] if told else last]  # "Pago con bollettino. Il bollettino me lo mandate a casa?"


PAST_FORMS = {"avevo", "avevamo", "aveva", "pagavo", "pagavamo", "pagava", "usavo", "usavamo"}
"""What the customer had or did: a way to pay named with one is no choice."""


def _had(utterance: Utterance, start: int) -> bool:
    """A verb of what was in the clause of the method at ``start``, before it (not "quello che avevamo messo, pago
    con bonifico")."""
    index = utterance.word_index(start)
    on_file = index + 2 < len(utterance.words) and utterance.words[index + 1].norm == "che" \
        and utterance.words[index + 2].lemma in ("avere", "registrare", "salvare", "usare")  # "la carta che avete
    # registrato mi è scaduta": the one on file
    before = [w.norm for w in utterance.words[max(0, index - 6):index] if w.norm not in ("la", "il", "mia", "lo")]
    automatic = before[-2:] == ["automatico", "con"] and any(norm in ("ho", "abbiamo", "ha") for norm in before[:-2])
    # "ho il rinnovo automatico con la carta": what is (not "niente rinnovo automatico: pago con bonifico")
    return on_file or automatic or any(w.norm in PAST_FORMS and _same_clause(utterance, j, index)
                                       for j, w in enumerate(utterance.words[:index]))


_STATED_OF = re.compile(r"\s*(?:(?:è|e'|é|xe|e\s+ancora|è\s+ancora)\s+(?!quell\w*\b|la\s+mia\b)\w"
                        r"|e\s+(?:scadut|bloccat|valid|buon|bon|attiv|a\s+posto))", re.IGNORECASE)
"""After a way to pay: what it is ("'a carta è bona", "la carta è scaduta"), a statement, not a choice."""



def _replaced(utterance: Utterance, start: int) -> bool:
    """Whether the method at ``start`` is the object of a verb of replacing, with only an article or a possessive
    between ("cambiare la carta", "aggiornare la mia carta"; not "cambio, pago con la carta")."""
    index = utterance.word_index(start)
    before = index - 1
    while before >= 0 and utterance.words[before].norm in ("la", "le", "il", "mia", "nostra", "vostra", "sua"):
        before -= 1
    return before >= 0 and before < index - 1 and bool(re.fullmatch(REPLACING, utterance.words[before].norm))


def _refused(utterance: Utterance, index: int) -> bool:
    """"non con la carta", "il cliente non vuole più la carta", "la carta no la voglio più", "la carta sta volta
    no": a negation in the method's clause, before it or up to three words after it."""
    methods = [int(e.get("start") or 0) for e in utterance.entities if e.get("entity") == "payment_method"]
    after = any(utterance.words[j].norm in ("no", "non") and _same_clause(utterance, index, j)  # "la carta
                and not any(utterance.words[index].end < m < utterance.words[j].start for m in methods)  # (not "col
                # bonifico che paypal non mi va": that one's)
                and not any(utterance.words[j].start < m <= utterance.words[min(j + 3, len(utterance.words) - 1)].start
                            for m in methods)  # stavolta no / non la voglio"; not "col bollettino, non con la carta"
                for j in range(index + 1, min(len(utterance.words), index + 4)))
    for i in range(index - 1, max(-1, index - 7), -1):
        if not _same_clause(utterance, i, index) or utterance.words[i].norm in LINKING_WORDS:
            break  # "i solleciti non li rinnovo e pago con bonifico": the negation is about something else
        if utterance.words[i].norm in ("meglio", "anzi", "piuttosto", "aspetta", "preferisco"):
            break  # "no aspe meglio bonifico": a choice made again, the no is about what came before
        if utterance.words[i].lemma == "pagare":  # "niente codice pago con paypal", dictated: "niente" is the code's
            return (i > 0 and utterance.words[i - 1].lemma in NEGATIONS and _same_clause(utterance, i - 1, i)) or after
            # (not "allora niente, pago col bollettino")
        if utterance.words[i].norm in NEGATED_NOUNS:
            return after  # "niente codice carta": the negation before the code is about the code
        if utterance.words[i].lemma in NEGATIONS or (index - i <= 3 and (
                utterance.words[i].lemma in DROP_VERBS or utterance.words[i].norm == "no")):  # "no cu 'a carta"
            return True  # "togliere la carta bloccata dal rinnovo automatico": not the way to pay
    return after


LINKING_WORDS = {"e", "ed", "ma", "anzi", "invece", "però", "pero", "quindi", "allora", "poi", "perché", "perche", "che",
                 "o", "oppure"}


REASON_WORDS = {"che", "perche", "poiche", "siccome", "visto", "dato", "tanto"}
"""The first word of a clause that gives a reason rather than a choice."""


def _in_a_reason(utterance: Utterance, start: int) -> bool:
    """Whether ``start`` is in a clause that gives a reason ("che la carta...", "perché la carta...")."""
    clause = re.search(r"[^,.;:!?]*$", utterance.text[:start])
    first = fold(clause.group()).split()[:1] if clause else []
    return bool(first) and first[0] in REASON_WORDS
