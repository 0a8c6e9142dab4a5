"""What the customer keeps as it is ("lascia com'è", "resta tutto uguale") and what they want none of
("senza spazio", "nessun modulo").
"""
from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Optional

from italian.words import fold
from renewal.dialogue.commands import (
    AllModules,
    Command,
    Keep,
    NoCode,
    SetQuantity,
    Step,
)
from renewal.dialogue.state import DialogueState
from renewal.dialogue.steps import CART_ITEMS, QUANTITY_STEPS
from understanding.lexicon import (
    _DESCRIBED,
    _ITEMS,
    _LATER,
    _THEN_IT,
    _UNCHANGED,
    ADD_VERBS,
    ALL_WORDS,
    CHANGE_VERBS,
    DROP_VERBS,
    ITEM_FILLERS,
    KEEP_PAIRS,
    KEEP_WORDS,
    NONE_WORDS,
    NOT_TIME,
    RENEW_WORDS,
    WANT_VERBS,
    WANT_WORDS,
    item_words,
)
from understanding.readers.modules import _of_the_quantity, described_spans, within
from understanding.utterance import (
    Found,
    Utterance,
    _apart,
    _clause_ends,
    _counted,
    _enclitic,
    _in_question,
    _in_the_panel,
    _listed_together,
    _mentioned,
    _negated,
    _same_clause,
    _same_sentence,
)


def _none_cue(utterance: Utterance, index: int) -> bool:
    """"senza spazio", "nessun modulo", "né utenti", "non voglio spazio", "non mi servono moduli"."""
    words = utterance.words
    for i in range(index - 1, max(-1, index - 4), -1):
        if not _same_clause(utterance, i, index):
            break  # the words after it may still say none ("..., ma gli utenti non mi servono")
        if words[i].lemma == "altro":
            return False  # "non ci interessano altri moduli": none besides those named
        if words[i].lemma in NONE_WORDS or words[i].norm in NONE_WORDS or (words[i].norm == "ne" and i == index - 1):
            return True
        if words[i].lemma in WANT_WORDS | WANT_VERBS and _negated(utterance, i, reach=2):
            return not set(utterance.lemmas[i + 1:index]) & ADD_VERBS  # "non voglio aggiungere moduli" keeps them
    after = index + 1  # the first word after the item and its "aggiuntivi"
    while after < len(words) and words[after].norm in ITEM_FILLERS and _same_clause(utterance, after, index):
        after += 1
    for i in range(index + 1, min(len(words), index + 6)):  # "l'utente non mi serve", "spazio e utenti nn mi servono"
        if not _same_clause(utterance, i, index):
            break
        if words[i].lemma in WANT_WORDS | WANT_VERBS and _negated(utterance, i, reach=2):
            return True
        if i == after and (words[i].lemma in NONE_WORDS - {"senza"} or (words[i].norm == "no" and _clause_ends(utterance, i))):
            return True  # "spazio niente", "moduli nessuno", "utenti aggiuntivi nessuno", "utenti aggiuntivi no"
    return any(words[j].norm == "senza" and _clause_ends(utterance, j) and _same_sentence(utterance, index, j)
               and words[j - 1].lemma in RENEW_WORDS  # "l'utente in più non lo usa nessuno, rinnovate senza"
               for j in range(index + 2, min(len(words), index + 12)))


def _drop_cue(utterance: Utterance, index: int) -> bool:
    return _drop_verb(utterance, index) is not None


def _joined_to_the_verb(utterance: Utterance, verb: int, index: int) -> bool:
    """"togli tutto lo spazio e l'utente": the item at ``index`` joined by «e» to what the verb at ``verb`` is
    about, no other verb between them."""
    between = utterance.words[verb + 1:index]
    return any(w.norm in ("e", "ed", "pure", "anche") for w in between) and not any(
        w.lemma in ADD_VERBS | CHANGE_VERBS | {"lasciare", "tenere", "mantenere", "fare"} for w in between)


def _drop_verb(utterance: Utterance, index: int) -> Optional[int]:
    """"togli tutto lo spazio", "l'utente aggiuntivo toglilo": a drop verb near it, in the same clause;
    "E lo spazio aggiuntivo? Lo tolga pure": one about it ("lo", "toglilo") opening the next clause."""
    for i in range(max(0, index - 8), min(len(utterance.words), index + 10)):  # "l'utente in più non l'ho mai
        verb = utterance.words[i]  # configurato, toglietelo"
        if verb.lemma not in DROP_VERBS:
            continue
        if i < index - 4 and not _joined_to_the_verb(utterance, i, index):
            continue
        if _same_clause(utterance, i, index):
            resumed = i > index and (_enclitic(utterance, verb) or utterance.words[i - 1].norm in ("lo", "la", "li", "le"))
            if i < index + 4 or resumed:  # "l'utente che ho aggiunto lo tolga"
                return i
            continue
        then = _THEN_IT.fullmatch(utterance.text[utterance.words[index].end:verb.start]) if i > index else None
        if then and (then.group("it") or _enclitic(utterance, verb)):
            return i
    return None


