"""The general conditions (accepted, refused, not yet) and the confirmation.
"""
from __future__ import annotations

import re
from typing import Optional

from italian.words import fold
from renewal.dialogue.commands import (
    AcceptTerms,
    Confirm,
    Decline,
    RefuseTerms,
    Step,
)
from renewal.dialogue.state import Asked, DialogueState
from understanding.lexicon import QUESTIONS
from understanding.utterance import Found, Utterance, _in_question, _negated, _same_clause


def _waits(utterance: Utterance, index: Optional[int] = None) -> bool:
    """"prima di accettare", "senza confermare": before the acceptance or confirmation word ``index`` (any
    acceptance word, if None)."""
    at = [index] if index is not None else [i for i, lemma in enumerate(utterance.lemmas)
                                            if lemma in ("accettare", "accetto")]
    return any(set(utterance.lemmas[max(0, i - 2):i]) & {"prima", "senza"} for i in at)


LATER_WORDS = {"domani", "dopodomani", "stasera", "tardi", "lunedi", "martedi", "mercoledi", "giovedi", "venerdi",
               "sabato", "domenica", "settimana", "prossimo", "prossima"}
"""A confirmation put off ("l'ordine lo confermo domani col titolare")."""
AWAITING = {"aspettare", "attendere", "sentire"}
"""Someone waited for before confirming ("per confermare aspetto il mio socio")."""


def _deferred(utterance: Utterance, index: int) -> bool:
    """An acceptance or confirmation word that does not accept or confirm now: before it "prima di", "senza"
    ("prima di confermare, tolga il modulo"), or its clause puts it off ("lo confermo domani"), or "per confermare"
    waits for someone."""
    if _waits(utterance, index):
        return True
    clause = [j for j in range(len(utterance.words)) if _same_clause(utterance, j, index)]
    if any(fold(utterance.words[j].norm) in LATER_WORDS for j in clause) \
            or (index + 1 < len(utterance.words) and utterance.words[index + 1].norm == "dopo"):
        return True  # "lo confermo domani", "confermo dopo che ho sentito il socio"
    if _negated(utterance, index) and any(utterance.words[j].norm == "ancora" for j in clause):
        return True  # "non confermi ancora: mi dica prima il totale" is not yet, not no
    purpose = index > 0 and utterance.words[index - 1].norm == "per"
    return purpose and any(utterance.lemmas[j] in AWAITING or utterance.words[j].norm in ("aspetto", "aspettiamo")
                           for j in range(len(utterance.words)) if j != index)


RETRACTIONS = {"anzi", "aspetta", "aspetti", "ripensandoci", "attimo", "momento", "fermo", "ferma", "fermati"}
"""Words that take back what the message said before them ("confermo... anzi no, aspetta")."""

CONFIRMING = ("confermare", "completare", "completo", "procedere")
"""Lemmas of a confirmation; "procedi" only after an acceptance or to «Confermi?»."""
CLOSING = ("accettare", "accetto", *CONFIRMING)


def retracted_at(utterance: Utterance) -> Optional[int]:
    """Where a retraction follows an acceptance or a confirmation in the message ("accetto e confermo... anzi
    no, aspetta, fammelo per due anni"): a confirmation before it is taken back."""
    closing = [w.start for i, (w, lemma) in enumerate(zip(utterance.words, utterance.lemmas))
               if (lemma in CLOSING or w.norm == "conferma") and not _waits(utterance, i) and not _negated(utterance, i)]
    return next((w.start for w in utterance.words if w.norm in RETRACTIONS and closing and w.start > closing[0]
                 and not _in_question(utterance, w.start)), None)


def _the_noun(utterance: Utterance, index: int) -> bool:
    """"la conferma e la ricevuta mi arrivano per mail": the confirmation e-mail, not a confirmation; "vai con la
    conferma" confirms."""
    return index > 0 and utterance.words[index - 1].norm in ("la", "una", "della", "alla", "nella", "sulla") and (
        index < 2 or utterance.words[index - 2].norm not in ("con", "co", "col", "cu", "procedi", "vai", "fai"))


FIRST_PERSON = {"accetto", "accettiamo", "confermo", "confermiamo"}
ACCEPTED = {"accettato", "accettata", "accettate", "accettati"}
"""An acceptance told as done ("condizioni accettate", "le ha lette e accettate", "ha accettato")."""
TOLD_DONE = {"ha", "hanno", "ho", "abbiamo", "condizioni", "condizione", "generali"}


