"""A customer's message, as Rasa's NLU read it, turned into the commands it carries.

Pure: no Rasa, no database. The input is the parse (intent, entities, and the
words with their corrected spelling and lemma), and the context is what the bot
last asked and listed. Each reader below finds one kind of command with its
position in the text; the commands come out in the customer's order. The intent
then says what the readers cannot: yes and no (resolved by the step asked),
questions, cancellation, a person, small talk.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from decimal import Decimal
from typing import Any, Literal, Optional

from italian.words import fold, known
from renewal.dialogue.commands import (
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    AskValue,
    Cancel,
    ChoosePayment,
    Clarify,
    Command,
    Confirm,
    Decline,
    DropModule,
    GiveCode,
    HandOff,
    Keep,
    NoCode,
    NotUnderstood,
    OnlyModules,
    Option,
    PickModule,
    PricedOption,
    Restore,
    SetQuantity,
    SmallTalk,
    StartRenewal,
    Step,
    SuggestedModule,
    Topic,
    UnknownModule,
    WithdrawHandOff,
    durations,
)
from renewal.dialogue.state import Asked, DialogueState
from renewal.dialogue.steps import CART_ITEMS, QUANTITY_STEPS
from understanding.answers import (
    _LATER_ON,
    IT_RENEWS,
    _asks,
    _from_intent,
    _later,
    _no,
    _only_this_service,
    _short_answers,
    _supposing,
    _wants_person,
    _wants_renewal,
    _why_not,
    _withdraws,
    _yes,
)
from understanding.lexicon import (
    _ABOUT_EXPIRY,
    _BEFORE_CHANGES,
    _CANCEL,
    _CANCEL_ORDER,
    _CHANGED_MIND,
    _FILLER,
    _HOW_TO_REMOVE,
    _ITEMS,
    _LATER,
    _LET_IT_RENEW,
    _NOT_WAITING,
    _RENEW_IT,
    _RENEW_NOW,
    _SHOW_ME,
    _TAKEN_BACK,
    _WHAT_IT_DOES,
    _WHAT_TO_DO,
    _WITHOUT_CODE,
    _YES_GO_AHEAD,
    ADD_VERBS,
    CHANGE_VERBS,
    CORRECTION_WORDS,
    DROP_VERBS,
    HESITATIONS,
    NO,
    OPERATION_WORDS,
    PRICE_NOUNS,
    QUESTIONS,
    RENEW_WORDS,
    STEP_WORDS,
    UNSURE_BUT_HARMLESS,
    WHY_TOPIC,
    YES,
)
from understanding.readers.code_payment import read_code, read_payment
from understanding.readers.keeping import read_keep, read_none
from understanding.readers.modules import read_modules
from understanding.readers.quantities import (
    read_again,
    read_change,
    read_extreme,
    read_factor,
    read_option,
    read_quantities,
    read_restore,
)
from understanding.readers.terms import read_terms_and_confirmation, retracted_at
from understanding.readers.topics import _clauses, asked_topic, asked_topics
from understanding.utterance import (
    FALLBACK,
    MAX_CHARACTERS,
    Found,
    Utterance,
    _in_question,
    _may_i,
    _mentioned,
    _negated,
    _same_clause,
    _sentence_asks,
    _text_key,
    dictated,
)


def _back_to_the_last(utterance: Utterance, state: DialogueState, commands: list[Command],
                      bare: list[Mapping[str, Any]]) -> Optional[SetQuantity]:
    """"no 1" to the storage question just after "rinnovo 2 anni": a bare number with a word that takes back, for
    the step asked, when the customer's last words were about another quantity: that quantity's change, to be
    proposed (priced, "sì" makes it) rather than either reading guessed."""
    asked, last = state.asked_step, state.last_quantity
    if state.cart_id is None or asked is None or last is None or last is asked or len(bare) != 1 \
            or len(commands) != 1 or not isinstance(commands[0], SetQuantity) or commands[0].step is not asked \
            or commands[0].value is None or not {w.norm for w in utterance.words} & HESITATIONS \
            or any(_mentioned(utterance, words) for _, words in STEP_WORDS):
        return None
    return SetQuantity(last, value=commands[0].value)


def _module_described(utterance: Utterance, state: DialogueState, commands: list[Command], folded: str) -> Optional[str]:
    """The module a "what does it do?" question is about: the one the message names, or with none named the one
    spoken of last; None when the message also asks for a change (a verb of adding or dropping, another item)."""
    named = {str(e.get("value")) for e in utterance.entities if e.get("entity") == "module"}
    module = next(iter(named)) if len(named) == 1 else None if named else state.last_module
    if module is None or not _asks(utterance) or asked_topic(utterance) is not None \
            or not (_WHAT_IT_DOES.search(folded) or (named and _only_the_module(utterance))):
        return None
    others = [words for step, words in _ITEMS if step is not Step.MODULES]
    asking_change = any(w.lemma in ADD_VERBS | DROP_VERBS and not {v.norm for v in utterance.words[max(0, i - 2):i]}
                        & HAD_FORMS for i, w in enumerate(utterance.words))  # not "perché l'avevo preso"
    if any(_mentioned(utterance, words) for words in others) or asking_change \
            or any(not isinstance(c, (AddModule, PickModule, StartRenewal)) for c in commands):
        return None
    return module


_DECIDING = re.compile(r"(?:^|[.!?]\s*)(?:ok(?:ay)?|allora|va\s+bene|d'accordo|perfetto|bene|vada\s+per)\b[^,.;:!?]*$",
                       re.IGNORECASE)


def _decided(utterance: Utterance, position: int) -> bool:
    """"allora 2 anni, quanto costa?": the value at ``position`` is in a clause of its own that opens with a word of
    deciding, before the question: chosen, then priced."""
    end = re.search(r"[,;:]", utterance.text[position:])
    return end is not None and bool(_DECIDING.search(utterance.text[:position])) \
        and "?" in utterance.text[position + end.start():]


def _only_the_module(utterance: Utterance) -> bool:
    """"e 'a conservazione invece?": a question that names a module and nothing else (about it, as the one before)."""
    spans = [(int(e.get("start") or 0), int(e.get("end") or 0)) for e in utterance.entities if e.get("entity") == "module"]
    rest = [w.norm for w in utterance.words if not any(start <= w.start < end for start, end in spans)]
    return all(fold(word).strip("'") in _FOLLOW_UP_WORDS for word in rest)


HAD_FORMS = {"avevo", "avevamo", "aveva", "avevate", "l'avevo", "l'avevamo", "ho", "abbiamo", "l'ho", "l'abbiamo"}
"""Before a participle: what the customer did once ("perché l'avevo preso"), no change asked for now."""

_FOLLOW_UP_WORDS = {"e", "ed", "ma", "invece", "allora", "poi", "la", "il", "lo", "l", "a", "o", "i", "gli", "le",
                    "quella", "quello", "del", "della", "modulo", "per", "su", ""}


_MONEY = re.compile(r"(?<![\d.,])(\d{1,3}(?:\.\d{3})*|\d+),(\d{2})(?![\d,])")
"""A price as the bot writes it ("143,96", "1.317,60"): two decimals after a comma."""


_ALTERNATIVE_BREAK = re.compile(r"\?|\b(?:o|oppure|or)\s+(?=(?:con|senza|aggiungendo|togliendo|with|without)\b|\d)"
                                r"|\be\s+(?:quell[oa]|quanto)\s+(?=con\b|senza\b)", re.IGNORECASE)
"""Where one alternative asked about ends and the next begins: a question mark, «o con ...», «e quello con ...»."""
_SUPPOSING_WORDS = frozenset({"con", "senza", "aggiungendo", "togliendo", "mettendo", "prendendo", "includendo",
                              "with", "without", "adding"})
_WITHOUT_WORDS = frozenset({"senza", "togliendo", "without"})
_OPTION_CHANGES = (SetQuantity, AddModule, DropModule, PickModule, SuggestedModule)


def _alternatives(utterance: Utterance, state: DialogueState, found: list[Found], commands: list[Command]
                  ) -> tuple[Option, ...]:
    """"il totale aggiungendo api? e con archivio?", "con 1 giga o con 2?", "il totale con solleciti e quello con
    solleciti più api": alternatives to price side by side, each the changes its part of the message supposes
    («con», «senza», a gerund before them: its modules read in that part alone, a module named again counts
    again); none unless there are two, and none of durations alone (those are priced as durations)."""
    breaks = [0, *(m.start() for m in _ALTERNATIVE_BREAK.finditer(utterance.text)), len(utterance.text)]
    options: list[Option] = []
    for begin, end in itertools.pairwise(breaks):
        changes = sorted([(start, c) for start, c in found if begin <= start < end and isinstance(c, SetQuantity)
                          and c in commands]
                         + [(start, c) for start, c in read_modules(utterance.within(begin, end), state)
                            if isinstance(c, _OPTION_CHANGES)], key=lambda f: f[0])
        if changes and any(w.norm in _SUPPOSING_WORDS for w in utterance.words if begin <= w.start < changes[0][0]):
            options.append(tuple(_supposed(utterance, begin, start, c) for start, c in changes))
    if len(options) < 2 or len(durations(tuple(options))) == len(options):
        return ()
    return tuple(options)


def _supposed(utterance: Utterance, begin: int, start: int, change: Command) -> Command:
    """A module in an alternative is with it or without it as the supposing word before it says («con
    solleciti», «senza api»), whatever the message's verbs or kind."""
    if not isinstance(change, (AddModule, DropModule, PickModule)):
        return change
    supposing = [w.norm for w in utterance.words if begin <= w.start < start and w.norm in _SUPPOSING_WORDS]
    without = bool(supposing) and supposing[-1] in _WITHOUT_WORDS
    return DropModule(change.module) if without else AddModule(change.module)