def _describes_what_remains(utterance: Utterance, index: int) -> bool:
    """"togli anche quello che resta", "leva gli utenti rimasti", "leva quello che tenevo già": «restare» or
    «tenere» names what a removal is about, it keeps nothing."""
    word = utterance.words[index]
    if word.lemma not in ("restare", "rimanere", "tenere") or not (
            word.norm.startswith("rimast") or (index > 0 and utterance.words[index - 1].norm == "che")):
        return False
    return any(w.lemma in DROP_VERBS and _same_clause(utterance, j, index) for j, w in enumerate(utterance.words[:index]))


def _purpose(utterance: Utterance, index: int) -> bool:
    """Word ``index`` says what a module is for: it follows "quello per", "il modulo per" ("quello per tenere i
    DDT")."""
    return any(utterance.word_index(reference.end()) in (index, index - 1)
               for reference in _DESCRIBED.finditer(utterance.text))


def _rest_of_the_last(utterance: Utterance, state: DialogueState) -> bool:
    """"e togli anche quello che resta", "anzi toglieteli tutti e due" with no item named: all that is left of the
    quantity spoken of last (a pronoun agreeing with it)."""
    if state.last_quantity not in (Step.STORAGE, Step.USERS) or any(_mentioned(utterance, words) for _, words in _ITEMS):
        return False
    return any(_describes_what_remains(utterance, i) or (
        w.lemma in DROP_VERBS and _enclitic(utterance, w) and _of_the_quantity(utterance.text[w.start:w.end], state.last_quantity)
        and {v.norm for v in utterance.words[i + 1:i + 3]} & {"tutti", "tutte", "tutto", "entrambi", "entrambe"})
        for i, w in enumerate(utterance.words))


def _the_only_one(utterance: Utterance, index: int) -> bool:
    return index > 0 and fold(utterance.words[index - 1].norm) in ("unico", "solo")


def _corrected(utterance: Utterance, index: int) -> bool:
    """"la metà... anzi no, gli utenti toglili tutti": a correction just before the item, so what was read of it
    before is replaced (the parser keeps the later reading)."""
    return any(w.norm == "anzi" for w in utterance.words[max(0, index - 4):index])


def _none_of(step: Step) -> Command:
    return AllModules(added=False) if step is Step.MODULES else SetQuantity(step, value=Decimal(0))


def read_none(utterance: Utterance, state: DialogueState, valued: set[Step]) -> list[Found]:
    """None of an item, with no number: storage or users to 0, every module out; "togli l'utente" is one less.
    Items listed with one said to be none are none too ("spazio aggiuntivo, utenti né moduli")."""
    commands: list[Found] = []
    nones: list[tuple[int, int]] = []  # the spans of the items said to be none
    done: set[Step] = set(valued)

    def add(step: Step, index: int, command: Command) -> None:
        word = utterance.words[index]
        commands.append((word.start, command))
        done.add(step)
        if command == _none_of(step):
            nones.append((word.start, word.end))

    for step, words in _ITEMS:
        for i in _mentioned(utterance, words):
            if step in done and not _corrected(utterance, i):
                continue
            word = utterance.words[i]
            if step is Step.MODULES and any(e.get("entity") == "module" and word.end <= int(e.get("start") or 0)
                                            <= word.end + 4 for e in utterance.entities):
                continue  # "il modulo solleciti non rinnovarlo": that module, not every one
            if _none_cue(utterance, i) or any(_listed_together(utterance, end, word.start) for _, end in nones) \
                    or (step is Step.MODULES and _the_only_one(utterance, i) and _drop_cue(utterance, i)):
                add(step, i, _none_of(step))  # "tolga l'unico modulo che compare nel riepilogo": every one, one
            elif step is not Step.MODULES and not _in_the_panel(utterance, i) \
                    and (verb := _drop_verb(utterance, i)) is not None:  # not "cancellare l'utente dal pannello"
                one = step is Step.USERS and word.norm == "utente" and not _mentioned(utterance, ALL_WORDS)
                asked_then = _apart(utterance, word.start, utterance.words[verb].start)  # "e l'utente in più? ...
                add(step, verb if asked_then else i, SetQuantity(step, delta=Decimal(-1)) if one else _none_of(step))
                # tolilo": said where it is asked for, not in the question
    if state.last_quantity is not None and state.last_quantity not in done and _rest_of_the_last(utterance, state):
        add(state.last_quantity, 0, _none_of(state.last_quantity))
    for step, words in reversed(_ITEMS):  # what is listed before a none
        for i in _mentioned(utterance, words):
            if step not in done and any(_listed_together(utterance, utterance.words[i].end, start)
                                        for start, _ in nones):
                add(step, i, _none_of(step))
    return commands


OF_THE = {"dello", "della", "degli", "delle", "dallo", "dalla", "nello", "nella"}


