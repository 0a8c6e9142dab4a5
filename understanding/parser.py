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
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from italian.words import fold, known
from renewal.dialogue.commands import (
    AcceptTerms,
    AddModule,
    AllModules,
    Ask,
    AskValue,
    Cancel,
    ChoosePayment,
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
    PickModule,
    RefuseTerms,
    Restore,
    SetQuantity,
    SmallTalk,
    StartRenewal,
    Step,
    Topic,
    UnknownModule,
)
from renewal.dialogue.state import PERSON_QUESTIONS, Asked, DialogueState
from renewal.dialogue.steps import CART_ITEMS, QUANTITY_STEPS, declared
from renewal.domain.rules import looks_like_code

MAX_CHARACTERS = 1000
FALLBACK = "nlu_fallback"


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    norm: str
    lemma: str


@dataclass(frozen=True)
class Utterance:
    """What the NLU made of one message."""

    text: str
    intent: Optional[str]
    entities: tuple[Mapping[str, Any], ...] = ()
    words: tuple[Word, ...] = ()
    runner_up: Optional[str] = None  # the classifier's best guess when it was not sure (nlu_fallback)

    @classmethod
    def from_parse(cls, parse: Mapping[str, Any]) -> Utterance:
        """From Rasa's parse of a message (``tracker.latest_message``)."""
        return cls(
            text=parse.get("text") or "",
            intent=(parse.get("intent") or {}).get("name"),
            entities=tuple(parse.get("entities") or ()),
            words=tuple(Word(*w) for w in parse.get("words") or ()),
            runner_up=next((r.get("name") for r in parse.get("intent_ranking") or ()
                            if r.get("name") != FALLBACK), None),
        )

    @property
    def lemmas(self) -> list[str]:
        return [w.lemma for w in self.words]

    def word_index(self, position: int) -> int:
        """The index of the word at (or first after) character ``position``."""
        for i, word in enumerate(self.words):
            if word.end > position:
                return i
        return len(self.words)


Found = tuple[int, Command]
"""A command and where it starts in the text (its order in the reply)."""

# --- words that carry meaning, as lemmas (accents folded) ---------------------------

NEGATIONS = {"non", "niente", "nessuno", "nessun", "senza", "mica", "neanche", "nemmeno"}
STORAGE_WORDS = {"spazio", "giga", "gb", "gigabyte", "storage", "memoria", "archiviazione"}
USER_WORDS = {"utente", "utenza", "user", "account"}
YEAR_WORDS = {"anno", "durata", "annuale", "biennale", "triennale"}
MODULE_WORDS = {"modulo", "lista", "elenco", "opzione", "servizio aggiuntivo"}
CODE_WORDS = {"codice", "convenzione", "sconto", "convenzionato", "coupon"}
DROP_VERBS = {"togliere", "rimuovere", "eliminare", "levare", "leva", "cancellare", "scartare", "escludere",
              "tagliare", "disdire", "disattivare", "annullare"}
ADD_VERBS = {"aggiungere", "mettere", "inserire", "includere", "attivare", "prendere", "aggiunto", "aggiunta"}
WANT_VERBS = {"volere", "servire", "interessare", "rinnovare", "tenere", "desiderare", "mantenere", "occorrere"}
KEEP_WORDS = {"lasciare", "tenere", "restare", "rimanere", "mantenere", "uguale", "invariato", "stesso",
              "confermare", "idem"}
ALL_WORDS = {"tutto", "entrambi", "entrambe", "ogni"}
KEEP_PAIRS = {("come", "essere"), ("andare", "bene"), ("tutto", "come")}
""""tutto com'è", "l'utente va bene", "tutto come l'anno scorso"."""
NONE_WORDS = {"senza", "niente", "nessuno", "nessun", "nemmeno", "neanche", "neppure", "zero", "né"}
"""Before an item: none of it ("senza spazio", "nessun modulo", "né utenti")."""
ONLY_WORDS = {"solo", "soltanto", "solamente", "unicamente"}
NOT_TIME = {"scorso", "passato", "prossimo", "precedente"}
"""After "anno": a time ("come l'anno scorso"), not the renewal's years."""
HAVE_WORDS = {"avere", "essere", "possedere"}
ORDINALS = {"primo": 1, "prima": 1, "secondo": 2, "seconda": 2, "terzo": 3, "terza": 3, "quarto": 4,
            "quarta": 4, "quinto": 5, "quinta": 5, "ultimo": -1, "ultima": -1, "penultimo": -2,
            "penultima": -2}
YES = {"si", "ok", "va bene", "certo", "certamente", "esatto", "d'accordo", "perfetto", "giusto", "sicuro",
       "certo che si", "si grazie", "ok grazie", "va bene grazie", "ok va bene", "si va bene", "yes", "bene",
       "ottimo", "procedi", "procediamo", "avanti", "vai", "si certo", "si esatto", "si si", "volentieri",
       "assolutamente", "assolutamente si", "ovvio", "ovviamente", "sì", "ok perfetto", "perfetto grazie",
       "👍", "👌", "ok 👍", "si 👍", "✔", "✅"}
NO = {"no", "no grazie", "nope", "non adesso", "no no", "assolutamente no", "direi di no", "per ora no",
      "no per ora", "non ora", "no va bene", "niente", "nulla", "no, grazie"}