def _verbless_in_question(utterance: Utterance, start: int) -> bool:
    """A thing named at ``start`` in a sentence that asks (or, dictated, does not end), with no verb of adding or
    dropping in it: "e senza le api quanto verrebbe", "how much would it be con anche le API?" suppose it."""
    begin = max((m.end() for m in re.finditer(r"[.!?]", utterance.text[:start])), default=0)
    end = re.search(r"[.!?]", utterance.text[start:])
    if end is not None and end.group() != "?":
        return False
    stop = start + end.end() if end is not None else len(utterance.text)
    return not any(w.lemma in ADD_VERBS | DROP_VERBS for w in utterance.words if begin <= w.start < stop)


def _compared(utterance: Utterance, folded: str) -> Optional[Literal["code", "changes"]]:
    """A price asked for the renewal as it would be "without" something: everything as bought ("prima di aggiungere
    tutta 'sta roba"), or no code ("senza codice"; a bare "senza" when the message speaks of the code)."""
    if _BEFORE_CHANGES.search(folded):
        return "changes"
    of_the_code = bool({"codice", "sconto", "convenzione"} & {w.norm for w in utterance.words})
    if of_the_code and re.search(r"\bquanto\s+(?:\w+\s+)?risparmi\w*", folded):
        return "code"  # "chiede quanto risparmia col codice": the totals with and without it
    without = _WITHOUT_CODE.search(folded)
    if without is not None and (without.group().strip(" ?.!") != "senza" or of_the_code):
        return "code"
    return None


def _factor_of_extreme(found: list[Found]) -> list[Found]:
    """"metà degli anni massimi": the factor and the extreme of one quantity, one command."""
    extremes = {c.step for _, c in found if isinstance(c, SetQuantity) and c.extreme is not None}
    factors = {c.step: c.factor for _, c in found if isinstance(c, SetQuantity) and c.factor is not None
               and c.extreme is None and c.step in extremes}
    merged: list[Found] = []
    for start, command in found:
        if isinstance(command, SetQuantity) and command.step in factors:
            if command.extreme is not None:
                merged.append((start, replace(command, factor=factors[command.step])))
            continue
        merged.append((start, command))
    return merged


def _latest_correction(utterance: Utterance, found: list[Found]) -> list[Found]:
    """Two values for one quantity with "anzi" between them: the later one ("la metà... anzi no, toglili tutti")."""
    kept: list[Found] = []
    for start, command in sorted(found, key=lambda f: f[0]):
        if isinstance(command, SetQuantity):
            earlier = [(s, c) for s, c in kept if isinstance(c, SetQuantity) and c.step is command.step
                       and any(w.norm == "anzi" and s <= w.start < start for w in utterance.words)]
            kept = [f for f in kept if f not in earlier]
        kept.append((start, command))
    return kept


def _one_value_each(utterance: Utterance, found: list[Found]) -> list[Found]:
    """Two values for one quantity ("mettimi 3 anni... 1 anno"): neither is guessed, that quantity is asked again;
    "da 3 a 2 utenti" and "3 anni... no, facciamo 2" are the second; "quanto per 2 anni e per 5?" asks both."""
    if _asks(utterance):
        return found
    values: dict[Step, list[Found]] = {}
    for start, command in found:
        if isinstance(command, SetQuantity) and command.value is not None:
            values.setdefault(command.step, []).append((start, command))
    kept = list(found)
    for step, said in values.items():
        if len({c.value for _, c in said if isinstance(c, SetQuantity)}) < 2:
            continue
        first, last = said[0][0], said[-1][0]
        between = {w.norm for w in utterance.words if first < w.start < last}
        before = utterance.words[utterance.word_index(first) - 1].norm if utterance.word_index(first) > 0 else ""
        corrected = all({w.norm for w in utterance.words if one[0] < w.start < other[0]} & CORRECTION_WORDS
                        for one, other in itertools.pairwise(said))  # "3 anni.. no scusa 2... anzi no 3 va"
        if (len(said) == 2 and before == "da" and between & {"a", "ad"}) or corrected:
            continue  # from the one to the other, or corrected: the processor makes the last
        asked_for = [f for f in said if not _reported(utterance, f[0]) and not _in_use(utterance, f[0])]
        if len(asked_for) == 1:  # "sulla guida c'è scritto 10 anni... intanto metti 2 anni": the other is told of;
            # "porti gli utenti a 2, uno non lo usiamo più": the other is why
            kept = [f for f in kept if f not in said or f in asked_for]
            continue
        kept = [f for f in kept if f not in said] + [(first, AskValue(step))]
    return kept


