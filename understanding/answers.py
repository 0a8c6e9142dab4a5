"""What a message means when no reader found a value: yes and no after what was asked (each step's declaration
says), the intents (questions, a person, small talk), and whether the customer wants to renew at all.
"""
from __future__ import annotations

import re
from typing import Optional

from italian.words import fold, known
from renewal.dialogue.commands import (
    AcceptTerms,
    Ask,
    AskValue,
    Cancel,
    Command,
    Confirm,
    Decline,
    HandOff,
    Keep,
    NoCode,
    NotUnderstood,
    RefuseTerms,
    SmallTalk,
    StartRenewal,
    Step,
    Topic,
    UnknownModule,
)
from renewal.dialogue.state import PERSON_QUESTIONS, Asked, DialogueState
from renewal.dialogue.steps import declared
from understanding.lexicon import (
    _CANCEL,
    _CANCEL_CUE,
    _CANCEL_WORD,
    _DONE_TO_IT,
    _FILLER,
    _FOR_NOW,
    _LATER,
    _LATER_IN_THIS_CHAT,
    _NO_LONGER_WAITING,
    _NOT_A_REQUEST,
    _PERSON,
    _RENEW_LATER,
    _WITHDRAW_NAMED,
    _WONDER,
    MODULE_WORDS,
    NO,
    ONLY_WORDS,
    RENEW_WORDS,
    WANT_WORDS,
    YES,
)
from understanding.readers.terms import _waits
from understanding.readers.topics import _clauses
from understanding.utterance import FALLBACK, Utterance, _asking_word, _mentioned, _negated

_LATER_ON = {"rinnovero", "rinnoveremo", "rinnovera", "rinnoverai", "rinnoverete"}
"""The future of renewing: later, not in this conversation ("rinnoverò a inizio gennaio")."""
IT_RENEWS = {"rinnova", "rinnovera", "rinnovate", "rinnoverete"}
"""Renewing said of someone else, folded ("e mi rinnova per quanto tempo?": the automatic renewal)."""


def _wants_renewal(utterance: Utterance, strict: bool, until_when: bool = False) -> bool:
    """"ciao, rinnovo"; with ``strict``, only "voglio/vorrei rinnovare" ("vorrei rinnovare, quanti anni?"); asked
    ``until_when``, "posso rinnovare" is the question, not a wish ("fino a quando posso rinnovare?")."""
    lemmas = utterance.lemmas
    wanting = WANT_WORDS - {"potere"} if until_when else WANT_WORDS
    for i, lemma in enumerate(lemmas):
        if lemma in RENEW_WORDS and (_negated(utterance, i, reach=2) or lemmas[i + 1:i + 2] == ["automatico"]
                                     or _NOT_FOR.search(utterance.text[:utterance.words[i].start])
                                     or (_later(utterance) and not set(lemmas) & WANT_WORDS)):  # "per il rinnovo ci
            # sentiamo più avanti": later, not now
            continue  # "per ora non rinnovo"; "non voglio il rinnovo automatico" is the way it is paid; "per una
            # questione amministrativa, non per il rinnovo"
        before = [w.norm for w in utterance.words[max(0, i - 2):i]]
        if lemma in RENEW_WORDS and (before[-1:] == ["se"] or before in (["se", "lo"], ["se", "la"])):
            continue  # "e se rinnovassi per il massimo, quanto pagherei?" supposes it
        if lemma in RENEW_WORDS and fold(utterance.words[i].norm) in _LATER_ON and not {
                w.norm for w in utterance.words[i + 1:i + 3]} & {"adesso", "subito", "ora", "oggi"}:
            continue  # "ok, grazie. Rinnoverò a inizio gennaio": not now
        if lemma in RENEW_WORDS and (not strict or set(lemmas[max(0, i - 3):i]) & wanting):
            return True
    return not strict and _only_this_service(utterance)


_NOT_FOR = re.compile(r"\bnon\s+(?:per|x)\s+(?:il\s+|la\s+|l'\s*)?$", re.IGNORECASE)


def _only_this_service(utterance: Utterance) -> bool:
    """"allora solo la fatturazione", after asking about another product."""
    lemmas = utterance.lemmas
    return any(lemma == "fatturazione" and set(lemmas[max(0, i - 2):i]) & ONLY_WORDS for i, lemma in enumerate(lemmas))


