"""Quantities: a number for a step ("5 GB", "tre anni"), a change by some ("uno in meno"), a factor ("il
doppio"), back as it was ("com'era"), a step the customer wants to change without a value yet.
"""
from __future__ import annotations

import re
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any, Optional

from italian.words import fold, written_out
from renewal.dialogue.commands import (
    Ask,
    AskValue,
    Keep,
    Restore,
    SetQuantity,
    Step,
    Topic,
    duration_options,
    durations,
)
from renewal.dialogue.state import Asked, DialogueState
from renewal.dialogue.steps import QUANTITY_STEPS
from understanding.lexicon import (
    _AS_BEFORE,
    _AS_OPENED,
    _ENCLITIC,
    _EXTREME,
    _INSTEAD_OF,
    _LET_IT_BE,
    _LONGEST,
    _ORIGINAL,
    _SAID_BEFORE,
    _SAID_BY_ME,
    _SHOW_ME,
    _UNDO_LAST,
    ADD_VERBS,
    ALL_WORDS,
    ARTICLES,
    BACK_WORDS,
    CHANGE_VERBS,
    CORRECTION_WORDS,
    DIRECTION_VERBS,
    DROP_VERBS,
    ENTITY_STEPS,
    EXTREME_YEAR_WORDS,
    FACTOR_STEMS,
    FACTORS,
    IN_USE_WORDS,
    ITEM_FILLERS,
    MODULE_WORDS,
    NUMBERED_NOUNS,
    OBJECT_PRONOUNS,
    ONLY_WORDS,
    OTHER_UNITS,
    PEOPLE_NOUNS,
    RENEW_WORDS,
    STEP_WORDS,
    TIMES_WORDS,
    item_words,
    ordinal,
)
from understanding.readers.code_payment import _spaced_code
from understanding.readers.keeping import _none_cue
from understanding.readers.modules import described_spans, within
from understanding.readers.topics import asked_topic
from understanding.utterance import (
    Found,
    Utterance,
    _apart,
    _counted,
    _enclitic,
    _for_me,
    _in_question,
    _in_the_panel,
    _joined_ne,
    _mentioned,
    _negated,
    _number,
    _same_clause,
    _same_sentence,
)


def _nearest_step(utterance: Utterance, index: int) -> Optional[Step]:
    """The quantity step whose words are nearest to word ``index`` ("ne voglio togliere 1" after "utenti")."""
    best: Optional[tuple[int, Step]] = None
    for step, words in STEP_WORDS:
        for i in _mentioned(utterance, words):
            if not _same_sentence(utterance, i, index):
                continue  # "togline solo uno. E lo spazio triplicalo": the storage is the next sentence's
            if i > index and _counted_here(utterance, index, i):
                continue  # "metta 500 e mi dica il prezzo per un anno": the year has its own number (but "2 o 3 anni")
            if best is None or abs(i - index) < best[0]:
                best = (abs(i - index), step)
    return best[1] if best else None


def _counted_here(utterance: Utterance, number: int, unit: int) -> bool:
    """Whether the unit at word ``unit``, after the bare ``number``, has a number of its own ("metta 500 e mi dica il
    prezzo per un anno"), not shared with it ("2 o 3 anni", "3, anzi 4 utenti")."""
    word = utterance.words[unit]
    own = next((int(e.get("start") or 0) for e in utterance.entities if e.get("entity") in ENTITY_STEPS
                and int(e.get("start") or 0) <= word.start < int(e.get("end") or 0)), None)
    return own is not None and any(w.norm not in _SHARING and not w.norm.isdigit()
                                   for w in utterance.words[number + 1:unit] if w.end <= own)


_SHARING = {"o", "e", "ed", "oppure", "a", "tra", "fra", "anzi", "no", "meglio", "forse", "-", "con", "per", "x", "di",
            "dei", "degli", "delle"}
"""Between numbers that share the unit after them ("2 o 3 anni", "con 1, con 2 e con 3 anni", "uno dei due
utenti")."""


def _of_the_sentence_before(utterance: Utterance, index: int) -> Optional[Step]:
    """"E con 3?", "e per 4?" after a sentence that named a quantity: that quantity."""
    if index == 0 or utterance.words[index - 1].norm not in ("con", "per", "x") \
            or sum(_same_sentence(utterance, j, index) for j in range(index)) > 2:
        return None
    before = [(j, step) for step, items in STEP_WORDS for j in _mentioned(utterance, items)
              if j < index and not _same_sentence(utterance, j, index)]
    return max(before)[1] if before else None


_MEANT = re.compile(r"\b(?:intendev\w*|volevo\s+dire|ho\s+sbagliato)\b", re.IGNORECASE)
"""Said of the change just made: what was meant instead of it ("no scusa, intendevo uno in meno")."""


_MODULES_COUNTED = {"modulo", "servizio", "moduli", "servizi", "suggerito", "consigliato", "proposto"}
"""After "uno dei", "tutti e due i": what is counted is modules, not storage nor users."""


def _counts_modules(utterance: Utterance, index: int) -> bool:
    """The number at word ``index`` counts modules ("uno dei moduli che mi suggerite", "tutti e due i servizi
    suggeriti"), or the things just listed ("aggiungi tutti e due", "zonta tuti do"): no quantity of its own."""
    words = utterance.words
    after = [w for w in words[index + 1:index + 4] if w.norm not in ARTICLES]
    if after and after[0].norm in ("dei", "degli", "delle", "tra", "fra", "di") and len(after) > 1 \
            and (after[1].lemma in _MODULES_COUNTED or after[1].norm in _MODULES_COUNTED):
        return True
    before = [w.lemma for w in words[max(0, index - 2):index] if w.norm != "e"]
    if not before or before[-1] not in ALL_WORDS or not set(utterance.lemmas) & (ADD_VERBS | DROP_VERBS):
        return False  # "tutti e 3" to the users question keeps them
    unit = any(w.norm in unit_words or w.lemma in unit_words for _, unit_words in item_words(
        Step.STORAGE, Step.USERS, Step.YEARS) for w in after[:2])
    return not unit  # not "tutti e 3 gli utenti"