REPORTING = {"scrivere", "scritto", "leggere", "letto", "dire", "detto", "dice", "vedere", "visto"}
"""Verbs that tell what was read or heard elsewhere ("sulla guida c'è scritto 10 anni", "mi avevano detto 5 anni")."""


def _reported(utterance: Utterance, start: int) -> bool:
    """The value at ``start`` is in a clause that tells what was read or heard, not what is asked for."""
    index = utterance.word_index(start)
    return any((w.lemma in REPORTING or w.norm in REPORTING) and _same_clause(utterance, j, index)
               for j, w in enumerate(utterance.words) if j < index)


USING = {"usare", "utilizzare", "servire", "configurare", "adoperare"}
"""Verbs that tell what is used ("uno non lo usiamo più"): beside a value asked for, the reason for it."""


def _in_use(utterance: Utterance, start: int) -> bool:
    """The value at ``start`` is in a clause that tells what is used, with no verb of change."""
    index = utterance.word_index(start)
    clause = [w for j, w in enumerate(utterance.words) if _same_clause(utterance, j, index)]
    lemmas = {w.lemma for w in clause}
    return bool(lemmas & USING) and not lemmas & (CHANGE_VERBS | ADD_VERBS | DROP_VERBS | {"portare"})


def _clause_to(utterance: Utterance, position: int) -> Utterance:
    """The clause of ``utterance`` at ``position``, up to the end of the word there ("dove trovo gli estremi per il
    bonifico"; not "rinnovo pagando con bollettino, ma i dati dove arrivano?")."""
    clause = next(m for m in _clauses(utterance.text) if m.start() <= position < m.end())
    return utterance.within(clause.start(), utterance.words[utterance.word_index(position)].end)


def _unused_operation(utterance: Utterance) -> bool:
    """A word asking for a change ("togli", "aumenta"), not negated, in a clause that does not ask; "ho cambiato
    idea" changes nothing."""
    mind = [range(m.start(), m.end()) for m in _CHANGED_MIND.finditer(utterance.text)]
    return any((word.lemma in OPERATION_WORDS or word.norm in OPERATION_WORDS) and not _negated(utterance, i)
               and not _in_question(utterance, word.start) and not any(word.start in span for span in mind)
               for i, word in enumerate(utterance.words))


_ACKNOWLEDGING = frozenset({"grazie", "grz", "perfetto", "capito", "chiaro", "ottimo", "benissimo", "thanks", "great"})
_ACKNOWLEDGEMENT = _ACKNOWLEDGING | {"ok", "okay", "va", "bene", "bn", "allora", "ah", "ho", "mille", "tante", "d'accordo",
                                    "accordo", "quindi", "thank", "you", "lascio", "così", "cosi", "stare"}


def _only_acknowledged(utterance: Utterance) -> bool:
    """"ok grazie", "ok perfetto 👍": an explanation taken in, nothing asked for (no «sì», no renewing)."""
    norms = {w.norm for w in utterance.words}
    return bool(norms) and norms <= _ACKNOWLEDGEMENT and bool(norms & _ACKNOWLEDGING)


def _will_wait(utterance: Utterance) -> bool:
    """"aspetto", "attendo l'operatore": the customer agrees to wait for a person (not "senza aspettare")."""
    return not _NOT_WAITING.search(fold(utterance.text.lower())) and any(
        lemma in ("aspettare", "attendere") and not _negated(utterance, i)
        and not _in_question(utterance, utterance.words[i].start) for i, lemma in enumerate(utterance.lemmas))


CART_CHANGES = (SetQuantity, AddModule, DropModule, PickModule, SuggestedModule, AllModules, OnlyModules, GiveCode,
                NoCode, ChoosePayment, Restore)
"""What changes the cart: done beside a request for a person ("mettimi 2 anni e poi passami un operatore")."""