def _short_answers(utterance: Utterance, state: DialogueState) -> list[Command]:
    """A yes or no beside a question: "ah è scaduto? allora niente"."""
    answers: list[Command] = []
    clauses = _clauses(utterance.text)
    for clause, following in zip(clauses, [*clauses[1:], None]):
        if clause.group().rstrip().endswith("?"):
            continue
        key = _FILLER.sub("", fold(clause.group().lower()).strip(" .!,;:"))
        but = following is not None and fold(following.group().lower()).split()[:1] in (["ma"], ["pero"])
        then_asks = following is not None and fold(following.group().lower()).split()[:1] in (["quindi"], ["cioe"]) \
            and "?" in utterance.text[following.start():]  # "ok perfetto, quindi non devo fare niente giusto?": taken in
        if key in YES and then_asks:
            continue
        if key in NO:
            answers.append(_no(state))
        elif key in YES and state.asked is not None and not (but and key.split()[0] != "si"):  # "ok, ma when
            # exactly was it deleted?": taken in, the question asked (but "sì va bene, ma prima dimmi una cosa" says
            # yes); "va bene. a che email mi scrivete?" with nothing asked: taken in
            answers.append(_yes(state))
    return answers


def _supposing(utterance: Utterance, position: int) -> bool:
    """"e se raddoppio gli utenti?": the value at ``position`` is supposed ("se" in its clause), not asked for."""
    clause = re.search(r"[^,.;:!?]*$", utterance.text[:position])
    start = clause.start() if clause else 0
    words = [w for w in utterance.words if start <= w.start < position]
    return any(w.norm == "se" and not (i > 0 and words[i - 1].norm == "anche")  # "anche se ho il rinnovo
               for i, w in enumerate(words))  # automatico, vorrei...": conceded, not supposed


def _wants_person(utterance: Utterance) -> bool:
    """A request for a person anywhere in the message (it wins over whatever else the message says), as the
    classifier read it or in its words; not one refused ("non serve un operatore")."""
    texts = (fold(utterance.text.lower()), fold(utterance.as_read()))  # as typed, and as read
    if any(_NOT_A_REQUEST.search(text) for text in texts):  # ("parlà cu na persona overa": "parlare con una persona")
        return False
    return utterance.intent == "ask_human" or any(_PERSON.search(text) for text in texts)


def _withdraws(utterance: Utterance, state: DialogueState) -> bool:
    """The request for a person withdrawn: named ("annulla la richiesta"), or, while it waits, no longer waiting
    ("non voglio più aspettare") or a bare "annulla" (not "annulla il rinnovo")."""
    text = fold(utterance.text.lower())
    if state.queue is None:  # nothing waits: said so; "lascia stare l'operatore" to the offer of one is a no
        return bool(_WITHDRAW_NAMED.search(text)) and state.asked not in (Asked.HANDOFF_OFFER, Asked.HANDOFF_QUEUE)
    if _WITHDRAW_NAMED.search(text) or _NO_LONGER_WAITING.search(text):
        return True
    bare = _CANCEL.search(utterance.text)
    return bare is not None and not re.search(r"rinnovo|ordine|tutto", bare.group(), re.IGNORECASE)


_ENDS_ASKING = re.compile(r"\b(?:quale|quali|qual|dove)\b(?:\s+[\w']+){0,2}\s*$"
                          r"|\bquanto\s+(?:mi\s+|ci\s+)?(?:verrebbe|viene|vengono|costa|costano|costerebbe|sarebbe|fa|fanno|pagherei|"
                           r"spenderei)\s*$")
"""A question dictated without its mark, ending on a question word's phrase ("l'iban qual è", "dove le trovo", "e
senza le api quanto verrebbe")."""


def _why_not(utterance: Utterance) -> bool:
    """"perché no?", "e perche no??", "ma perché no?": a short question about a refusal."""
    return "?" in utterance.text and "perche" in utterance.lemmas and len(utterance.lemmas) <= 4


def _asks(utterance: Utterance) -> bool:
    """Whether the words look like a question at all."""
    opening = [lemma for i, lemma in enumerate(utterance.lemmas[:3]) if _asking_word(utterance.lemmas, i) and not (
        lemma == "che" and i > 0 and utterance.lemmas[i - 1] in ("aspettare", "sperare", "credere", "dire", "pensare"))]
    # "aspetta che prima devo sentire il commercialista": «che» after such a verb opens a clause, it asks nothing;
    # "carta come sempre" compares
    return "?" in utterance.text or bool(opening) \
        or bool(_WONDER.search(fold(utterance.text))) \
        or bool(_ENDS_ASKING.search(fold(utterance.text.lower())))  # "vorrei sapere quanto spenderei...", dictated
    # "cioè l'iban qual è"


def _later(utterance: Utterance) -> bool:
    """The customer leaves for now or asks someone first, as typed or as read ("speta che prima devo sentir el
    comercialista": «il commercialista»)."""
    return utterance.search(_LATER) is not None