def read_keep(utterance: Utterance, state: DialogueState, valued: set[Step]) -> list[Found]:
    """"lascia com'è", "resta tutto uguale", "spazio e utenti restano uguali", "non cambiare niente"."""
    lemmas = utterance.lemmas
    cues = [i for i, lemma in enumerate(lemmas) if lemma in KEEP_WORDS
            and not (lemma == "lasciare" and set(lemmas[i + 1:i + 2]) & {"perdere", "stare"})
            and not (lemma == "confermare" and utterance.intent != "keep_as_is")
            and not (lemma == "stesso" and i > 0 and utterance.words[i - 1].norm in OF_THE)  # "dello stesso ordine"
            and not _describes_what_remains(utterance, i)
            and not _purpose(utterance, i)]  # "aggiungi quello per tenere anche i DDT"
    cues += [i for i, lemma in enumerate(lemmas) if lemma in ADD_VERBS | {"cambiare"} and _negated(utterance, i)]
    cues += [i for i, pair in enumerate(itertools.pairwise(lemmas)) if pair in KEEP_PAIRS]
    cues += [i for i, word in enumerate(utterance.words) if word.norm in ("così", "cosi") and i > 0
             and utterance.words[i - 1].lemma in ("bene", "andare", "ok", "lasciare", "restare", "tutto", "tenere")]
    items = [i for words in (words for _, words in _ITEMS) for i in _mentioned(utterance, words)]
    fine = [i for i, word in enumerate(utterance.words) if word.norm in ("ok", "bene", "giusto", "perfetto")]
    if len(lemmas) <= 4 and not set(lemmas) & (RENEW_WORDS | ADD_VERBS | DROP_VERBS) and not valued \
            and not _LATER.search(utterance.text):  # "utenti ok", "moduli vanno bene"; not "ok ci penso, ciao" nor
        # "bene, allora mettila"
        cues += fine
    cues += [i for i in fine if any(abs(i - j) <= 2 and _same_clause(utterance, i, j) for j in items)]  # "ok lo spazio"
    if not utterance.entities:  # "i moduli li rinnovo entrambi", "lo spazio lo rinnovo"
        cues += [i for i, lemma in enumerate(lemmas) if lemma in RENEW_WORDS and not _negated(utterance, i)
                 and any(_same_clause(utterance, i, item) and not _in_question(utterance, utterance.words[item].start)
                         and not set(lemmas[min(i, item) + 1:max(i, item)]) & (ADD_VERBS | DROP_VERBS)
                         for item in items)]  # not "prima di rinnovare volevo sapere se ci sono altri moduli", nor
        # "rinnoviamo adesso e mettete l'utente in più" (its own verb)
    unchanged = _UNCHANGED.search(utterance.text)
    if unchanged:
        cues.append(utterance.word_index(unchanged.start()))
    if not cues and (utterance.intent != "keep_as_is"
                     or any(_describes_what_remains(utterance, i) for i in range(len(lemmas)))):
        return []
    steps: list[Step] = list(CART_ITEMS) if unchanged else []
    if "resto" in lemmas:  # "il resto va bene così": what was not answered yet
        steps += [step for step in CART_ITEMS if step not in state.answered]
    if any(not _counted(utterance, i) and (utterance.words[i].norm == "tutto" or not items)
           and not (i > 0 and utterance.words[i - 1].norm == "in")  # "mettiamone 3 in tutto": a total
           for i in _mentioned(utterance, ALL_WORDS)):  # "tutto"; but "i moduli, entrambi" is about the modules
        steps += CART_ITEMS
    described = described_spans(utterance)
    for step, words in item_words(Step.STORAGE, Step.USERS, Step.MODULES, Step.YEARS):
        mentions = [i for i in _mentioned(utterance, words) if not set(lemmas[i + 1:i + 2]) & NOT_TIME
                    and not within(described, utterance.words[i].start)]  # "quello per le fatture 10 anni"
        if mentions and step not in steps:
            steps.append(step)
    named = [utterance.word_index(int(e.get("start") or 0)) for e in utterance.entities if e.get("entity") == "module"]
    if not steps and any(m < c and _same_clause(utterance, m, c) for m in named for c in cues):
        return []  # "la conservassion tegnila": the module kept, read with the modules, not the step asked
    if not steps and state.asked_step in (*QUANTITY_STEPS, Step.MODULES):
        steps.append(state.asked_step)
    if not steps and state.proposed_step is not None and any(
            w.norm in ("così", "cosi") or w.lemma in ("lasciare", "restare", "rimanere") for w in utterance.words) \
            and not {"sì", "si"} & {w.norm for w in utterance.words}:  # "va bene così per adesso" to "vuoi che lo
        steps.append(state.proposed_step)  # cambi?": the cart as it is (but "sì va bene" makes the change)
    start = utterance.words[cues[0]].start if cues else 0
    if not steps and state.asked_step is Step.CODE and not _LATER.search(utterance.text):
        return [(start, NoCode())]  # not "per ora lascio il carrello così e ci ripenso"
    kept = tuple(s for s in steps if s not in valued)
    return [(start, Keep(kept))] if kept else []