def parse(utterance: Utterance, state: DialogueState) -> list[Command]:
    """The commands ``utterance`` carries, in the customer's order."""
    if _withdraws(utterance, state):  # "lascia stare, non voglio più aspettare: mettimi 2 anni"
        return [WithdrawHandOff(utterance.text[:300]),
                *[c for c in _read(utterance, state) if isinstance(c, Ask) or (isinstance(c, CART_CHANGES)
                                                                               and state.cart_id is not None)]]
    if _wants_person(utterance):  # a person wins, whatever else the message says; what it changes or asks is done
        other = utterance.intent if utterance.intent in QUESTIONS else utterance.runner_up \
            if utterance.intent == "ask_human" and utterance.runner_up in QUESTIONS else "inform"
        said = _read(replace(utterance, intent=other), state)
        renewing = state.cart_id is not None or (state.asked is Asked.RENEW_ANYWAY and bool(state.pending)) or any(
            isinstance(c, (StartRenewal, *CART_CHANGES)) for c in said)  # "quest'anno pago con bonifico e poi
        taken_back = [m.end() for m in _TAKEN_BACK.finditer(utterance.text)]  # vorrei parlare con una persona"
        heard = _read(replace(utterance.after(taken_back[-1]), intent=other), state) if taken_back else said
        opening = [c for c in said if isinstance(c, StartRenewal) and state.cart_id is None] or (  # "metti l'archivio...
            [StartRenewal()] if state.asked is Asked.RENEW_ANYWAY and state.pending else [])  # (or asked before)
        beside = [c for c in heard if isinstance(c, Ask)  # anzi sai che c'è, passami un operatore": the renewal
                  or (isinstance(c, CART_CHANGES) and renewing)]  # asked opens, the changes taken back are not made
        return [*opening, *[c for c in beside if c not in opening],
                HandOff(queue_anyway=_will_wait(utterance))]  # "allora aspetto l'operatore": even if nobody is in
    first = re.match(r"[^.!?]+[.!]+\s*", utterance.text)
    if first is not None and first.end() < len(utterance.text.rstrip()):  # "no no, non voglio rinnovare adesso,
        # lascio l'automatico. ma l'utente in più si può togliere o no?": the no, and the question answered
        said_no = _read(utterance.within(0, first.end()), state)
        then = _read(replace(utterance.after(first.end()), intent="inform"), state) if said_no == [Decline()] else []
        if then and all(isinstance(c, Ask) for c in then):
            return [Decline(), *then]
    if state.refused_value is not None and state.last_quantity in QUANTITY_STEPS and not utterance.entities \
            and _LIMIT_SAID.search(fold(utterance.text.lower())) \
            and not {w.lemma for w in utterance.words} & {"aggiungere", "inserire", "includere"}:  # not "e aggiungete
        # quello che mi avete suggerito": the module suggested
        return [SetQuantity(state.last_quantity, extreme="allowed")]  # "ok metta quello che mi ha detto Lei" just
        # after a refusal: the limit the refusal said, not the one add-on suggested
    commands = _read(utterance, state)
    if state.asked is Asked.PROPOSAL and state.pending and isinstance(state.pending[0], DropModule) \
            and Keep((Step.MODULES,)) in commands:  # "no lasciamo l'api" to «vuoi che lo tolga?»: the no said again,
        commands = [c for c in commands if c != AddModule(state.pending[0].module)]  # no module to add
    if state.asked is Asked.CANCEL_CART:  # "sì, annulla"; "no": the recap again; "ho cambiato idea, confermo": the order
        return [Cancel(confirmed=True) if isinstance(c, Cancel) else SmallTalk("ok") if isinstance(c, Decline)
                else c for c in commands]
    unread_words = commands == [NotUnderstood()] and any(known(w.norm) for w in utterance.words)  # not "kjdfhg lkdfj ppp"
    if unread_words and state.refused_code:  # "boh, me l'hanno dato così" just after the code was
        return [Ask(Topic.CODE_INFO, about=state.refused_code)]  # refused: why, again, and what can be done
    if unread_words and state.refused_value is not None and state.last_quantity in WHY_TOPIC:
        return [Ask(QUESTIONS[WHY_TOPIC[state.last_quantity]])]  # "li avete contati male!" just after a refusal
    if _NOT_WAITING.search(fold(utterance.text.lower())) or _NOT_WAITING.search(utterance.corrected()[0]) or (
            # "vorrei rinnovare adesso invece di aspettare", "nn aspetto l automatico" (shorthand written out)
            state.asked is Asked.RENEW_ANYWAY and _RENEW_NOW.search(fold(utterance.text.lower()))):  # l'addebito";
        # "va bene allora rinnova adesso", to the question whether to renew now
        commands = [replace(c, anyway=True) if isinstance(c, StartRenewal) else c for c in commands]
    return commands


THANKS = {"grazie", "thx", "thanks", "ringrazio"}


WAITING = {"allora", "e allora", "quindi", "e quindi", "e ora", "e adesso", "ci sei", "ci sei ancora", "ehi", "ehm",
           "allora che si fa", "e poi"}
"""A message that only waits for the bot to go on: the question again, not "non ho capito"."""


_LIMIT_SAID = re.compile(r"\b(?:quell[oa]|il\s+valore|il\s+numero|la\s+cifra)\s+che\s+(?:mi\s+)?(?:hai|ha|avete|avevi|aveva)\s+"
                         r"(?:detto|dett[oa]|indicat[oa]|scritt[oa]|propost[oa]|suggerit[oa]|consigliat[oa])\b"
                         r"|\bquello\s+che\s+(?:mi\s+)?(?:dici|dice|dite|consigli\w*|propon\w*)\b"
                         r"|\bcome\s+(?:dici|dice|dite)\s+(?:tu|lei|voi)\b|\bquello\s+che\s+(?:si\s+)?(?:puo|posso|possiamo)\b"
                         r"|\b(?:quello|il\s+limite)\s+consentit[oa]\b")
"""Just after a refusal of a quantity: the limit the refusal said ("metta quello che mi ha detto Lei")."""


_DONE_AFTER = re.compile(r"\?\s*(?:(?:ok|allora|si|sì|dai|anzi)[\s,]+)?(?:mettilo|mettila|mettili|fallo|falla|fammelo|fammela)"
                         r"(?:\s+(?:pure|allora|subito))?[\s.!]*$", re.IGNORECASE)
"""A question about a change, then "mettilo", "fallo": the change asked for."""