def _from_intent(intent: Optional[str], state: DialogueState, utterance: Utterance) -> list[Command]:
    """What an intent means when no reader found anything in the words."""
    if intent in ("affirm", "deny", "inform", "confirm_order", "accept_terms", "thank", "out_of_scope", FALLBACK) \
            and _later(utterance) and not _asks(utterance):
        return [SmallTalk("goodbye")]  # "ok ci penso, ciao": not a yes to the question asked; "per la conferma
        # aspetto il titolare, vi riscrivo dopo": no confirmation
    if state.cart_id is not None and _LATER_IN_THIS_CHAT.search(utterance.text) and not _asks(utterance):
        return [SmallTalk("ok")]  # "il pagamento lo scelgo dopo": the renewal goes on
    if intent == "affirm":
        return [_yes(state)]
    if intent == "deny":
        return [_no(state)]
    if intent == "accept_terms":  # no reader found an acceptance in the words: "prima di accettare ci penso"
        return [Ask(Topic.TERMS) if _asks(utterance) else RefuseTerms() if _waits(utterance) else AcceptTerms()]
    if intent == "confirm_order":  # "sì, confermo che voglio rinnovare" to "Vuoi rinnovare adesso?" is a yes
        renewing = state.cart_id is None and state.asked in (Asked.RENEW, Asked.RENEW_ANYWAY)
        return [_yes(state) if renewing else Confirm()]
    if intent == "cancel" and "?" in utterance.text and _DONE_TO_IT.search(utterance.text):
        return [Ask(Topic.STATUS)]  # "come cancellato? ma se l'ho usato fino ad agosto?": about the service
    if intent == "cancel":
        if not any(_CANCEL_CUE.search(fold(text)) for text in (utterance.text.lower(),
                                                                 " ".join(w.norm for w in utterance.words))):
            return [NotUnderstood()]  # no word of cancelling: not understood, rather than a renewal thrown away
        if state.cart_id is not None and (_FOR_NOW.search(utterance.text) or _LATER.search(utterance.text)) and (
                not _CANCEL_WORD.search(utterance.text) or _RENEW_LATER.search(fold(utterance.text.lower()))):
            return [SmallTalk("goodbye")]  # "ok lascio stare x ora", "allora niente, ci penso su": the cart stays for
            # when they come back
        return [Cancel()]
    if intent in ("add_module", "remove_module"):
        return [UnknownModule() if _mentioned(utterance, MODULE_WORDS) else AskValue(Step.MODULES)]
    if intent == "remove_code":  # "sto codice convenzione cos'è?": asked about, never dropped by a question
        return [Ask(Topic.CODE_INFO) if _asks(utterance) else NoCode()]
    if intent in ("greet", "thank", "goodbye"):
        if state.asked is Asked.ANYTHING_ELSE and intent == "thank":
            return [SmallTalk("goodbye")]
        return [SmallTalk(intent)]
    if intent == "out_of_scope":
        return [NotUnderstood(out_of_scope=_looks_like_words(utterance))]
    if _later(utterance) and not _asks(utterance):
        return [SmallTalk("goodbye")]  # "per ora non rinnovo, poi vi ricontatto": nothing to do now
    if "grazie" in utterance.lemmas:  # "va bene, grazie lo stesso"
        return [SmallTalk("thank")]
    return [NotUnderstood()]


def _yes(state: DialogueState) -> Command:
    """What "sì" means after what was asked (a step's declaration says it for the steps)."""
    if state.asked in PERSON_QUESTIONS:
        return HandOff(queue_anyway=state.asked is Asked.HANDOFF_QUEUE)
    if state.asked is Asked.RENEW_ANYWAY:
        return StartRenewal(anyway=True)
    if state.asked is Asked.PROPOSAL and state.pending:
        return state.pending[0]  # "e se raddoppio gli utenti?" ... "sì, fallo"
    if state.asked is Asked.CANCEL_CART:
        return Cancel(confirmed=True)
    if state.asked is Asked.RENEW or (state.asked is None and state.cart_id is None and not state.order_number):
        return StartRenewal()
    if state.asked is Asked.ANYTHING_ELSE:
        return SmallTalk("go_on")
    step = state.asked_step
    return declared(step).yes(step) if step is not None else SmallTalk("ok")


def _no(state: DialogueState) -> Command:
    """What "no" means after what was asked."""
    if state.asked is Asked.RENEW_ANYWAY or state.asked in PERSON_QUESTIONS:
        return Decline()
    if state.asked is Asked.CANCEL_CART:
        return SmallTalk("ok")  # the cart stays: its recap and the confirmation again
    if state.proposed_step is not None:  # the change proposed not made: the cart as it is
        return Keep((state.proposed_step,))
    if state.asked is Asked.ANYTHING_ELSE:
        return SmallTalk("goodbye")
    step = state.asked_step
    return declared(step).no(step) if step is not None else SmallTalk("ok")


def _looks_like_words(utterance: Utterance) -> bool:
    """Out of scope in real words ("che tempo fa?") rather than keys hit at random ("asdfgh")."""
    if not utterance.words:
        return False
    real = sum(1 for w in utterance.words if known(w.norm))
    return real * 2 > len(utterance.words)