def _told_accepted(utterance: Utterance, index: int) -> bool:
    """A participle of accepting after what says it was done ("le ha lette e accettate"), not "accettate PayPal"."""
    return utterance.words[index].norm in ACCEPTED and any(
        utterance.words[j].norm in TOLD_DONE and _same_clause(utterance, j, index) for j in range(max(0, index - 4), index))


def _said_beside_a_question(utterance: Utterance) -> bool:
    """"le condizioni le accetto. ma il bollettino quando arriva?": the customer's own acceptance or confirmation
    (or one told as done: "pag. bonifico, le condizioni le ha accettate") in a sentence that does not ask."""
    return any((w.norm in FIRST_PERSON or _told_accepted(utterance, i)) and not _in_question(utterance, w.start)
               for i, w in enumerate(utterance.words))


GO_ON = {"vai", "vada", "andiamo", "avanti", "go"}
"""After an acceptance, words that say to go on ("si accetto tutto, vai"): the order confirmed."""


def _go_on(utterance: Utterance, index: int) -> bool:
    """A word of going on that ends its clause or is followed by "pure", "avanti" ("vai pure"); not "vai con il
    bonifico"."""
    after = utterance.words[index + 1].norm if index + 1 < len(utterance.words) \
        and _same_clause(utterance, index, index + 1) else None
    return utterance.words[index].norm in GO_ON and after in (None, "pure", "avanti", "tranquillo", "ok")


_TERMS_FINE = re.compile(r"\bcondizioni(?:\s+generali)?\s+(?:ok|okay|vanno\s+bene|va\s+bene)\b")
"""The conditions said fine, with no verb ("cond. gen. ok", words as read): accepted."""


def read_terms_and_confirmation(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"accetto" / "non accetto" the conditions, and "accetto e confermo"."""
    if utterance.intent in QUESTIONS and not _said_beside_a_question(utterance):
        return []  # "accettate PayPal?" is a question
    commands: list[Found] = []
    waiting: Optional[int] = None
    fine = _TERMS_FINE.search(utterance.corrected()[0])  # "cond. gen. ok, conf."
    accepting = any(lemma in ("accettare", "accetto") and not _deferred(utterance, i) and not _negated(utterance, i)
                    for i, lemma in enumerate(utterance.lemmas)) or (  # "ok confirm, accetto le condizioni": either
        AcceptTerms() in state.pending) or fine is not None  # order; or accepted in the message the question to
    # renew now waits on
    for i, lemma in enumerate(utterance.lemmas):
        start = utterance.words[i].start
        if lemma in ("accettare", "accetto"):
            if _deferred(utterance, i):  # "prima di accettare ci penso", "le accetto domani" are not now; "senza
                # accettare?" asks
                waiting = waiting if _in_question(utterance, start) else start
                continue
            if _in_question(utterance, start) and not _negated(utterance, i):
                continue  # "devo per forza accettarle?" asks
            commands.append((start, RefuseTerms() if _negated(utterance, i) else AcceptTerms()))
        elif (lemma in CONFIRMING or utterance.words[i].norm == "conferma" or _go_on(utterance, i)) \
                and not _the_noun(utterance, i) and not _deferred(utterance, i) and (
                (commands if lemma == "procedere" or _go_on(utterance, i) else accepting)  # "accetto, procedi";
                # not "procediamo: accetto"
                or (state.asked in (Asked.CONFIRM, Asked.CANCEL_CART) and not _in_question(utterance, start))):
            confirmation = Decline() if _negated(utterance, i) else Confirm()  # "procediamo, confermo": one, the last
            commands = [found for found in commands if found[1] != confirmation] + [(start, confirmation)]
    if fine is not None and not any(isinstance(c, (AcceptTerms, RefuseTerms)) for _, c in commands):
        commands.insert(0, (utterance.words[0].start if utterance.words else 0, AcceptTerms()))
    if waiting is not None and not commands and state.asked_step is Step.TERMS:
        commands.append((waiting, RefuseTerms()))  # whatever the intent: the words say "not yet"
    taken_back = retracted_at(utterance)  # the confirmation only: the acceptance may stand, the order is asked again
    return [(start, c) for start, c in commands
            if taken_back is None or start > taken_back or not isinstance(c, (Confirm, Decline))]