def _read(utterance: Utterance, state: DialogueState) -> list[Command]:
    utterance = dictated(utterance)
    if len(utterance.text) > MAX_CHARACTERS:
        return [NotUnderstood(too_long=True)]
    intent = utterance.intent
    key = _text_key(utterance)
    if (key in YES or (key.replace("si ", "", 1) in YES and key.startswith("si "))) \
            and not (state.asked is None and set(key.split()) & THANKS):  # "ok thx" with nothing asked: thanks
        intent = "affirm"
    elif key in NO or _FILLER.sub("", key) in NO:  # "allora niente"
        intent = "deny"
    elif intent == "deny" and _YES_GO_AHEAD.match(fold(utterance.text.lower())):
        intent = "affirm"  # "si si procedi ora, nn mi fido dell automatico": the yes, then why
    if key in WAITING:
        return [SmallTalk("waiting")]  # "allora?", "ci sei?": the customer waits for the bot
    if _HOW_TO_REMOVE.search(fold(utterance.text.lower())) and state.last_quantity in WHY_TOPIC:
        intent = WHY_TOPIC[state.last_quantity]  # "e come faccio a cancellarlo?" after the users refused: the panel
    if _why_not(utterance) and state.last_quantity in WHY_TOPIC:
        intent = WHY_TOPIC[state.last_quantity]  # "e perché no?" after a quantity refused: why, whatever the classifier says
    if intent == "ask_human":  # "non serve un operatore, faccio da solo"
        intent = "inform"
    if state.asked is Asked.RENEW_ANYWAY and not _asks(utterance) and _LET_IT_RENEW.search(fold(utterance.text)):
        return [_no(state)]  # "ok allora lascio fare al rinnovo automatico, grazie"
    if state.cart_id is not None and state.asked is not Asked.CONFIRM and _LET_IT_RENEW.search(fold(utterance.text)) \
            and not _CANCEL.search(utterance.text):  # not "annulla il rinnovo, va bene quello automatico"
        return [Ask(Topic.AUTOMATIC_RENEWAL)]  # "allora lascio perdere il rinnovo anticipato, tanto c'è quello
        # automatico. Quando era?" with a renewal open: when it runs, the cart left as it is
    if state.asked is Asked.RENEW_ANYWAY and _only_acknowledged(utterance):
        return [_no(state)]  # "ok grz", "ok perfetto 👍" once the automatic renewal was explained: it renews, nothing
        # opened ("sì grazie", "ok rinnova" say yes)
    if state.asked is Asked.HANDOFF_QUEUE and not _asks(utterance) and _will_wait(utterance):
        return [_yes(state)]  # "va bene aspetto, intanto il carrello lasciatelo così": the request stays in the queue
    if intent == "affirm" and state.asked is Asked.ANYTHING_ELSE and "grazie" in utterance.lemmas:
        return [SmallTalk("goodbye")]  # "ok grazie" to "Posso aiutarti in altro?"
    typed_cancel = _CANCEL.search(utterance.text)
    instead = _read(utterance.after(typed_cancel.end()), state) if typed_cancel else []
    if any(isinstance(c, CART_CHANGES) for c in instead):
        return instead  # "30 euro l'api... no lascia perdere, toglila e metti l'archivio": what it takes back, not
        # the renewal
    if (typed_cancel or _CANCEL.search(utterance.as_read())) and "?" not in utterance.text:
        return [Cancel()]  # "annulla tuttu": as meant
    cancel_order = _CANCEL_ORDER.search(utterance.text)
    if cancel_order and state.cart_id is None and state.order_number \
            and not _negated(utterance, utterance.word_index(cancel_order.start())):
        return [Cancel()]  # "mi sono sbagliato, devo annullare l'ordine", "sì, annullatelo"
    again = read_again(utterance, state)
    if again:
        return [command for _, command in again]  # "un altro ancora": the last change once more
    found = read_quantities(utterance, state) + read_modules(utterance, state) + read_code(utterance, state) \
        + read_payment(utterance, state) + read_terms_and_confirmation(utterance, state)
    option = read_option(utterance, state)  # "la seconda opzione" after prices for two durations
    if option:  # what the option changes, not what its words name
        chosen = {c.step for _, c in option if isinstance(c, SetQuantity)}
        found = [f for f in found if not isinstance(f[1], (AddModule, DropModule, PickModule, SuggestedModule))
                 and not (isinstance(f[1], SetQuantity) and (f[1].step in chosen or f[0] == option[0][0]))] + option
    found += read_factor(utterance, state, {c.step: start for start, c in found if isinstance(c, SetQuantity)})
    found = _factor_of_extreme(found + read_extreme(  # a factor joins an extreme of its quantity
        utterance, state, {c.step: start for start, c in found if isinstance(c, SetQuantity) and c.factor is None}))
    valued = {c.step for _, c in found if isinstance(c, SetQuantity)}
    found += read_restore(utterance, state, valued | {Step.MODULES for _, c in found
                                                      if isinstance(c, (AddModule, DropModule, PickModule, UnknownModule))})
    valued |= {c.step for _, c in found if isinstance(c, SetQuantity)}
    found += read_none(utterance, state, valued | {c.step for _, c in found if isinstance(c, AskValue)})
    changes = read_change(utterance, valued | {c.step for _, c in found if isinstance(c, (AskValue, SetQuantity))}
                          | {Step.MODULES for _, c in found if isinstance(c, (AddModule, DropModule, PickModule, UnknownModule))}
                          | {Step.PAYMENT for _, c in found if isinstance(c, ChoosePayment)})
    found += changes
    valued |= {c.step for _, c in found if isinstance(c, SetQuantity)}
    if any(isinstance(c, (AllModules, OnlyModules, UnknownModule, SuggestedModule)) for _, c in found):
        valued.add(Step.MODULES)
    if not any(isinstance(c, (Restore, Keep)) for _, c in found):  # "com'era" is no "keep what the step asks"
        asked_again = {c.step for _, c in changes if isinstance(c, AskValue)}  # "col rinnovo vorrei scendere"
        module_changed = any(isinstance(c, (AddModule, DropModule, PickModule)) for _, c in found)
        found += [f for f in read_keep(utterance, state, valued | asked_again)
                  if not (module_changed and isinstance(f[1], NoCode))]  # "no anzi lasciala" at the code step
    if option:  # "ok, la seconda opzione": a duration, nothing about the modules
        found = [f for f in found if f[1] != Keep((Step.MODULES,))]
    found = _one_value_each(utterance, _latest_correction(utterance, found))
    kept = {step for _, c in found if isinstance(c, Keep) for step in c.steps}
    commands = [command for _, command in sorted(found, key=lambda f: f[0])
                if not (isinstance(command, AskValue) and command.step in kept)]
    no_renewal = state.cart_id is None
    if no_renewal and state.asked in (Asked.RENEW, Asked.RENEW_ANYWAY) and any(isinstance(c, Confirm) for c in commands):
        closing = any(isinstance(c, AcceptTerms) for c in (*commands, *state.pending))  # "accetto le condizioni e
        # confermo" (now or in the message the question waits on): the order
        commands = [c for command in commands  # told with its total in the question; "sì, confermo che voglio rinnovare"
                    for c in ((_yes(state), command) if closing and isinstance(command, Confirm) else
                              (_yes(state),) if isinstance(command, Confirm) else (command,))]
    if no_renewal and state.cancelled_cart is not None and (_CHANGED_MIND.search(fold(utterance.text.lower()))
                                                            or _CHANGED_MIND.search(utterance.corrected()[0])) \
            and not _asks(utterance):
        return [StartRenewal(again=True), *commands]  # "ho cambiato idea, procediamo": as it was when cancelled
    alike = [option for c in commands if isinstance(c, OnlyModules) for option in state.price_options
             if {m.module for m in option if isinstance(m, AddModule)} == set(c.modules)
             and all(isinstance(m, AddModule) for m in option)]
    if len(alike) == 1:  # "metta solo solleciti" after the totals with solleciti and with solleciti and api: that
        commands = [c for c in commands if not isinstance(c, OnlyModules)] + list(alike[0])  # option, not the
        # modules bought dropped
    money = _MONEY.search(utterance.text) if state.price_options and state.cart_id is not None else None
    if money is not None and not _asks(utterance):
        return [PricedOption(Decimal(money.group(1).replace(".", "") + "." + money.group(2)), state.price_options)]
        # "quello da 143,96": the duration of that price
    bare = [e for e in utterance.entities if e.get("entity") == "number"]
    durations_said = bare or [e for e in utterance.entities if e.get("entity") == "years"]  # "e ppi tri anni?"
    if (state.priced_durations or state.last_quantity is Step.YEARS) and len(durations_said) == 1 \
            and utterance.text.rstrip().endswith("?") and len(utterance.words) <= 5 \
            and commands and all(isinstance(c, SetQuantity) and c.value is not None for c in commands) \
            and not _decided(utterance, int(durations_said[0].get("start") or 0)):  # (not "allora 2 anni, quanto costa?")
        return [Ask(Topic.PRICE, years=(Decimal(str(durations_said[0]["value"])),))]  # a duration spoken of, then
        # "e per 4?", "e per un anno solo?"
    restored = {c.step for c in commands if isinstance(c, Restore)}
    if len(bare) == 1 and restored and state.asked_step not in restored:  # "tengo solo quello che avevo, uno": the
        commands = [c for c in commands if not (isinstance(c, SetQuantity) and c.step is state.asked_step
                                                 and c.value is not None)]  # number is the value restored
    corrected_back = _back_to_the_last(utterance, state, commands, bare)
    if corrected_back is not None:  # "rinnovo 2 anni", asked the storage: "no 1" may be a year; asked, not guessed
        return [Ask(Topic.PRICE, what_if=corrected_back)]
    show_me = _SHOW_ME.search(utterance.text)
    if no_renewal and show_me and len(commands) == 1 and isinstance(commands[0], SetQuantity) \
            and commands[0].step is Step.YEARS and commands[0].value is not None \
            and not _wants_renewal(utterance, strict=False):  # "fammi vedere quanto viene per 3 anni": as bought
        return [Ask(Topic.PRICE, years=(commands[0].value,))]
    if not no_renewal and show_me and len(commands) == 1 and isinstance(commands[0], SetQuantity) and any(
            c is commands[0] and start > show_me.start() for start, c in found):
        shown = commands[0]  # "fammi vedere con 1 solo": priced, not chosen (not "mettimi 2 anni e fammi vedere")
        return [Ask(Topic.PRICE, years=(shown.value,)) if shown.step is Step.YEARS and shown.value is not None
                else Ask(Topic.PRICE, what_if=shown)]
    if no_renewal and state.asked is Asked.RENEW_ANYWAY and commands and all(isinstance(c, Keep) for c in commands) \
            and not _asks(utterance):
        kept = {step for c in commands if isinstance(c, Keep) for step in c.steps}
        other_changes = [c for c in state.pending if isinstance(c, SetQuantity) and c.step not in kept]
        if other_changes and not kept >= set(CART_ITEMS):  # "ok lascia l'utente" after the users were refused beside
            return [StartRenewal(anyway=True), *commands]  # 2 GB of storage: yes, the rest as asked
        return [_no(state)]  # "allora lascio tutto così" to the question to renew now: the automatic renewal does it
    paying = [c for start, c in found if isinstance(c, ChoosePayment) and c in commands
              and (not _in_question(utterance, start) or _may_i(utterance, start))]  # not "non è che mi addebitate
    # anche la carta?" after the order
    if state.asked is Asked.RENEW_ANYWAY and paying and not _asks(utterance):
        return [StartRenewal(anyway=True), *commands]  # "preferisco pagare adesso con bonifico": yes, that way
    folded = fold(utterance.text.lower())
    if no_renewal and not commands and state.order_number is None and _WHAT_TO_DO.search(folded) \
            and _ABOUT_EXPIRY.search(folded):
        return [StartRenewal()]  # "il servizio scade, cosa devo fare?": renewing is what to do, shown with its figures
    described = _module_described(utterance, state, commands, folded)
    if described is not None:  # "boh... ma a che serve esattamente?"; "nel carrello mi propone l'integrazione API...
        return [*([StartRenewal()] if no_renewal and _wants_renewal(utterance, strict=True) else []),  # che roba è?"
                Ask(Topic.MODULES, about=described)]
    question = asked_topic(utterance) or QUESTIONS.get(intent or "")
    if question in (Topic.CART, Topic.PRICE) and no_renewal and state.order_number \
            and not _wants_renewal(utterance, strict=False):
        question = Topic.ORDER  # "cosa ho ordinato alla fine?", "quanto devo pagare esattamente?" after the order:
        # the order, not a cart to open nor the price as bought
    if question in (Topic.PAY_LINK, Topic.PAYMENT_DETAILS):  # "dove trovo gli estremi per il bonifico?", "non trovo
        subject = [c for start, c in found if isinstance(c, ChoosePayment)  # la pagina per pagare il bollettino": the
                   and asked_topic(_clause_to(utterance, start)) is question]  # method asked about, not chosen
        commands = [c for c in commands if c not in subject]
        paying = [c for c in paying if c not in subject]
    about_another_thing = question is not None and question is not Topic.PAYMENT  # "con la carta resta attivo?"
    if no_renewal and state.order_number and paying and not about_another_thing \
            and not _wants_renewal(utterance, strict=True):
        return list[Command](paying[-1:])  # "posso pagarlo con carta invece?" about the order waiting for its payment
    if intent == FALLBACK and not commands and utterance.runner_up in UNSURE_BUT_HARMLESS:
        intent = utterance.runner_up  # answering the likely question costs nothing if it was not that
        question = question or QUESTIONS.get(intent or "")
    if question is Topic.YEARS and state.asked is Asked.RENEW_ANYWAY and {fold(w.norm) for w in utterance.words} & IT_RENEWS:
        question = Topic.AUTOMATIC_RENEWAL  # "e mi rinnova per quanto tempo?": how long the automatic renewal renews
    if not no_renewal and question is None and intent not in ("cancel", "add_module", "remove_module") \
            and not commands and (_unused_operation(utterance) or retracted_at(utterance) is not None):
        return [Clarify()]  # "mettine un po' di più", "confermo... anzi no, aspetta": a change no reader can say
    opening = [StartRenewal()] if no_renewal and _wants_renewal(utterance, strict=False) else []
    if (question is not None or intent in (FALLBACK, "inform")) and not commands and not _asks(utterance) \
            and _only_this_service(utterance):  # "allora solo la fatturazione": no question, whatever the classifier says
        return [StartRenewal()] if no_renewal else [Ask(Topic.CART)]
    supposed_then_done = [c for start, c in found if isinstance(c, SetQuantity) and c in commands
                          and _in_question(utterance, start)] if _DONE_AFTER.search(utterance.text) else []
    if supposed_then_done:  # "e se lo faccio per 10 anni così non ci penso più? mettilo": asked, then asked for
        return [*opening, *supposed_then_done]
    if question is not None:
        return _answer(question, utterance, state, found, commands, opening)
    supposed_changes = [c for start, c in found if c in commands and isinstance(c, CART_CHANGES) and _in_question(
        utterance, start) and _supposing(utterance, start) and not _may_i(utterance, start)]
    commands = [c for c in commands if c not in supposed_changes]  # "se tolgo i solleciti perdo lo storico?": asked, not done
    if intent == "renew" and no_renewal and not commands and not _wants_renewal(utterance, strict=False) \
            and (any(fold(w.norm) in _LATER_ON for w in utterance.words) or _later(utterance)):  # "per il rinnovo ci
        # sentiamo più avanti"
        return [SmallTalk("goodbye")]  # "ok, grazie. Rinnoverò a inizio gennaio": later, nothing opened
    if intent == "renew":  # "prima di rinnovare una domanda: se pago con bonifico...?": not chosen
        if not no_renewal and not commands:  # "sì, lo rinnovo" at a step; "allora rinnoviamo": the cart again
            return [_yes(state) if _RENEW_IT.search(utterance.text) else Ask(Topic.CART)]
        return [StartRenewal(), *commands] if no_renewal else commands
    supposed_asks: list[Command] = []
    if supposed_changes and all(isinstance(c, ChoosePayment) for c in supposed_changes):
        supposed_asks = [Ask(Topic.AUTOMATIC_RENEWAL)]  # "e se volessi pagare con bonifico invece che con la carta?":
        # what paying that way changes ("fammi 1 anno solo. e se pagassi con la carta...?": beside the change)
    if len(supposed_changes) == 1 and isinstance(supposed_changes[0], AddModule):
        supposed_asks = [Ask(Topic.PRICE, module=supposed_changes[0])]  # "e se volessi aggiungere la conservazione?":
        # its price and the total with it, nothing changed nor opened
    if len(supposed_changes) == 1 and isinstance(supposed_changes[0], DropModule) and not no_renewal \
            and _supposition_ends(utterance, next(start for start, c in found if c == supposed_changes[0])):
        supposed_asks = [Ask(Topic.PRICE, what_if=supposed_changes[0])]  # "e se tolgo i solleciti?": the total
        # without, proposed ("ok toglili" then drops it)
    if not commands and supposed_asks:
        return supposed_asks
    if state.asked is Asked.RENEW_ANYWAY and commands and all(
            isinstance(c, ChoosePayment) and _in_question(utterance, start) and not _may_i(utterance, start)
            for start, c in found if c in commands):  # "quindi fate tutto voi con la carta?" asked whether to renew
        return [Ask(Topic.AUTOMATIC_RENEWAL)]  # now: how the automatic renewal pays, nothing chosen
    if commands:
        return opening + commands + supposed_asks
    if no_renewal and intent == "deny" and _wants_renewal(utterance, strict=True):
        return [StartRenewal()]  # "voglio rinnovare subito, non aspetto l'automatico": its «non» is not «no»
    if no_renewal and intent in ("greet", "thank", "affirm", "nlu_fallback", "out_of_scope", "inform", "keep_as_is") \
            and _wants_renewal(utterance, strict=False) \
            and not (intent in (FALLBACK, "out_of_scope") and _asks(utterance)  # "la PEC è compresa nel rinnovo?"
                     and not _wants_renewal(utterance, strict=True)):  # "I need to renew, can you help me?"
        return [StartRenewal()]
    if (intent in (FALLBACK, "inform", "out_of_scope") or (no_renewal and intent == "keep_as_is")) \
            and not _asks(utterance) and not _LATER.search(utterance.text) \
            and set(utterance.lemmas) & {"ringraziare", "grazie"}:  # (not "la ringrazio, completo domani")
        return [SmallTalk("thank")]  # "va bene, la ringrazio lo stesso, glielo dirò"
    return _from_intent(intent, state, utterance)