def read_quantities(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"4 GB", "un utente in più", "3" at a quantity step, "non voglio 5 GB" (another value, not 5)."""
    quantities: list[tuple[int, Step, Optional[str], Decimal, bool]] = []
    code = _spaced_code(utterance, state)
    described = described_spans(utterance)
    for entity in utterance.entities:
        amount = _number(entity.get("value"))
        if entity.get("entity") not in (*ENTITY_STEPS, "number") or amount is None:
            continue
        start = int(entity.get("start") or 0)
        if code and code.start() <= start < code.end():
            continue  # the digits of "ARCH 2026"
        if within(described, start):
            continue  # "quello che conserva le fatture per 10 anni levalo": what the module does
        if _INSTEAD_OF.search(utterance.text[:start]):
            continue  # "tre anni invece di uno": the value replaced, not one wanted
        index = utterance.word_index(start)
        if index > 0 and utterance.words[index - 1].norm == "da" \
                and _TO_AFTER.match(utterance.text[int(entity.get("end") or start):]):
            continue  # "gli utenti da 3 portali a 2": where the change starts from, not the value wanted
        if index >= 2 and utterance.words[index - 1].norm in ("dei", "delle", "degli") \
                and any(utterance.words[index - 2].start <= int(e.get("start", -1)) < utterance.words[index - 2].end
                        for e in utterance.entities):
            continue  # "uno dei due utenti lo tolga": the two are all there are, one is the change
        if _counts_modules(utterance, index):
            continue  # "aggiungete uno dei moduli che mi suggerite", "zonta tuti do": modules, no quantity
        if index + 1 < len(utterance.words) and utterance.words[index + 1].norm in TIMES_WORDS:
            step = _nearest_step(utterance, index) or state.last_quantity or _step_referred(utterance, state)
            if step is not None:  # "tre volte tanto": a factor of the quantity named, or spoken of last
                quantities.append((start, step, "original" if _of_original(utterance, index) else "factor", amount, False))
            continue
        step = ENTITY_STEPS.get(entity["entity"])
        if step is None:  # a bare number: the unit named nearby, the one of the sentence before ("Con 2 anni quanto
            # verrebbe? E con 3?"), or the step asked
            step = _nearest_step(utterance, index) or _of_the_sentence_before(utterance, index) \
                or _corrected_item(utterance, index, quantities) or _spoken_of_before(utterance, index) \
                or _step_referred(utterance, state)
            last = utterance.word_index(max(start, int(entity.get("end") or start) - 1))  # "'n paio de clienti"
            if step is None or _names_another_thing(utterance, index, last) or (_counts_people(utterance, index) and (
                    step is not Step.USERS or entity.get("role") is None)):  # "aggiungi due colleghi" is +2 users
                continue
        if _in_the_panel(utterance, index):
            continue  # "un operatore x cancellare l utente dal pannello": the users configured, not the renewal
        if _tells_use(utterance, index, after=entity["entity"] == "number"):
            continue  # "ne sto usando già un giga", "portali a 2, uno non lo usa più nessuno": what is used, no value
        if entity.get("role") is None and _counts_people(utterance, index) and _multiplied(utterance):
            continue  # "raddoppia gli utenti? Stiamo assumendo due nuove persone": why, not another value
        role = "not" if utterance.words and (_negated(utterance, index) or _no_before(utterance, index)) \
            else entity.get("role") or (_shared_role(utterance, start, quantities) if step is not Step.YEARS else None)
        stated = role != "not" and _stated(utterance, start)
        if stated and role is not None:
            continue  # "ho 3 GB di spazio in più": what the customer has, not a change
        if _TOO_MANY.match(utterance.text[int(entity.get("end") or start):]):
            continue  # "lo spazio mettilo a 2 GB, 5 sono troppi": the value complained of, not one wanted
        if entity["entity"] == "number" and _SUBJECT.match(utterance.text[int(entity.get("end") or start):]):
            continue  # "ah quindi uno è ancora libero": what the number is, not a value wanted
        if (entity["entity"] == "number" or _counts_people(utterance, index)) \
                and _explains(utterance, index, step, quantities):
            continue  # "utenti a 5, ne assumiamo due", "2 accessi in più per 2 colleghi nuovi": why, not another value
        quantities.append((start, step, role, amount, stated))
    asked_for = {step for _, step, _, _, stated in quantities if not stated} | {
        step for _, step, _, _, stated in quantities if stated and _none_of(utterance, step)}  # "senza utenti
    # aggiuntivi, ne abbiamo 2 ma non ci servono": none of what the customer has
    commands: list[Found] = []
    for start, step, role, amount, stated in quantities:
        if stated and step in asked_for:
            continue  # "ho 3 utenti, ne voglio togliere 1": what the customer has is not what they ask for
        if role == "not" and any(other is step and other_role != "not" for _, other, other_role, _, _ in quantities):
            continue  # "intendevo 4 GB, no 6": the value wanted is said beside the one not wanted
        if role == "not":
            commands.append((start, AskValue(step)))
        elif role in ("factor", "original", "increase", "decrease") and step is state.last_quantity \
                and state.refused_value is not None and _of_original(utterance, utterance.word_index(start), _SAID_BY_ME):
            said = state.refused_value  # "uno in più di quello che avevo detto" just after 1 was refused: 2
            value = said * amount if role in ("factor", "original") else said + (amount if role == "increase" else -amount)
            commands.append((start, SetQuantity(step, value=value)))
        elif role in ("factor", "original"):
            commands.append((start, SetQuantity(step, factor=amount, of_original=role == "original")))
        elif role in ("increase", "decrease"):
            opened_with = _of_original(utterance, utterance.word_index(start), _AS_OPENED)  # "uno solo in più di
            # quello che avevo": from the value the renewal opened with
            replaced = not opened_with and (_REPLACING_A_CHANGE.match(utterance.text[start:]) or (  # "due in più
                step is state.last_quantity and {w.lemma for w in utterance.words} & CORRECTION_WORDS  # invece de
                and {w.norm for w in utterance.words} & {"solo", "soltanto"})  # uno"; "no scusi mi correggo, uno
                or (step is state.last_quantity and _MEANT.search(utterance.text)))  # solo in più": in place of the
            # last change; "intendevo uno in meno non uno in più"
            commands.append((start, SetQuantity(step, delta=amount if role == "increase" else -amount,
                                                instead_of_last=bool(replaced), of_original=opened_with)))
        else:
            commands.append((start, SetQuantity(step, value=amount)))
    valued = {c.step for _, c in commands if isinstance(c, SetQuantity)}
    commands += [(m.start(), SetQuantity(step, delta=Decimal(1))) for m in _ONE_MORE_ADDED.finditer(utterance.text)
                 if (step := Step.USERS if m.group("item").lower().startswith("utent") else Step.STORAGE) not in valued]
    return commands + _coordinated(utterance, commands)


_ONE_MORE_ADDED = re.compile(r"\b(?:mett|aggiung|inser|agg)\w*\s+(?:anche\s+|pure\s+)?(?:l'\s*|il\s+|un\s+|n'\s*)"
                             r"(?P<item>utente|giga|gb)\s+in\s+(?:più|piu)\b", re.IGNORECASE)
"""An add verb with "l'utente in più" ("mettete l'utente in più per lui"): one more, not the extra one kept."""


_TOO_MANY = re.compile(r"\s*(?:gb\s+|giga\s+|utenti\s+|anni\s+)?(?:sono|è|e'|son|so'|so|songo|sunnu|sunu|xe)\s+"
                       r"(?:troppi|troppo|troppe|tanti|pochi|eccessivi|assai|assaje|assaie|massa)\b", re.IGNORECASE)
"""After a number: a value the customer finds too much or too little, not one asked for."""


_TO_AFTER = re.compile(r"[^,.;:!?\d]{0,30}?\b(?:a|ad|fino\s+a)\s+(?:\d|un|uno|due|tre|quattro|cinque|sei|sette|otto|nove|dieci)",
                       re.IGNORECASE)
"""After a number said after "da": the value it goes to, in the same clause."""


_SUBJECT = re.compile(r"\s+(?:è|e'|sono|so'|xe)\s+(?:ancora\s+|già\s+|gia\s+)?(?:libero|libera|liberi|libere|vuoto|vuoti|"
                      r"inutilizzat\w*|occupat\w*|usat\w*|attiv\w*|configurat\w*|quell\w*)\b", re.IGNORECASE)
"""After a bare number: what that many things are ("uno è ancora libero"), no value asked for."""


_REPLACING_A_CHANGE = re.compile(r"[\w']+(?:\s+[\w']+){0,3}?\s+(?:in\s+)?(?:più|piu|meno)\s+(?:invece|al\s+posto)\s+"
                                 r"(?:di|de|d'|del)\s*(?:un[oa]?|\d+|due|tre|quattro|cinque)\b", re.IGNORECASE)
"""A step up or down in place of another ("mettene due in più invece de uno"): the last change replaced."""


def _tells_use(utterance: Utterance, index: int, after: bool) -> bool:
    """A verb of using near the number at word ``index``, in its clause: up to three words before it ("ne sto
    usando già un giga", not "che la uso, e fai 3 anni"), and, ``after`` a bare number, up to three after it ("uno
    non lo usa più nessuno")."""
    near = range(max(0, index - 3), min(len(utterance.words), index + 4) if after else index)
    return any((utterance.words[j].lemma in USAGE_VERBS or utterance.words[j].norm in USAGE_WORDS)
               and j != index and _same_clause(utterance, j, index) for j in near)


def _no_before(utterance: Utterance, index: int) -> bool:
    """"4 GB, no 6", "do ani, no tre": after a value, the number is the one not wanted (not "no 1", which answers
    the question asked)."""
    words = utterance.words
    return index > 1 and words[index - 1].norm == "no" and not re.search(
        r"[,.;:!?]", utterance.text[words[index - 1].end:words[index].start]) and "," in utterance.text[
        words[index - 2].end:words[index - 1].start]


DO_IT = {"fallo", "falla", "fammelo", "fammela", "fammeli", "mettilo", "mettila", "mettimelo", "mettimela"}
""""fammelo per tutti": a request about what was just asked ("quanti anni al massimo? Fammelo per tutti")."""
USAGE_VERBS = {"usare", "utilizzare", "occupare", "consumare"}
USAGE_WORDS = {"uso", "usa", "usano", "usiamo", "usate", "usato", "usati", "usando", "occupo", "occupato", "occupati",
               "occupando", "utilizzo", "consumo"}

PARTS = {"terzo": Decimal(1) / 3, "quarto": Decimal("0.25")}
"""A part after "un": "tienimene solo un terzo"."""

LIST_WORDS = {"con", "e", "o", "per", "oppure", "anni", "anno", "gb", "utenti", "utente"}


def _names_another_thing(utterance: Utterance, index: int, last: Optional[int] = None) -> bool:
    """"la fattura 118 di marzo", "ho pagato 40 euro", "tutti e due": the number names, measures or counts something
    else."""
    words = utterance.words
    if index >= 2 and _counted(utterance, index - 2) and words[index - 2].norm in ("tutti", "tutte") and any(
            w.norm in ("quelli", "quelle") or w.norm in MODULE_WORDS or w.lemma in MODULE_WORDS
            for w in words[index + 1:index + 3]):
        return True  # "tutti e due quelli che hai detto", "tutti e due i moduli": both of them
    if index >= 3 and _counted(utterance, index - 2) and words[index - 2].norm in ("tutti", "tutte") \
            and words[index - 3].lemma in ADD_VERBS | DROP_VERBS and _enclitic(utterance, words[index - 3]):
        return True  # "levali tutti e due": both of the things spoken of
    before = words[index - 1].norm if index > 0 else ""
    after = [w.norm for w in words[(last if last is not None else index) + 1:][:2]]  # after all of its words
    if before in ("dei", "delle", "degli") or (index >= 2 and words[index - 2].norm in ("tra", "fra")):
        return True  # "quello che costa meno dei due": one of two things, no quantity
    if re.fullmatch(r"20\d\d", words[index].norm) and before in ("del", "nel", "dal", "al", "il", "entro"):
        return True  # "quello del 2026": a year
    return before in NUMBERED_NOUNS or bool(after and (after[0] in OTHER_UNITS or (
        after[0] in ("di", "del", "de", "dei", "delle") and len(after) > 1 and after[1] in OTHER_UNITS)))


def _counts_people(utterance: Utterance, index: int) -> bool:
    """"stiamo assumendo due nuove persone": a number of people, a reason rather than a value (no storage nor
    years; users only as a change: "aggiungi due colleghi")."""
    return any(w.norm in PEOPLE_NOUNS or w.lemma in PEOPLE_NOUNS for w in utterance.words[index + 1:index + 3])


def _multiplied(utterance: Utterance) -> bool:
    """A factor word in the message ("raddoppia", "il triplo")."""
    return any(FACTORS.get(w.norm) or any(w.norm.startswith(stem) for stem in FACTOR_STEMS) for w in utterance.words)


def _explains(utterance: Utterance, index: int, step: Step, earlier: list[tuple]) -> bool:
    """A bare number after a value already asked for its item, with no correction between them
    ("non voglio 5 giga, bastano i 2 che ho" is no value followed by one)."""
    for start, other_step, role, _, stated in earlier:
        if other_step is step and role in (None, "increase", "decrease") and not stated \
                and start < utterance.words[index].start:
            between = utterance.words[utterance.word_index(start) + 1:index]
            if all(w.norm in LIST_WORDS for w in between) or _of_the_sentence_before(utterance, index) is step:
                return False  # "con 1, con 2 e con 3 anni": a list, each its own value; "...? E con 3?"
            return not any(w.norm in CORRECTION_WORDS or w.lemma in CORRECTION_WORDS for w in between)
    return False


def _spoken_of_before(utterance: Utterance, index: int) -> Optional[Step]:
    """A bare number with «ne» ("2 giga so' assaje, nun ne uso manco uno. mettimmene uno sulo"): the item named last
    in an earlier sentence of the message (not one named after it: "togline solo uno. E lo spazio triplicalo")."""
    if not (_joined_ne(utterance) or any(w.norm == "ne" and _same_sentence(utterance, j, index)
                                         for j, w in enumerate(utterance.words[:index]))):
        return None  # "E gli utenti? Ne ho 2, potrei scendere a uno?"
    before = [(j, step) for step, items in STEP_WORDS for j in _mentioned(utterance, items) if j < index]
    return max(before)[1] if before else None


def _corrected_item(utterance: Utterance, index: int, earlier: list[tuple]) -> Optional[Step]:
    """A bare number after a correction word, the item of the value before it ("3 anni.. no scusa 2... anzi no 3 va")."""
    before = [(start, step) for start, step, *_ in earlier if start < utterance.words[index].start]
    if not before:
        return None
    start, step = before[-1]
    between = utterance.words[utterance.word_index(start) + 1:index]
    return step if any(w.norm in CORRECTION_WORDS for w in between) else None


def _step_referred(utterance: Utterance, state: DialogueState) -> Optional[Step]:
    """The quantity a bare number with no unit nearby is about."""
    if state.last_quantity is not None and ({w.norm for w in utterance.words} & BACK_WORDS or _joined_ne(utterance)
                                            or _SAID_BEFORE.search(utterance.text) or _SHOW_ME.search(utterance.text)
                                            or any(w.lemma in CHANGE_VERBS | DIRECTION_VERBS and _enclitic(utterance, w)
                                                   for w in utterance.words)):  # "aumentalo di uno": the one spoken of
        return state.last_quantity
    if state.asked is Asked.PROPOSAL and state.last_quantity in QUANTITY_STEPS:
        return state.last_quantity  # "1 anno costerebbe..., vuoi che lo cambi?" "mah dai 2": the years proposed
    if state.asked is Asked.RENEW_ANYWAY and state.refused_value is not None and state.last_quantity in QUANTITY_STEPS:
        return state.last_quantity  # "spazio a 0 gb" refused while asked whether to renew now, then "allora 2"
    return state.asked_step if state.asked_step in QUANTITY_STEPS else None


def _coordinated(utterance: Utterance, commands: list[Found]) -> list[Found]:
    """"spazio e utenti a zero": the value of one item, for the item named with it."""
    valued = {c.step for _, c in commands if isinstance(c, SetQuantity)}
    more: list[Found] = []
    for start, command in commands:
        if not isinstance(command, SetQuantity) or command.value is None:
            continue
        index = utterance.word_index(start)
        own = [i for i in _mentioned(utterance, dict(STEP_WORDS)[command.step]) if i < index]
        if not own or own[-1] < 2 or utterance.words[own[-1] - 1].norm not in ("e", "ed"):
            continue
        for step, words in STEP_WORDS:
            if step not in valued and own[-1] - 2 in _mentioned(utterance, words):
                more.append((utterance.words[own[-1] - 2].start, SetQuantity(step, value=command.value)))
    return more


def read_factor(utterance: Utterance, state: DialogueState, valued: dict[Step, int]) -> list[Found]:
    """"il doppio dello spazio", "raddoppiando gli utenti", "metà degli utenti": the quantity named (or the one
    asked), multiplied."""
    commands: list[Found] = []
    for i, word in enumerate(utterance.words):
        typed = fold(utterance.text[word.start:word.end])
        joined = word.norm + utterance.words[i + 1].norm if i + 1 < len(utterance.words) else ""  # "di mezza"
        factor = FACTORS.get(word.norm) or next((f for stem, f in FACTOR_STEMS.items() if word.norm.startswith(stem)),
                                                None) or FACTORS.get(word.lemma)
        read_as = word.norm
        if factor is None and word.norm in PARTS and i > 0 and utterance.words[i - 1].norm == "un":
            factor = PARTS[word.norm]  # "un terzo dello spazio"
        if factor is None and len(word.norm) <= 3:  # a word split in two by the phone's corrector: "di mezza"
            factor = next((f for stem, f in FACTOR_STEMS.items() if joined.startswith(stem)), None)
            read_as = typed = joined
        if factor is None or _negated(utterance, i) or not _typed_as(typed, read_as):
            continue
        if i > 1 and utterance.words[i - 1].norm == "a" and (re.search(r"(?:at|it|ut)[oaie]$", utterance.words[i - 2].norm)
                                                             or utterance.words[i - 2].lemma in ("funzionare", "lavorare")):
            continue  # "è scaduto da un mese e abbiamo lavorato a metà": how something went, no change
        named = [step for *_, step in sorted((abs(j - i), j < i, step) for step, words in STEP_WORDS  # as near after
                                             for j in _mentioned(utterance, words)  # as before: "il doppio dello
                                             if abs(j - i) <= 6 and _same_clause(utterance, i, j))]  # spazio e metà
        # degli utenti" (the item its "di" names)
        typed = utterance.text[word.start:word.end].lower()
        it = _ENCLITIC.search(typed) or (i > 0 and utterance.words[i - 1].norm in OBJECT_PRONOUNS)
        if not named and it:  # "lo spazio, raddoppialo": the pronoun stands for the item set before it
            named = _named_before(utterance, i, 6)
        if not named:  # "e puru l'utenti, u duppiu di chiddi ca haiu": the item the clause before is only about
            named = _fronted_item(utterance, i)
        if not named:  # "gò do utenti ma ghe ne dopero uno solo, metì la metà": the item its sentence spoke of
            named = _named_before(utterance, i, 12)
        step = named[0] if named else (state.last_quantity if it and state.last_quantity else
                                       _step_referred(utterance, state))  # "lo triplichi", "raddoppiali"
        for each in (step, *_also_named(utterance, i, step)) if step is not None else ():
            if each not in valued or _apart(utterance, valued[each], word.start) or _stated(utterance, valued[each]):
                # "gò do utenti ma..., metì la metà": what the customer has, then the factor of it
                commands.append((word.start, SetQuantity(each, factor=factor, of_original=_of_original(utterance, i))))
                valued = {**valued, each: word.start}
    return commands


def _none_of(utterance: Utterance, step: Step) -> bool:
    """The message asks for none of ``step`` ("senza utenti aggiuntivi")."""
    return any(_none_cue(utterance, j) for item, words in STEP_WORDS if item is step for j in _mentioned(utterance, words))


def _stated(utterance: Utterance, start: int) -> bool:
    """The value at ``start`` says what the customer has ("ho 2 utenti"), a verb of having just before it, or
    the item it counts ("gli utenti sono 3")."""
    index = utterance.word_index(start)
    if "avere" in utterance.lemmas[max(0, index - 2):index]:
        return True
    return index > 1 and utterance.words[index - 1].norm in ("sono", "è", "e'") \
        and bool(_named_before(utterance, index - 1, 2))


def _named_before(utterance: Utterance, index: int, reach: int) -> list[Step]:
    """The items named within ``reach`` words before word ``index``, in its sentence, nearest first."""
    at = utterance.words[index].start
    return [step for _, step in sorted((index - j, step) for step, words in STEP_WORDS
                                       for j in _mentioned(utterance, words)
                                       if 0 < index - j <= reach and not _apart(utterance, utterance.words[j].start, at))]


def _fronted_item(utterance: Utterance, index: int) -> list[Step]:
    """The item of the clause just before word ``index`` when that clause says nothing else ("e pure gli utenti,
    il doppio")."""
    before = [j for j in range(index) if not _same_clause(utterance, j, index)]
    clause = [j for j in before if _same_clause(utterance, j, before[-1])] if before else []
    items = [(j, step) for step, words in STEP_WORDS for j in _mentioned(utterance, words) if j in clause]
    others = [j for j in clause if j not in {j for j, _ in items} and utterance.words[j].norm not in JOINING_WORDS]
    return [step for _, step in items][:1] if items and not others else []


COORDINATORS = {"e", "ed", "sia", "che", "anche", "pure", "nonché"}
JOINING_WORDS = COORDINATORS | ITEM_FILLERS | {"il", "lo", "la", "i", "gli", "le", "l'", "di", "del", "dello", "della",
                                             "dei", "degli", "delle", "spazio", "utenti", "utente", "gb", "giga"}
"""What may stand between two items a factor is for: "sia gli utenti aggiuntivi sia lo spazio"."""


def _also_named(utterance: Utterance, index: int, step: Step) -> list[Step]:
    """The other items joined to ``step`` after the factor word at ``index``: "raddoppia sia gli utenti sia lo
    spazio", "il doppio di utenti e spazio"; not those with a number or factor of their own."""
    mentions = sorted((j, other) for other, words in STEP_WORDS for j in _mentioned(utterance, words)
                      if j > index and _same_clause(utterance, index, j))
    first = next((j for j, other in mentions if other is step), None)
    more: list[Step] = []
    for j, other in mentions:
        if first is None or j <= first or other is step or other in more:
            continue
        between = [w.norm for w in utterance.words[first + 1:j]]
        if set(between) & COORDINATORS and set(between) <= JOINING_WORDS:  # not "dimezza lo spazio e togli gli utenti"
            more.append(other)
    return more


def _typed_as(typed: str, read_as: str) -> bool:
    """The word as typed is close to the one read ("dopio" for "doppio"), not a spelling correction that turned
    another word into it ("metteli" read as "mete", lemma "meta")."""
    return written_out(typed) or SequenceMatcher(None, typed, fold(read_as)).ratio() >= 0.7


def _of_original(utterance: Utterance, index: int, pattern: re.Pattern[str] = _ORIGINAL) -> bool:
    clause = re.search(r"[^,.;:!?]*", utterance.text[utterance.words[index].start:])
    return bool(clause and pattern.search(clause.group()))


def read_extreme(utterance: Utterance, state: DialogueState, valued: dict[Step, int]) -> list[Found]:
    """"il minimo di spazio", "il più lungo possibile", "il massimo degli anni": the lowest or highest the rules
    allow, for the item named in its clause ("lungo" is the years), the step asked, or the quantity spoken of last.
    ``valued``: where each quantity already has a value; one said in an earlier sentence does not stop this one
    ("quindi 68,32 € per un anno. Facciamo metà degli anni massimi")."""
    commands: list[Found] = []
    corrected, typed_at = utterance.corrected()
    typed = [(m.start(), m) for m in _EXTREME.finditer(utterance.text)]
    matches = typed or [(typed_at[m.start()], m) for m in _EXTREME.finditer(corrected)]
    extremes = [utterance.word_index(start) for start, _ in matches]
    for start, match in matches:
        index = utterance.word_index(start)
        told = [w.start for w in utterance.words if "?" in utterance.text[start:w.start]  # "quanti anni al massimo?
                and (_enclitic(utterance, w) or w.norm in DO_IT)]  # Fammelo per tutti": the request, where it is told
        if _negated(utterance, index, reach=2) or (_in_question(utterance, start) and "?" in utterance.text
                                                   and not told and not _for_me(utterance, start)
                                                   and not _priced(utterance, start)):
            continue  # "qual è il minimo?" asks; the answer is the step's question; "me lo rinnovi per il massimo?" not;
            # "quanto pagherei per il massimo degli anni?" supposes it
        last = utterance.word_index(match.end() - 1) if typed else index  # "il minimo indispensabile sia di
        near = [(j - last if j > last else abs(j - index), step)  # spazio sia di utenti": from the extreme's end
                for step, words in STEP_WORDS for j in _mentioned(utterance, words) if _same_clause(utterance, index, j)]
        near += [(abs(j - index), Step.YEARS) for j in _mentioned(utterance, EXTREME_YEAR_WORDS)
                 if _same_clause(utterance, index, j)]
        if not near:  # "e pure gli utenti, mettine il meno possibile": the item named just before
            near = [(index - j, step) for step, words in STEP_WORDS for j in _mentioned(utterance, words) if j < index]
        restoring = state.last_quantity if _AS_BEFORE.search(utterance.text) else None  # "rimetti come prima, il massimo"
        if not near and _for_how_long(utterance, index):
            near = [(0, Step.YEARS)]  # "me lo rinnovi per il massimo che si può?"
        step = min(near)[1] if near else restoring or _step_referred(utterance, state) or state.last_quantity
        if step is None:
            continue
        together = [other for distance, other in sorted(near) if distance <= 8  # "di spazio e di utenti", but not
                    and not _nearer_extreme(utterance, index, other, extremes)]  # "...e la durata al massimo"
        lowest = bool(match.group("min")) or any(  # "togline il più possibile", "toglimene quanto puoi": the most
            utterance.lemmas[j] in DROP_VERBS and _same_clause(utterance, j, index)  # taken away is the lowest
            for j in range(max(0, index - 3), index))
        for each in dict.fromkeys([step, *together]):
            if each not in valued or _apart(utterance, valued[each], start):
                commands.append((told[0] if told else start, SetQuantity(each, extreme="min" if lowest else "max")))
                valued = {**valued, each: start}
    return commands + _in_use(utterance, valued)


def _priced(utterance: Utterance, position: int) -> bool:
    """The sentence at ``position`` asks a price ("e se rinnovassi per il massimo degli anni quanto pagherei?")."""
    sentence = next(m for m in re.finditer(r"[^.!?]+[.!?]*|[.!?]+", utterance.text) if m.start() <= position < m.end())
    return asked_topic(utterance.within(sentence.start(), sentence.end())) is Topic.PRICE


def _in_use(utterance: Utterance, valued: dict[Step, int]) -> list[Found]:
    """"soltanto gli utenti che ho effettivamente configurato", "tieni solo lo spazio che uso": the item down to
    what is in use, the lowest the rules allow."""
    commands: list[Found] = []
    lemmas = utterance.lemmas
    for step, words in item_words(Step.STORAGE, Step.USERS):
        for j in _mentioned(utterance, words):
            after = range(j + 1, min(len(lemmas), j + 9))
            if step in valued or _in_question(utterance, utterance.words[j].start):
                continue
            used = next((k for k in after if lemmas[k] in IN_USE_WORDS and _same_clause(utterance, j, k)), None)
            if used is not None and set(lemmas[max(0, j - 3):used]) & (ONLY_WORDS | {"tenere", "mantenere"}) \
                    and not any(_number(utterance.words[k].norm) is not None for k in range(j, used)):
                # "solo gli utenti configurati", "gli utenti lasciamene solo quanti ne ho configurati"
                commands.append((utterance.words[j].start, SetQuantity(step, extreme="min")))
                valued = {**valued, step: utterance.words[j].start}
    return commands


def _for_how_long(utterance: Utterance, index: int) -> bool:
    """The extreme at word ``index`` follows "per" in a message that renews: how long ("rinnovalo per il massimo")."""
    before = [w.norm for w in utterance.words[max(0, index - 2):index]]
    return "per" in before and (utterance.intent == "renew" or bool(set(utterance.lemmas) & RENEW_WORDS))


def _nearer_extreme(utterance: Utterance, index: int, step: Step, extremes: list[int]) -> bool:
    """Another extreme word of the message is nearer to ``step``'s words than the one at ``index``."""
    mentions = [j for s, words in STEP_WORDS if s is step for j in _mentioned(utterance, words)]
    if step is Step.YEARS:
        mentions += _mentioned(utterance, EXTREME_YEAR_WORDS)
    return any(min(abs(j - other) for j in mentions) < min(abs(j - index) for j in mentions)
               for other in extremes if other != index and any(_same_clause(utterance, other, j) for j in mentions)) \
        if mentions else False  # "...sia di utenti, ma per la durata più lunga": that one is another clause's


_JOINED_TO_THE_LAST = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:e|ed|and)\s+(?:pure|anche|poi|also)?\s*$", re.IGNORECASE)


def _shared_role(utterance: Utterance, start: int, quantities: list[Any]) -> Optional[str]:
    """"levame 2 giga de spazio e pure 2 utenti": a value joined by «e» to the one before takes its verb's
    direction (increase or decrease), unless one of its own says otherwise (not a duration: «togli un giga e 2
    anni» is for 2 years)."""
    if not quantities:
        return None
    before_start, _, before_role, _, _ = quantities[-1]
    if before_role not in ("increase", "decrease"):
        return None
    between = utterance.text[before_start:start]
    first_word_end = re.match(r"\S+", between)
    rest = between[first_word_end.end():] if first_word_end else between
    return before_role if _JOINED_TO_THE_LAST.match(rest) else None


def read_option(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"la seconda opzione", "prendo la prima", "quello da 2", "quella più lunga": one of the alternatives just
    priced (its changes), or of the durations asked about while the bot asked first whether to renew now."""
    options = state.price_options or duration_options(y for c in state.pending if isinstance(c, Ask) for y in c.years)
    if not options:
        return []
    years = durations(options)
    named_module = any(e.get("entity") == "module" for e in utterance.entities)  # "e se ci metto anche la
    # conservazione quanto diventa per un anno": a new supposition, not the option of one year
    for entity in [] if named_module else utterance.entities:  # "quello da 2 che dicevi": the option of 2 years
        amount = _number(entity.get("value"))
        if entity.get("entity") in ("number", "years") and amount is not None and amount in years \
                and not _names_another_thing(utterance, utterance.word_index(int(entity.get("start") or 0))):
            return [(int(entity.get("start") or 0), SetQuantity(Step.YEARS, value=amount))]
    for i, word in enumerate(utterance.words):
        place = ordinal(utterance, i)
        if place is not None and -len(options) <= place <= len(options) and place != 0:
            return [(word.start, change) for change in options[place - 1 if place > 0 else place]]
    found = utterance.search(_LONGEST)  # "prendo quella più lunga", "fame quel più longo dei do"
    if found is not None and len(years) > 1:  # the longest (or shortest) of those priced
        at, extreme = found
        return [(at, SetQuantity(Step.YEARS, value=Decimal(min(years) if extreme.group("short") else max(years))))]
    return []


def read_restore(utterance: Utterance, state: DialogueState, valued: set[Step]) -> list[Found]:
    """"rimetti com'era", "torna come prima": the quantity spoken of last, or the modules, as they were."""
    taken_back = utterance.search(_LET_IT_BE) if utterance.words and utterance.words[0].norm in ("anzi", "no") else None
    if taken_back is not None:  # "anzi no, l'utente lascia stare": the item named, as the renewal opened
        at = utterance.word_index(taken_back[0])
        named = [(abs(at - j), item) for item, words in item_words(Step.STORAGE, Step.USERS, Step.YEARS)
                 for j in _mentioned(utterance, words) if _same_clause(utterance, j, at)]
        if named and min(named)[1] not in valued:
            return [(taken_back[0], Restore(min(named)[1]))]
    undo = utterance.search(_UNDO_LAST)  # "lassa stari l'ultimu cambiu": as meant
    if undo is not None and state.previous_value is not None and state.previous_value[0] not in valued:
        return [(undo[0], Restore(state.previous_value[0], before_last=True))]
    found = utterance.search(_AS_BEFORE)  # "torna comu prima": as meant
    step = state.last_quantity or (Step.MODULES if state.last_module else None)
    if found is None or not utterance.words:
        return []
    start, before = found
    at = utterance.word_index(start)
    named = [(abs(at - j), item) for item, words in item_words(Step.STORAGE, Step.USERS, Step.MODULES, Step.YEARS)
             for j in _mentioned(utterance, words) if _same_clause(utterance, j, min(at, len(utterance.words) - 1))]
    step = min(named)[1] if named else step  # "per lo spazio rimetti come prima": the one named
    if not named and Step.MODULES in valued and at > 0 and _enclitic(utterance, utterance.words[at - 1]):
        return []  # "rimettilo come prima" after a module dropped: the module is put back, nothing else
    if step is None or step in valued or _negated(utterance, at) or re.match(r"[^,.;:!?]*\?", utterance.text[start:]):
        return []  # "torna tutto come prima?" after paying asks about the service
    if state.priced_durations and step is Step.YEARS:  # after prices for other durations, "lascia come prima" keeps
        return [(start, Keep((Step.YEARS,)))]
    if not named and not before.group("had") and {w.lemma for w in utterance.words[max(0, at - 3):at]} & {
            "lasciare", "tenere"}:
        return [(start, Keep((step,)))]  # "si lascia com'era": as it is now (a refused change changed nothing)
    return [(start, Restore(step, before_last="prima" in before.group().lower()))]


_ONE_MORE = {"un", "uno", "una", "altro", "altra", "altri", "altre", "ancora", "and", "one", "more", "another", "e",
             "ed", "pure", "anche", "ok", "dai", "allora", "poi", "please", "per", "favore", "di", "nuovo"}
"""The words of a message asking for the last change once more ("un altro ancora", "and one more")."""
_ONE_MORE_CUES = {"altro", "altra", "altri", "altre", "more", "another"}


def read_again(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"un altro ancora", "and one more", "togline un altro" after a step up or down: that change once more, in
    its direction (or the verb's), by the number said or one."""
    last = state.previous_value
    if last is None or last[0] is not state.last_quantity or not utterance.words or _in_question(
            utterance, utterance.words[0].start):
        return []
    typed = [utterance.text[w.start:w.end].lower() for w in utterance.words]
    verbs = [w.lemma for w in utterance.words if w.lemma in ADD_VERBS | DROP_VERBS and w.norm not in _ONE_MORE]
    counted = [e for e in utterance.entities if e.get("entity") == "number" and _number(e.get("value")) is not None]
    numbers = {_number(e.get("value")) for e in counted}
    rest = [w for w, as_typed in zip(utterance.words, typed) if w.lemma not in ADD_VERBS | DROP_VERBS
            and w.norm not in _ONE_MORE and as_typed not in _ONE_MORE
            and not any(int(e.get("start") or 0) <= w.start < int(e.get("end") or 0) for e in counted)]
    if not ({w.norm for w in utterance.words} | set(typed)) & _ONE_MORE_CUES or len(verbs) > 1 or len(numbers) > 1 \
            or rest:
        return []
    amount = next((n for n in numbers if n is not None), Decimal(1))
    if verbs:  # "levane un altro": the verb says the direction
        return [(utterance.words[0].start, SetQuantity(last[0], delta=amount if verbs[0] in ADD_VERBS else -amount))]
    return [(utterance.words[0].start, SetQuantity(last[0], delta=amount, again=True))]


def read_change(utterance: Utterance, valued: set[Step]) -> list[Found]:
    """"vorrei cambiare il numero di utenti", "vorrei scendere di spazio": that step again, for a value the
    customer has not said yet."""
    commands: list[Found] = []
    for i, lemma in enumerate(utterance.lemmas):
        if lemma not in CHANGE_VERBS | DIRECTION_VERBS or _negated(utterance, i):
            continue
        items: tuple[Step, ...] = (Step.STORAGE, Step.USERS, Step.YEARS)
        if lemma in CHANGE_VERBS:
            items = (*items, Step.MODULES, Step.PAYMENT)
        near = [(abs(j - i), j < i, step) for step, words in item_words(*items) for j in _mentioned(utterance, words)
                if (j > i or lemma in DIRECTION_VERBS) and _same_clause(utterance, i, j)]
        if near and min(near)[2] not in valued:
            commands.append((utterance.words[i].start, AskValue(min(near)[2])))
    for step, words in item_words(Step.STORAGE, Step.USERS):  # "ci servono più utenti": how many, asked
        for j in _mentioned(utterance, words):
            before = utterance.words[j - 1] if j > 0 else None
            if before is not None and before.norm in ("più", "piu", "meno") and step not in valued \
                    and not _negated(utterance, j - 1) and not _in_question(utterance, before.start) \
                    and not (j > 1 and _number(utterance.words[j - 2].norm) is not None) \
                    and not any(isinstance(c, AskValue) and c.step is step for _, c in commands):
                commands.append((before.start, AskValue(step)))
    return commands