QUESTIONS = {
    "ask_price": Topic.PRICE, "ask_status": Topic.STATUS, "ask_cart": Topic.CART, "ask_modules": Topic.MODULES,
    "ask_years": Topic.YEARS, "ask_payment": Topic.PAYMENT, "ask_order": Topic.ORDER,
    "ask_expiry_consequences": Topic.EXPIRY_CONSEQUENCES, "ask_automatic_renewal": Topic.AUTOMATIC_RENEWAL,
    "ask_how_to_sign_in": Topic.SIGN_IN, "ask_why_storage": Topic.WHY_STORAGE, "ask_why_users": Topic.WHY_USERS,
    "bot_challenge": Topic.BOT,
}
ENTITY_STEPS = {"storage_gb": Step.STORAGE, "users": Step.USERS, "years": Step.YEARS}
_SPACED_CODE = re.compile(r"\b([A-Za-z]{2,10})[\s-]+(\d{2,6})\b")
"""A code typed in two pieces: "comm 2026"."""
_INSTEAD_OF = re.compile(r"\b(?:(?:invece|al\s+posto)\s+(?:di|del|della|dello|dei|delle|dell'|che)|anzich[eé]|piuttosto\s+che)"
                         r"(?:\s+[\w']+){0,3}\s*$", re.IGNORECASE)
"""Before a payment method: the one not wanted ("invece che con la carta")."""
_IT_DROPPED = re.compile(r"\b(?:togli|lev|rimuovi|elimina|scarta)\w*?(?:lo|la|li|le)\b"
                         r"|\b(?:lo|la|li|le)\s+(?:togli|tolgo|levi|levo|rimuov)", re.IGNORECASE)
""""toglilo", "levali", "lo tolgo": the thing just named or changed."""
_IT_ADDED = re.compile(r"\b(?:rimett|riaggiung|mett|aggiung|rinnov)\w*?(?:lo|la)\b"
                       r"|\b(?:rimett|riaggiung)\w*\s+quell[oa]\s+di\s+prima\b", re.IGNORECASE)
_CANCEL = re.compile(r"(?:^|[,.;:!]\s*|\b(?:allora|vabbè|vabbe|ok|no|dai)\s+)(?:annull(?:a|i|iamo)|lascia(?:mo)?\s+perdere)"
                     r"(?:\s+pure)?\s*(?:tutto|(?:il|questo)\s+rinnovo|l'ordine)?\s*(?:[,.;:!]|$)", re.IGNORECASE)
""""annulla", "mah sai che c'è, annulla, ne parlo prima": a cancellation standing alone in its clause."""
_FOR_NOW = re.compile(r"\b(?:per|x)\s+(?:ora|adesso|il\s+momento)\b|\b(?:più|piu)\s+tardi\b", re.IGNORECASE)
_CANCEL_WORD = re.compile(r"\b(?:annull|cancell|elimin|svuot|disdi)\w*", re.IGNORECASE)
""""lascio stare per ora" puts the renewal off; "annulla per ora" still cancels it."""
_CANCEL_ORDER = re.compile(r"\bannull\w*\s+(?:\w+\s+){0,2}?(?:l'|il\s+)?ordine\b|\bannull\w*(?:lo|telo|rlo)\b",
                           re.IGNORECASE)
""""annullare l'ordine", "annullatelo": after the order, wherever it is in the message."""


def _text_key(utterance: Utterance) -> str:
    """The message as one lower-case string of corrected words: for the short replies."""
    words = [w.norm for w in utterance.words] or utterance.text.lower().split()
    return fold(" ".join(words)).strip(" .!?,")


def _negated(utterance: Utterance, index: int, reach: int = 3) -> bool:
    """A negation among the ``reach`` words before word ``index``, in the same clause."""
    for i in range(index - 1, max(-1, index - reach - 1), -1):
        word = utterance.words[i]
        between = utterance.text[word.end:utterance.words[i + 1].start] if i + 1 < len(utterance.words) else ""
        if re.search(r"[,.;:!?]", between):
            return False
        if word.lemma in NEGATIONS:
            return True
    return False


def _mentioned(utterance: Utterance, words: set[str]) -> list[int]:
    return [i for i, word in enumerate(utterance.words) if word.lemma in words or word.norm in words]


def _nearest_step(utterance: Utterance, index: int) -> Optional[Step]:
    """The quantity step whose words are nearest to word ``index`` ("ne voglio togliere 1" after "utenti")."""
    best: Optional[tuple[int, Step]] = None
    for step, words in ((Step.STORAGE, STORAGE_WORDS), (Step.USERS, USER_WORDS), (Step.YEARS, YEAR_WORDS)):
        for i in _mentioned(utterance, words):
            if best is None or abs(i - index) < best[0]:
                best = (abs(i - index), step)
    return best[1] if best else None


def _number(value: Any) -> Optional[Decimal]:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


# --- readers: each finds one kind of command ---------------------------------------------