def _supposition_ends(utterance: Utterance, start: int) -> bool:
    """The sentence of the change supposed at ``start`` ends with it ("e se tolgo i solleciti?"), with no
    consequence asked after it ("se tolgo i solleciti perdo lo storico?")."""
    return len(re.split(r"[.!?]", utterance.text[start:], maxsplit=1)[0].split()) <= 3


def _asked_about_after(utterance: Utterance, start: int) -> bool:
    """A module named with no verb at ``start``, then a question that names no module of its own: the question is
    about it ("mi proponete l'archivio e l'API. Che differenza c'è?"; not "la conservazione la rimetta. E l'API
    quanto incide?")."""
    end = re.search(r"[.!?]", utterance.text[start:])
    if end is None or end.group() == "?":
        return False
    after = start + end.end()
    return "?" in utterance.text[after:] and not any(
        e.get("entity") == "module" and int(e.get("start") or 0) >= after for e in utterance.entities)


def _answer(question: Topic, utterance: Utterance, state: DialogueState, found: list[Found],
            commands: list[Command], opening: Sequence[Command]) -> list[Command]:
    """What a question asks, with what the customer said around it."""
    no_renewal = state.cart_id is None
    folded = fold(utterance.text.lower())
    if commands and not _asks(utterance):  # "moduli ok" is no question, whatever the classifier says
        return [*opening, *commands]
    if question is Topic.CART and no_renewal and {"carrello", "riepilogo", "rimasto", "rimasti", "rimasta"} & {
            w.norm for w in utterance.words}:
        return [StartRenewal(), *commands]  # "rinnovo la fatturazione, mi fa vedere il carrello?", "stamattina
        # avevo iniziato il rinnovo, dove ero rimasto?": opening it shows it
    pricing = question is Topic.PRICE  # "quanto costa x 3 anni?": the price of the quantity named
    options = _alternatives(utterance, state, found, commands) if pricing else ()
    if options and (not no_renewal or _wants_renewal(utterance, strict=False)):  # "il totale aggiungendo api?
        return [*opening, Ask(Topic.PRICE, options=options)]  # e con archivio?": each, nothing changed
    supposed_values = [c for start, c in found if isinstance(c, SetQuantity) and c in commands
                       and c.step in (Step.STORAGE, Step.USERS) and _in_question(utterance, start)
                       and (_supposing(utterance, start) or (pricing and c.delta is not None
                                                              and _verbless_in_question(utterance, start))
                            or (pricing and (c.extreme is not None or c.factor is not None)))]  # "quanto costa
    # il minimo di spazio?"
    if not no_renewal and len(supposed_values) == 1:  # "e se raddoppio gli utenti?", "quanto costa un utente
        # in più all'anno?": priced and proposed
        return [Ask(Topic.PRICE, what_if=supposed_values[0])]
    # A question changes nothing, but what the customer said around it does: "3 anni, quanto viene?";
    # so do a quantity asked for politely ("posso mettere 2 giga in più?") and one a price is asked for.
    supposed_modules = [c for start, c in found if pricing and isinstance(c, (AddModule, DropModule, PickModule))
                        and _verbless_in_question(utterance, start)]  # "e senza le api quanto verrebbe"
    said = [command for start, command in sorted(found, key=lambda f: f[0])
            if command in commands and command not in supposed_modules
            and ((isinstance(command, SetQuantity) and (pricing or _may_i(utterance, start)))
                 or (isinstance(command, (ChoosePayment, AddModule, DropModule)) and _may_i(utterance, start))
                 or isinstance(command, Restore)
                 or not (_in_question(utterance, start) or (isinstance(command, PickModule) and (  # "e 'sta
                     _sentence_asks(utterance, start) or _asked_about_after(utterance, start)))))] \
        or _short_answers(utterance, state)  # conservazione che me proponete, che è?": the module asked about, not
    # chosen; "mi proponete l'archivio e l'API. Che differenza c'è?": named with no verb, then asked about
    # "vorrei rinnovare, quanti anni posso fare?"; "quanto costa rinnovare?": the cart has the price
    asked_to_renew = [StartRenewal()] if no_renewal and _wants_renewal(
        utterance, strict=question is not Topic.PRICE, until_when=question is Topic.STATUS and "quando" in folded) \
        else []  # "fino a quando posso rinnovare?" asks until when; "si può ancora rinnovare?" opens the renewal
    priced = [c for start, c in found if isinstance(c, (AddModule, PickModule, SuggestedModule))
              and c in commands and c not in said and (_in_question(utterance, start) or isinstance(c, PickModule)
                                                       or c in supposed_modules or _supposing(utterance, start))]
    if pricing:
        answer = _price_answer(utterance, state, found, commands, said, priced, supposed_modules, asked_to_renew)
        if answer is not None:
            return answer
    requested = [c for start, c in found if c in said and isinstance(  # not "per un anno solo, ma perché
        c, (SetQuantity, Restore, ChoosePayment, AddModule, DropModule)) and _in_question(utterance, start)]
    # non posso levare spazio?"
    if not pricing and requested:
        return [*asked_to_renew, *said]  # "posso fare 5 anni?", "posso pagare con bonifico?": done, or refused
    about = priced[0].module if len(priced) == 1 and not isinstance(priced[0], SuggestedModule) else None
    if question is Topic.CODE_INFO:  # "il codice ING2025 che usavo l'anno scorso è ancora valido?"
        about = next((c.code for c in commands if isinstance(c, GiveCode) and c not in said and c.code), None)
    also_asked = [Ask(t) for t in asked_topics(utterance) if t is not question
                  and not (question is Topic.ORDER and t in (Topic.CART, Topic.PRICE))]  # "la ricevuta dove arriva? E
    # se pago col bonifico cosa cambia?": each answered
    if question is Topic.AUTOMATIC_RENEWAL and (
            (not no_renewal and {w.norm for w in utterance.words} & PRICE_NOUNS)
            or re.search(r"[.!?]\s*(?:e\s+|ma\s+)?(?:di\s+)?quanto(?:\s+\w+)?\s*\?", utterance.text.lower())):  # "se paghiamo
        # con PayPal cambia qualcosa nel prezzo?", "quando mi addebitate il rinnovo? e quanto?", "lo vedo subito
        # sulla carta? quanto era?": the total too (after the order, the order's)
        also_asked.append(Ask(Topic.ORDER if no_renewal and state.order_number else Topic.PRICE))
    return [*asked_to_renew, *said, Ask(question, about=about), *also_asked]  # "la conservazione cos'è?": then
    # "mettila"


