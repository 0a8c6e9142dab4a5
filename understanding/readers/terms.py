"""The general conditions (accepted, refused, not yet) and the confirmation.
"""
from __future__ import annotations

from typing import Optional

from renewal.dialogue.commands import (
    AcceptTerms,
    Confirm,
    Decline,
    RefuseTerms,
    Step,
)
from renewal.dialogue.state import Asked, DialogueState
from understanding.lexicon import QUESTIONS
from understanding.utterance import Found, Utterance, _in_question, _negated


def _waits(utterance: Utterance, index: Optional[int] = None) -> bool:
    """"prima di accettare", "senza accettare": before the acceptance word ``index`` (any, if None)."""
    at = [index] if index is not None else [i for i, lemma in enumerate(utterance.lemmas)
                                            if lemma in ("accettare", "accetto")]
    return any(set(utterance.lemmas[max(0, i - 2):i]) & {"prima", "senza"} for i in at)


def read_terms_and_confirmation(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"accetto" / "non accetto" the conditions, and "accetto e confermo"."""
    if utterance.intent in QUESTIONS:
        return []  # "accettate PayPal?" is a question
    commands: list[Found] = []
    waiting: Optional[int] = None
    for i, lemma in enumerate(utterance.lemmas):
        start = utterance.words[i].start
        if lemma in ("accettare", "accetto"):
            if _waits(utterance, i):  # "prima di accettare ci penso" is not now; "senza accettare?" asks
                waiting = waiting if _in_question(utterance, start) else start
                continue
            if _in_question(utterance, start) and not _negated(utterance, i):
                continue  # "devo per forza accettarle?" asks
            commands.append((start, RefuseTerms() if _negated(utterance, i) else AcceptTerms()))
        elif (lemma in ("confermare", "completare", "completo") or utterance.words[i].norm == "conferma") and (
                commands or (state.asked is Asked.CONFIRM and not _in_question(utterance, start))):
            commands.append((start, Decline() if _negated(utterance, i) else Confirm()))
    if waiting is not None and not commands and state.asked_step is Step.TERMS:
        commands.append((waiting, RefuseTerms()))  # whatever the intent: the words say "not yet"
    return commands