def read_quantities(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"4 GB", "un utente in più", "3" at a quantity step, "non voglio 5 GB" (another value, not 5)."""
    quantities: list[tuple[int, Step, Optional[str], Decimal, bool]] = []
    code = _spaced_code(utterance, state)
    for entity in utterance.entities:
        amount = _number(entity.get("value"))
        if entity.get("entity") not in (*ENTITY_STEPS, "number") or amount is None:
            continue
        start = int(entity.get("start") or 0)
        if code and code.start() <= start < code.end():
            continue  # the digits of "ARCH 2026"
        index = utterance.word_index(start)
        step = ENTITY_STEPS.get(entity["entity"])
        if step is None:  # a bare number: the unit named nearby, or the step asked
            step = _nearest_step(utterance, index) or _step_referred(utterance, state)
            if step is None:
                continue
        role = "not" if utterance.words and _negated(utterance, index) else entity.get("role")
        stated = role is None and "avere" in utterance.lemmas[max(0, index - 2):index]
        if entity["entity"] == "number" and _explains(utterance, index, step, quantities):
            continue  # "utenti a 5, ne assumiamo due": why, not another value
        quantities.append((start, step, role, amount, stated))
    asked_for = {step for _, step, _, _, stated in quantities if not stated}
    commands: list[Found] = []
    for start, step, role, amount, stated in quantities:
        if stated and step in asked_for:
            continue  # "ho 3 utenti, ne voglio togliere 1": what the customer has is not what they ask for
        if role == "not":
            commands.append((start, AskValue(step)))
        elif role in ("increase", "decrease"):
            commands.append((start, SetQuantity(step, delta=amount if role == "increase" else -amount)))
        else:
            commands.append((start, SetQuantity(step, value=amount)))
    return commands + _coordinated(utterance, commands)


CORRECTION_WORDS = {"anzi", "no", "meglio", "facciamo", "invece", "aspetta", "piuttosto", "forse", "o",
                    "cambiare", "correggere"}
"""Between two values for one item: the second replaces the first ("3 anni... no, facciamo 2")."""


def _explains(utterance: Utterance, index: int, step: Step, earlier: list[tuple]) -> bool:
    """A bare number after a value already asked for its item, with no correction between them
    ("non voglio 5 giga, bastano i 2 che ho" is no value followed by one)."""
    for start, other_step, role, _, stated in earlier:
        if other_step is step and role is None and not stated and start < utterance.words[index].start:
            between = utterance.words[utterance.word_index(start) + 1:index]
            return not any(w.norm in CORRECTION_WORDS or w.lemma in CORRECTION_WORDS for w in between)
    return False


BACK_WORDS = {"ne", "anzi", "meglio", "aspetta", "invece", "facciamo", "troppo", "troppi", "pochi"}
""""ne rinnovo uno", "anzi, meglio 3", "troppo, facciamo 3": a bare number about the quantity spoken of last."""
STEP_WORDS = ((Step.STORAGE, STORAGE_WORDS), (Step.USERS, USER_WORDS), (Step.YEARS, YEAR_WORDS))


def _step_referred(utterance: Utterance, state: DialogueState) -> Optional[Step]:
    """The quantity a bare number with no unit nearby is about."""
    if state.last_quantity is not None and {w.norm for w in utterance.words} & BACK_WORDS:
        return state.last_quantity
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


def _module_action(utterance: Utterance, index: int) -> Optional[bool]:
    """True to add, False to drop, None if the words near module ``index`` do not say."""
    lemmas = utterance.lemmas
    if _INSTEAD_OF.search(utterance.text[:utterance.words[index].start]):
        return False  # "i solleciti al posto della conservazione": the one replaced
    also = False
    for i in list(range(index - 1, max(-1, index - 6), -1)) + list(range(index + 1, min(len(lemmas), index + 4))):
        if not _same_clause(utterance, i, index):
            continue  # "aggiungi il secondo, il primo non lo rinnovo"
        lemma = lemmas[i]
        if lemma in DROP_VERBS or (lemma in NONE_WORDS and i < index):
            return False  # "niente solleciti", "senza l'archivio" (but "anzi no, la conservazione la tengo")
        if lemma in ADD_VERBS:
            return True
        if lemma == "lasciare" and set(lemmas[i + 1:i + 2]) & {"perdere", "stare"}:
            return False  # "lascia stare l'api", "la conservazione lasciala perdere"
        if lemma in KEEP_WORDS:
            return not _negated(utterance, i, reach=2)  # "l'archivio resta com'è": keep it, never a toggle
        if lemma in WANT_VERBS:
            return not _negated(utterance, i, reach=2)
        if (lemma in NEGATIONS or utterance.words[i].norm == "no") and i > index:
            return False  # "i solleciti no", "solleciti non mi servono"
        if utterance.words[i].norm in ("sì", "si", "ok") and i == index + 1:
            return True  # "conservazione sì, solleciti no"
        also = also or lemma == "anche"
    return True if also else None  # "anche i solleciti"; but "togli anche il secondo" drops


def read_modules(utterance: Utterance, state: DialogueState) -> list[Found]:
    """Modules by name or by their place in the list last shown ("il secondo", "l'ultimo")."""
    mentions: list[tuple[int, int, str]] = []  # (start, word index, module code)
    for entity in utterance.entities:
        if entity.get("entity") == "module":
            start = int(entity.get("start") or 0)
            mentions.append((start, utterance.word_index(start), str(entity.get("value"))))
    listed = state.listed_modules
    about_modules = state.asked_step is Step.MODULES or utterance.intent in ("add_module", "remove_module") \
        or bool(_mentioned(utterance, MODULE_WORDS))
    if listed and about_modules:
        counted = [(int(e.get("start") or 0), int(e.get("end") or 0)) for e in utterance.entities
                   if e.get("entity") in ENTITY_STEPS]
        for i, word in enumerate(utterance.words):
            if any(start <= word.start < end for start, end in counted):
                continue  # "2 anni" at the modules step is no place in the list
            place = ORDINALS.get(word.lemma) or ORDINALS.get(word.norm)
            if place is None and state.asked_step is Step.MODULES and word.norm.isdigit():
                place = int(word.norm)
            if place is not None and -len(listed) <= place <= len(listed) and place != 0:
                mentions.append((word.start, i, listed[place - 1 if place > 0 else place]))
    every = _all_modules(utterance, state, bool(mentions))
    if every:
        return every
    only = [code for _, index, code in sorted(mentions) if set(utterance.lemmas[max(0, index - 3):index]) & ONLY_WORDS
            and _module_action(utterance, index) is not False]
    if only and not set(utterance.lemmas) & ADD_VERBS:  # "solo la conservazione"; "aggiungi solo i solleciti" adds
        return [(min(start for start, _, _ in mentions), OnlyModules(tuple(dict.fromkeys(only))))]
    commands: list[Found] = []
    it = _IT_DROPPED.search(utterance.text) if state.last_module and utterance.words else None
    it = it or (_IT_ADDED.search(utterance.text) if state.last_module and utterance.words else None)
    at_verb = utterance.word_index(it.start()) if it else 0
    if it and ("prima" in it.group().lower() or not any(
            at_verb - 3 <= index < at_verb and _same_clause(utterance, index, at_verb)
            for _, index, _ in mentions)):  # "il primo toglilo" is about the first; "quella di prima" is not
        dropped = it.re is _IT_DROPPED  # "anzi toglilo", "rimettilo": the module changed last
        module = state.last_module or ""
        commands.append((it.start(), DropModule(module) if dropped else AddModule(module)))
    last: Optional[bool] = None
    replacing = any(_INSTEAD_OF.search(utterance.text[:start]) for start, _, _ in mentions)
    for start, index, code in sorted(mentions):
        action = _module_action(utterance, index)
        if action is None and replacing:
            action = True  # "meglio i solleciti al posto della conservazione": the one that replaces
        if action is None:
            action = last if last is not None else {"add_module": True, "remove_module": False}.get(
                utterance.intent or "")
        last = action
        command = PickModule(code) if action is None else AddModule(code) if action else DropModule(code)
        commands.append((start, command))
    return commands


def _all_modules(utterance: Utterance, state: DialogueState, named: bool) -> list[Found]:
    """"entrambi i moduli suggeriti", "aggiungili tutti"; "togli tutti i moduli"."""
    if named or not (state.asked_step is Step.MODULES or _mentioned(utterance, MODULE_WORDS)):
        return []
    lemmas = utterance.lemmas
    modules_at = _mentioned(utterance, MODULE_WORDS)
    for i in _mentioned(utterance, ALL_WORDS):
        if _counted(utterance, i) and not any(i + 3 <= m <= i + 5 for m in modules_at):
            continue  # "tutti e 3" (users?), but "tutti e due i moduli" is both modules
        if set(lemmas) & DROP_VERBS and modules_at:  # not "annulla tutto"
            return [(utterance.words[i].start, AllModules(added=False))]
        if set(lemmas) & ADD_VERBS or (utterance.intent == "add_module" and not set(lemmas) & RENEW_WORDS):
            return [(utterance.words[i].start, AllModules(added=True))]  # "li rinnovo entrambi" keeps them
    return []


def _none_cue(utterance: Utterance, index: int) -> bool:
    """"senza spazio", "nessun modulo", "né utenti", "non voglio spazio", "non mi servono moduli"."""
    words = utterance.words
    for i in range(index - 1, max(-1, index - 4), -1):
        if not _same_clause(utterance, i, index):
            return False
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
    return False


ITEM_FILLERS = {"aggiuntivo", "aggiuntivi", "aggiuntiva", "aggiuntive", "extra", "in", "più", "piu"}


def _clause_ends(utterance: Utterance, index: int) -> bool:
    """Word ``index`` is the last of its clause."""
    return index == len(utterance.words) - 1 or not _same_clause(utterance, index, index + 1)


_LISTED_WITH = re.compile(r"[\s,]*(?:(?:e|ed|né|ne|o|niente|nessun[oa]?|nemmeno|neanche|aggiuntiv[oi]|extra|in\s+più|idem|x|per"
                          r"|gli|i|lo|il)[\s,]+)*", re.IGNORECASE)
"""What may stand between items named together: "spazio aggiuntivo, utenti né moduli", "niente spazio, idem x gli utenti"."""


def _same_clause(utterance: Utterance, one: int, other: int) -> bool:
    first, last = sorted((one, other))
    return not re.search(r"[,.;:!?]", utterance.text[utterance.words[first].end:utterance.words[last].start])


_THEN_IT = re.compile(r"[\w\s']*[,.;:!?]+\s*(?:(?:allora|ok|pure|sì|si)\s+)?(?P<it>(?:lo|la|li|le)\s+)?", re.IGNORECASE)
_ENCLITIC = re.compile(r"(?:lo|la|li|le)$", re.IGNORECASE)


def _enclitic(utterance: Utterance, verb: Word) -> bool:
    """"toglilo", "levali": the verb as typed carries a pronoun its corrected form does not ("togli" does not)."""
    typed = utterance.text[verb.start:verb.end].lower()
    return typed != verb.norm and bool(_ENCLITIC.search(typed))


def _drop_cue(utterance: Utterance, index: int) -> bool:
    """"togli tutto lo spazio", "l'utente aggiuntivo toglilo": a drop verb near it, in the same clause;
    "E lo spazio aggiuntivo? Lo tolga pure": one about it ("lo", "toglilo") opening the next clause."""
    for i in range(max(0, index - 4), min(len(utterance.words), index + 4)):
        verb = utterance.words[i]
        if verb.lemma not in DROP_VERBS:
            continue
        if _same_clause(utterance, i, index):
            return True
        then = _THEN_IT.fullmatch(utterance.text[utterance.words[index].end:verb.start]) if i > index else None
        if then and (then.group("it") or _enclitic(utterance, verb)):
            return True
    return False


_ITEMS = ((Step.STORAGE, STORAGE_WORDS), (Step.USERS, USER_WORDS), (Step.MODULES, MODULE_WORDS))


def _none_of(step: Step) -> Command:
    return AllModules(added=False) if step is Step.MODULES else SetQuantity(step, value=Decimal(0))


def _listed_together(utterance: Utterance, first_end: int, second_start: int) -> bool:
    return first_end <= second_start and bool(_LISTED_WITH.fullmatch(utterance.text[first_end:second_start]))


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
            if step in done:
                break
            word = utterance.words[i]
            if _none_cue(utterance, i) or any(_listed_together(utterance, end, word.start) for _, end in nones):
                add(step, i, _none_of(step))
            elif step is not Step.MODULES and _drop_cue(utterance, i):
                one = step is Step.USERS and word.norm == "utente" and not _mentioned(utterance, ALL_WORDS)
                add(step, i, SetQuantity(step, delta=Decimal(-1)) if one else _none_of(step))
    for step, words in reversed(_ITEMS):  # what is listed before a none
        for i in _mentioned(utterance, words):
            if step not in done and any(_listed_together(utterance, utterance.words[i].end, start)
                                        for start, _ in nones):
                add(step, i, _none_of(step))
    return commands


def _spaced_code(utterance: Utterance, state: DialogueState) -> Optional[re.Match]:
    """"ing 2026" at the code step or beside "codice"; "ARCH 2026" written in capitals anywhere."""
    spaced = _SPACED_CODE.search(utterance.text)
    if spaced and not known(spaced.group(1).lower()) and (
            state.asked_step is Step.CODE or _mentioned(utterance, CODE_WORDS) or spaced.group(1).isupper()):
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
    if utterance.intent == "remove_code":
        return [(0, NoCode())]
    text = utterance.text.strip(" .!?")
    if state.asked_step is Step.CODE and " " not in text and looks_like_code(text):
        return [(0, GiveCode(text.upper()))]
    return []


def read_payment(utterance: Utterance, state: DialogueState) -> list[Found]:
    """"pago con bonifico"; "non ho la carta" chooses nothing."""
    commands: list[Found] = []
    for entity in utterance.entities:
        if entity.get("entity") == "payment_method":
            start = int(entity.get("start") or 0)
            if (utterance.words and _negated(utterance, utterance.word_index(start))) or \
                    _INSTEAD_OF.search(utterance.text[:start]):
                continue
            commands.append((start, ChoosePayment(str(entity.get("value")))))
    return commands[-1:]  # "non con carta ma con bonifico": the last one named


def _counted(utterance: Utterance, index: int) -> bool:
    """"tutti e 3": all three of them, not everything."""
    after = [w.norm for w in utterance.words[index + 1:index + 3]]
    return len(after) == 2 and after[0] == "e" and (after[1].isdigit() or after[1] in _SMALL_NUMBERS)


_SMALL_NUMBERS = {"due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci"}


_UNCHANGED = re.compile(r"\b(?:senza|nessun[ao]?)\s+(?:alcun[ao]?\s+)?(?:modific|cambi|variazion)", re.IGNORECASE)
""""senza alcuna modifica", "nessun cambiamento": everything as it is."""


def read_keep(utterance: Utterance, state: DialogueState, valued: set[Step]) -> list[Found]:
    """"lascia com'è", "resta tutto uguale", "spazio e utenti restano uguali", "non cambiare niente"."""
    lemmas = utterance.lemmas
    cues = [i for i, lemma in enumerate(lemmas) if lemma in KEEP_WORDS
            and not (lemma == "lasciare" and set(lemmas[i + 1:i + 2]) & {"perdere", "stare"})
            and not (lemma == "confermare" and utterance.intent != "keep_as_is")]
    cues += [i for i, lemma in enumerate(lemmas) if lemma in ADD_VERBS | {"cambiare"} and _negated(utterance, i)]
    cues += [i for i, pair in enumerate(itertools.pairwise(lemmas)) if pair in KEEP_PAIRS]
    cues += [i for i, word in enumerate(utterance.words) if word.norm in ("così", "cosi") and i > 0
             and utterance.words[i - 1].lemma in ("bene", "andare", "ok", "lasciare", "restare", "tutto", "tenere")]
    items = [i for words in (words for _, words in _ITEMS) for i in _mentioned(utterance, words)]
    fine = [i for i, word in enumerate(utterance.words) if word.norm in ("ok", "bene", "giusto", "perfetto")]
    if len(lemmas) <= 4 and not set(lemmas) & RENEW_WORDS:  # "utenti ok", "moduli vanno bene"
        cues += fine
    cues += [i for i in fine if any(abs(i - j) <= 2 and _same_clause(utterance, i, j) for j in items)]  # "ok lo spazio"
    if not utterance.entities:  # "i moduli li rinnovo entrambi", "lo spazio lo rinnovo"
        cues += [i for i, lemma in enumerate(lemmas) if lemma in RENEW_WORDS and not _negated(utterance, i)
                 and any(_same_clause(utterance, i, item) for item in items)]
    unchanged = _UNCHANGED.search(utterance.text)
    if unchanged:
        cues.append(utterance.word_index(unchanged.start()))
    if not cues and utterance.intent != "keep_as_is":
        return []
    steps: list[Step] = list(CART_ITEMS) if unchanged else []
    if "resto" in lemmas:  # "il resto va bene così": what was not answered yet
        steps += [step for step in CART_ITEMS if step not in state.answered]
    if any(not _counted(utterance, i) and (utterance.words[i].norm == "tutto" or not items)
           for i in _mentioned(utterance, ALL_WORDS)):  # "tutto"; but "i moduli, entrambi" is about the modules
        steps += CART_ITEMS
    for step, words in ((Step.STORAGE, STORAGE_WORDS), (Step.USERS, USER_WORDS), (Step.MODULES, MODULE_WORDS),
                        (Step.YEARS, YEAR_WORDS)):
        mentions = [i for i in _mentioned(utterance, words) if not set(lemmas[i + 1:i + 2]) & NOT_TIME]
        if mentions and step not in steps:
            steps.append(step)
    if not steps and state.asked_step in (*QUANTITY_STEPS, Step.MODULES):
        steps.append(state.asked_step)
    start = utterance.words[cues[0]].start if cues else 0
    if not steps and state.asked_step is Step.CODE:
        return [(start, NoCode())]
    kept = tuple(s for s in steps if s not in valued)
    return [(start, Keep(kept))] if kept else []


FACTORS = {"doppio": Decimal(2), "raddoppiare": Decimal(2), "triplo": Decimal(3), "triplicare": Decimal(3)}


def read_factor(utterance: Utterance, valued: set[Step]) -> list[Found]:
    """"il doppio dello spazio", "raddoppiando gli utenti": the quantity named, multiplied."""
    commands: list[Found] = []
    for i, lemma in enumerate(utterance.lemmas):
        if lemma not in FACTORS or _negated(utterance, i):
            continue
        for step, words in ((Step.STORAGE, STORAGE_WORDS), (Step.USERS, USER_WORDS)):
            if step not in valued and any(abs(j - i) <= 4 and _same_clause(utterance, i, j)
                                          for j in _mentioned(utterance, words)):
                commands.append((utterance.words[i].start, SetQuantity(step, factor=FACTORS[lemma])))
                valued = valued | {step}
                break
    return commands


_AS_BEFORE = re.compile(r"\bcom(?:'|e\s+)era(?:no)?\b|\bcome\s+(?:prima|all'inizio)\b", re.IGNORECASE)


def read_restore(utterance: Utterance, state: DialogueState, valued: set[Step]) -> list[Found]:
    """"rimetti com'era", "torna come prima": the quantity spoken of last, or the modules, as they were."""
    before = _AS_BEFORE.search(utterance.text)
    step = state.last_quantity or (Step.MODULES if state.last_module else None)
    if not before or step is None or step in valued or _negated(utterance, utterance.word_index(before.start())):
        return []
    return [(before.start(), Restore(step))]


CHANGE_VERBS = {"cambiare", "modificare", "variare"}
PAYMENT_WORDS = {"pagamento", "pagare", "metodo"}


def read_change(utterance: Utterance, valued: set[Step]) -> list[Found]:
    """"vorrei cambiare il numero di utenti": that step again, for a value the customer has not said yet."""
    commands: list[Found] = []
    for i, lemma in enumerate(utterance.lemmas):
        if lemma not in CHANGE_VERBS or _negated(utterance, i):
            continue
        for step, words in ((Step.STORAGE, STORAGE_WORDS), (Step.USERS, USER_WORDS), (Step.MODULES, MODULE_WORDS),
                            (Step.YEARS, YEAR_WORDS), (Step.PAYMENT, PAYMENT_WORDS)):
            if step not in valued and any(j > i and _same_clause(utterance, i, j) for j in _mentioned(utterance, words)):
                commands.append((utterance.words[i].start, AskValue(step)))
                break
    return commands


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
        elif lemma in ("confermare", "completare", "completo") and commands:
            commands.append((start, Decline() if _negated(utterance, i) else Confirm()))
    if waiting is not None and not commands and state.asked_step is Step.TERMS:
        commands.append((waiting, RefuseTerms()))  # whatever the intent: the words say "not yet"
    return commands


# --- the whole message --------------------------------------------------------------------------

RENEW_WORDS = {"rinnovare", "rinnovo"}
WANT_WORDS = {"volere", "desiderare", "dovere", "potere"}
QUESTION_WORDS = {"cosa", "che", "quanto", "quando", "come", "perche", "quale", "qual", "chi", "dove", "posso",
                  "potere", "se"}


def _wants_renewal(utterance: Utterance, strict: bool) -> bool:
    """"ciao, rinnovo"; with ``strict``, only "voglio/vorrei rinnovare" ("vorrei rinnovare, quanti anni?")."""
    lemmas = utterance.lemmas
    for i, lemma in enumerate(lemmas):
        if lemma in RENEW_WORDS and (not strict or set(lemmas[max(0, i - 3):i]) & WANT_WORDS):
            return True
    return not strict and _only_this_service(utterance)


def _only_this_service(utterance: Utterance) -> bool:
    """"allora solo la fatturazione", after asking about another product."""
    lemmas = utterance.lemmas
    return any(lemma == "fatturazione" and set(lemmas[max(0, i - 2):i]) & ONLY_WORDS for i, lemma in enumerate(lemmas))


UNSURE_BUT_HARMLESS = set(QUESTIONS) | {"greet", "thank", "goodbye"}
"""What an unsure reading may still act on: an answer or a pleasantry changes nothing."""


_RENEW_IT = re.compile(r"\b(?:lo|li|la|le)\s+rinnov|\brinnov\w*(?:lo|li|la|le)\b", re.IGNORECASE)
""""lo rinnovo", "rinnovalo": the thing just asked about, not the whole renewal."""


def _in_question(utterance: Utterance, position: int) -> bool:
    """Whether ``position`` is in a clause that asks ("posso fare 5 anni?"), not one that tells."""
    clauses = [m for m in re.finditer(r"[^,.;:!?]+[,.;:!?]*", utterance.text)]
    for clause in clauses:
        if clause.start() <= position < clause.end():
            words = [w.lemma for w in utterance.words if clause.start() <= w.start < clause.end()]
            return clause.group().rstrip().endswith("?") or bool(set(words[:2]) & QUESTION_WORDS)
    return True


_FILLER = re.compile(r"^(?:allora|ok|beh|ah|va\s+be(?:ne)?|vabbè|vabbe|quindi|e)\s+", re.IGNORECASE)


def _short_answers(utterance: Utterance, state: DialogueState) -> list[Command]:
    """A yes or no beside a question: "ah è scaduto? allora niente"."""
    answers: list[Command] = []
    for clause in re.finditer(r"[^,.;:!?]+[,.;:!?]*", utterance.text):
        if clause.group().rstrip().endswith("?"):
            continue
        key = _FILLER.sub("", fold(clause.group().lower()).strip(" .!,;:"))
        if key in NO:
            answers.append(_no(state))
        elif key in YES:
            answers.append(_yes(state))
    return answers


def _may_i(utterance: Utterance, position: int) -> bool:
    """"posso mettere 2 giga in più?": a request put politely, in the clause at ``position``."""
    clause = re.search(r"[^,.;:!?]*$", utterance.text[:position])
    start = clause.start() if clause else 0
    lemmas = [w.lemma for w in utterance.words if start <= w.start < position]
    return bool(set(lemmas[:3]) & {"potere", "possibile"})


WHY_TOPIC = {Step.STORAGE: "ask_why_storage", Step.USERS: "ask_why_users"}


def _why_not(utterance: Utterance) -> bool:
    """"perché no?", "e perche no??", "ma perché no?": a short question about a refusal."""
    return "?" in utterance.text and "perche" in utterance.lemmas and len(utterance.lemmas) <= 4


def _asks(utterance: Utterance) -> bool:
    """Whether the words look like a question at all."""
    return "?" in utterance.text or bool(set(utterance.lemmas[:3]) & QUESTION_WORDS)


def parse(utterance: Utterance, state: DialogueState) -> list[Command]:
    """The commands ``utterance`` carries, in the customer's order."""
    if len(utterance.text) > MAX_CHARACTERS:
        return [NotUnderstood(too_long=True)]
    intent = utterance.intent
    key = _text_key(utterance)
    if key in YES or (key.replace("si ", "", 1) in YES and key.startswith("si ")):
        intent = "affirm"
    elif key in NO:
        intent = "deny"
    if _why_not(utterance) and state.last_quantity in WHY_TOPIC:
        intent = WHY_TOPIC[state.last_quantity]  # "e perché no?" after a quantity refused: why, whatever the classifier says
    if intent == "ask_human":
        return [HandOff()]
    if intent == "affirm" and state.asked is Asked.ANYTHING_ELSE and "grazie" in utterance.lemmas:
        return [SmallTalk("goodbye")]  # "ok grazie" to "Posso aiutarti in altro?"
    if _CANCEL.search(utterance.text) and "?" not in utterance.text:
        return [Cancel()]
    cancel_order = _CANCEL_ORDER.search(utterance.text)
    if cancel_order and state.cart_id is None and state.order_number \
            and not _negated(utterance, utterance.word_index(cancel_order.start())):
        return [Cancel()]  # "mi sono sbagliato, devo annullare l'ordine", "sì, annullatelo"
    found = read_quantities(utterance, state) + read_modules(utterance, state) + read_code(utterance, state) \
        + read_payment(utterance, state) + read_terms_and_confirmation(utterance, state)
    valued = {c.step for _, c in found if isinstance(c, SetQuantity)}
    found += read_factor(utterance, valued)
    found += read_restore(utterance, state, valued | {Step.MODULES for _, c in found
                                                      if isinstance(c, (AddModule, DropModule, PickModule))})
    valued |= {c.step for _, c in found if isinstance(c, SetQuantity)}
    found += read_none(utterance, state, valued | {c.step for _, c in found if isinstance(c, AskValue)})
    found += read_change(utterance, valued | {c.step for _, c in found if isinstance(c, (AskValue, SetQuantity))}
                         | {Step.MODULES for _, c in found if isinstance(c, (AddModule, DropModule, PickModule))}
                         | {Step.PAYMENT for _, c in found if isinstance(c, ChoosePayment)})
    valued |= {c.step for _, c in found if isinstance(c, SetQuantity)}
    if any(isinstance(c, (AllModules, OnlyModules)) for _, c in found):
        valued.add(Step.MODULES)
    if not any(isinstance(c, Restore) for _, c in found):  # "com'era" is no "keep what the step asks"
        found += read_keep(utterance, state, valued)
    kept = {step for _, c in found if isinstance(c, Keep) for step in c.steps}
    commands = [command for _, command in sorted(found, key=lambda f: f[0])
                if not (isinstance(command, AskValue) and command.step in kept)]
    no_renewal = state.cart_id is None
    paying = [c for c in commands if isinstance(c, ChoosePayment)]
    about_another_thing = intent in QUESTIONS and QUESTIONS[intent] is not Topic.PAYMENT  # "con la carta resta attivo?"
    if no_renewal and state.order_number and paying and not about_another_thing \
            and not _wants_renewal(utterance, strict=True):
        return list[Command](paying[-1:])  # "posso pagarlo con carta invece?" about the order waiting for its payment
    if intent == FALLBACK and not commands and utterance.runner_up in UNSURE_BUT_HARMLESS:
        intent = utterance.runner_up  # answering the likely question costs nothing if it was not that
    opening = [StartRenewal()] if no_renewal and _wants_renewal(utterance, strict=False) else []
    if (intent in QUESTIONS or intent in (FALLBACK, "inform")) and not commands and not _asks(utterance) \
            and _only_this_service(utterance):  # "allora solo la fatturazione": no question, whatever the classifier says
        return [StartRenewal()] if no_renewal else [Ask(Topic.CART)]
    if intent in QUESTIONS:
        if commands and not _asks(utterance):  # "moduli ok" is no question, whatever the classifier says
            return opening + commands
        # A question changes nothing, but what the customer said around it does: "3 anni, quanto viene?";
        # so do a quantity asked for politely ("posso mettere 2 giga in più?") and one a price is asked for.
        pricing = QUESTIONS[intent] is Topic.PRICE  # "quanto costa x 3 anni?": the price of the quantity named
        said = [command for start, command in sorted(found, key=lambda f: f[0])
                if command in commands and ((isinstance(command, SetQuantity) and (pricing or _may_i(utterance, start)))
                                            or isinstance(command, Restore) or not _in_question(utterance, start))] \
            or _short_answers(utterance, state)
        # "vorrei rinnovare, quanti anni posso fare?"; "quanto costa rinnovare?": the cart has the price
        asked_to_renew = [StartRenewal()] if no_renewal and _wants_renewal(
            utterance, strict=QUESTIONS[intent] is not Topic.PRICE) else []
        if not pricing and any(isinstance(c, (SetQuantity, Restore)) for c in said):
            return [*asked_to_renew, *said]  # "posso fare 5 anni?": done, or refused with the reason
        return [*asked_to_renew, *said, Ask(QUESTIONS[intent])]
    if intent == "renew":
        if not no_renewal and not commands:  # "sì, lo rinnovo" at a step; "allora rinnoviamo": the cart again
            return [_yes(state) if _RENEW_IT.search(utterance.text) else Ask(Topic.CART)]
        return [StartRenewal(), *commands] if no_renewal else commands
    if commands:
        return opening + commands
    if no_renewal and intent in ("greet", "thank", "affirm", "nlu_fallback", "out_of_scope", "inform") \
            and _wants_renewal(utterance, strict=False) \
            and not (intent in (FALLBACK, "out_of_scope") and _asks(utterance)):  # "la PEC è compresa nel rinnovo?"
        return [StartRenewal()]
    return _from_intent(intent, state, utterance)


def _from_intent(intent: Optional[str], state: DialogueState, utterance: Utterance) -> list[Command]:
    """What an intent means when no reader found anything in the words."""
    if intent == "affirm":
        return [_yes(state)]
    if intent == "deny":
        return [_no(state)]
    if intent == "accept_terms":  # no reader found an acceptance in the words: "prima di accettare ci penso"
        return [Ask(Topic.TERMS) if _asks(utterance) else RefuseTerms() if _waits(utterance) else AcceptTerms()]
    if intent == "confirm_order":
        return [Confirm()]
    if intent == "cancel":
        if state.cart_id is not None and _FOR_NOW.search(utterance.text) and not _CANCEL_WORD.search(utterance.text):
            return [SmallTalk("goodbye")]  # "ok lascio stare x ora": the cart stays for when they come back
        return [Cancel()]
    if intent in ("add_module", "remove_module"):
        return [UnknownModule() if _mentioned(utterance, MODULE_WORDS) else AskValue(Step.MODULES)]
    if intent == "remove_code":
        return [NoCode()]
    if intent in ("greet", "thank", "goodbye"):
        if state.asked is Asked.ANYTHING_ELSE and intent == "thank":
            return [SmallTalk("goodbye")]
        return [SmallTalk(intent)]
    if intent == "out_of_scope":
        return [NotUnderstood(out_of_scope=_looks_like_words(utterance))]
    if "grazie" in utterance.lemmas:  # "va bene, grazie lo stesso"
        return [SmallTalk("thank")]
    return [NotUnderstood()]


def _yes(state: DialogueState) -> Command:
    """What "sì" means after what was asked (a step's declaration says it for the steps)."""
    if state.asked in PERSON_QUESTIONS:
        return HandOff(queue_anyway=state.asked is Asked.HANDOFF_QUEUE)
    if state.asked is Asked.RENEW_ANYWAY:
        return StartRenewal(anyway=True)
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