def _price_answer(utterance: Utterance, state: DialogueState, found: list[Found], commands: list[Command],
                  said: list[Command], priced: list[AddModule | PickModule | SuggestedModule],
                  supposed_modules: Sequence[Command], asked_to_renew: Sequence[Command]) -> Optional[list[Command]]:
    """A price question: what it prices (a module, a duration, a code, a total without something),
    nothing changed; None when it prices the cart as it is."""
    no_renewal = state.cart_id is None
    folded = fold(utterance.text.lower())
    years_said = [c for c in said if isinstance(c, SetQuantity) and c.step is Step.YEARS and c.value is not None]
    if len(priced) == 1 and years_said and isinstance(priced[0], AddModule):  # "e se ci metto anche
        return [*asked_to_renew, *[c for c in said if c not in years_said],  # la conservazione quanto diventa per
                Ask(Topic.PRICE, options=tuple((priced[0], c) for c in years_said))]  # un anno": both, priced
    if len(priced) == 1:  # "e l'altro quanto costa?": that module's price, nothing changed
        return [*asked_to_renew, *said, Ask(Topic.PRICE, module=priced[0])]
    if len(priced) > 1 or (not said and state.listed_modules and "costano" in {w.norm for w in utterance.words}
                           and not _mentioned(utterance, RENEW_WORDS)):
        return [*asked_to_renew, *said, Ask(Topic.MODULES)]  # "quanto costa la conservazione? E i solleciti?",
        # "e quanto costano?" after the add-ons were listed: each one's price
    dropped = [c for start, c in found if isinstance(c, DropModule) and c in commands and c not in said
               and (_in_question(utterance, start) or c in supposed_modules)]
    if len(dropped) == 1:  # "quanto costa senza i solleciti?": the total without, proposed
        return [*asked_to_renew, *said, Ask(Topic.PRICE, what_if=dropped[0])]
    without = _compared(utterance, folded) if not no_renewal else None
    if without is not None:  # "quanto pago adesso col codice, e quanto avrei
        return [Ask(Topic.PRICE, without=without)]  # pagato senza?": both totals, nothing changed
    durations = [c.value for c in said if isinstance(c, SetQuantity) and c.step is Step.YEARS and c.value is not None]
    asked_code = next((c for start, c in found if isinstance(c, GiveCode) and c.code and c in commands
                       and c not in said and _in_question(utterance, start)), None)
    if asked_code is not None:  # "e per 2 anni col codice ING2026 quanto verrebbe?": priced with the
        rest = [c for c in said if not (isinstance(c, SetQuantity) and c.step is Step.YEARS)]  # code, nothing
        return [*asked_to_renew, *rest, Ask(Topic.PRICE, options=tuple(  # changed
            (SetQuantity(Step.YEARS, value=d), asked_code) for d in durations) or ((asked_code,),))]
    supposed = any(isinstance(c, SetQuantity) and c.step is Step.YEARS and c in said and _in_question(utterance, s)
                   and not _decided(utterance, s) for s, c in found)  # "e con 3 anni quanto verrebbe?": a price, not a choice
    unvalued = [c for c in said if isinstance(c, SetQuantity) and c.step is Step.YEARS and c.value is None]
    if supposed and len(unvalued) == 1 and not durations:  # "il doppio degli anni quanto
        return [*[c for c in said if c not in unvalued], Ask(Topic.PRICE, what_if=unvalued[0])]  # costerebbe?",
        # "quanto pagherei per il massimo degli anni?": priced, nothing changed nor opened
    wondering = no_renewal and not _wants_renewal(utterance, strict=True)  # "quanto costa rinnovare per 2 anni?",
    # "quanto costerebbe...": the renewal opened as bought, the years priced (not "vorrei rinnovare per 2 anni,
    # quanto costa?")
    if len(durations) >= 2 or (supposed and (not no_renewal or state.asked is Asked.RENEW_ANYWAY
                                             or not asked_to_renew or wondering)):  # "e intanto mi dica quanto
        # costerebbe per 3 anni", no renewal open nor asked for: as bought, for 3 years
        # "quanto per 2 anni e quanto per 5?"; "e quanto viene per tre anni?" asked whether to renew now;
        # "quanto costerebbe rinnovare per 2 anni?": the renewal opened as bought, the 2 years priced
        rest = [c for c in said if not (isinstance(c, SetQuantity) and c.step is Step.YEARS)]
        return [*asked_to_renew, *rest, Ask(Topic.PRICE, years=tuple(durations))]
    return None
