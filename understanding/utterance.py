"""A customer's message as Rasa's NLU read it (the words with their corrected spelling and lemma, the intent,
the entities), and what the readers ask of it: where a word is, whether it is negated, in which clause.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from italian.words import fold, punctuated
from renewal.dialogue.commands import (
    Command,
)
from understanding.lexicon import (
    _ENCLITIC,
    _LISTED_WITH,
    _SMALL_NUMBERS,
    _WONDER,
    FOR_ME,
    NEGATED_NOUNS,
    NEGATIONS,
    OBJECT_PRONOUNS,
    OPERATION_WORDS,
    QUESTION_WORDS,
    RENEW_WORDS,
)

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
    runner_up: Optional[str] = None  # the classifier's next guess (its best one when it was not sure: nlu_fallback)

    def __post_init__(self) -> None:  # "agg. conservazione": an abbreviation's dot ends no sentence
        object.__setattr__(self, "text", punctuated(self.text))

    @classmethod
    def from_parse(cls, parse: Mapping[str, Any]) -> Utterance:
        """From Rasa's parse of a message (``tracker.latest_message``)."""
        intent = (parse.get("intent") or {}).get("name")
        return cls(
            text=parse.get("text") or "",
            intent=intent,
            entities=tuple(parse.get("entities") or ()),
            words=tuple(Word(*w) for w in parse.get("words") or ()),
            runner_up=next((r.get("name") for r in parse.get("intent_ranking") or ()
                            if r.get("name") not in (FALLBACK, intent)), None),
        )

    @property
    def lemmas(self) -> list[str]:
        return [w.lemma for w in self.words]

    def corrected(self) -> tuple[str, list[int]]:
        """The words as meant, one text ("il minimo" for "u minimu"), and where each of its characters was typed."""
        text, starts = "", []
        for word in self.words:
            if text:
                text += " "
                starts.append(word.start)
            text += word.norm
            starts += [word.start] * len(word.norm)
        return text, starts

    def as_read(self) -> str:
        """The words as meant, with the punctuation typed between them: "niente, mi passi un operatore"."""
        gaps = [self.text[a.end:b.start] for a, b in zip(self.words, self.words[1:])]
        return "".join(w.norm + (re.sub(r"[^,.;:!?]", "", gap) + " " if i < len(gaps) else "")
                       for i, (w, gap) in enumerate(zip(self.words, [*gaps, ""])))

    def search(self, pattern: re.Pattern[str]) -> Optional[tuple[int, re.Match[str]]]:
        """``pattern`` in the text as typed, else in the words as meant ("quel più longo"); with where it was typed."""
        typed = pattern.search(self.text)
        if typed is not None:
            return typed.start(), typed
        corrected, typed_at = self.corrected()
        meant = pattern.search(corrected)
        return (typed_at[meant.start()], meant) if meant is not None else None

    def within(self, start: int, end: int) -> Utterance:
        """Only the text from ``start`` to ``end`` (the rest blanked, every position kept where it was)."""
        return replace(self, text=" " * start + self.text[start:end] + " " * (len(self.text) - end),
                       words=tuple(w for w in self.words if start <= w.start < end),
                       entities=tuple(e for e in self.entities if start <= int(e.get("start") or 0) < end))

    def after(self, position: int) -> Utterance:
        """The message from ``position`` on (what came before blanked, every position kept where it was)."""
        return replace(self, text=" " * position + self.text[position:],
                       words=tuple(w for w in self.words if w.start >= position),
                       entities=tuple(e for e in self.entities if int(e.get("start") or 0) >= position))

    def word_index(self, position: int) -> int:
        """The index of the word at (or first after) character ``position``."""
        for i, word in enumerate(self.words):
            if word.end > position:
                return i
        return len(self.words)


_SPOKEN_MARKS = re.compile(r"\s*\b(?P<mark>punto\s+interrogativo|punto\s+esclamativo|virgola|due\s+punti)\b", re.IGNORECASE)
_MARKS = {"punto interrogativo": "?", "punto esclamativo": "!", "virgola": ",", "due punti": ":"}


def dictated(utterance: Utterance) -> Utterance:
    """Punctuation dictated by voice ("come cancellato virgola ... punto interrogativo") as the marks it names,
    each in the place of its words (the text keeps its length, so every position stays where it was)."""
    spans = list(_SPOKEN_MARKS.finditer(utterance.text))
    if not spans:
        return utterance
    text = utterance.text
    for match in spans:
        mark = _MARKS[re.sub(r"\s+", " ", match.group("mark").lower())]
        text = text[:match.start()] + mark + " " * (match.end() - match.start() - 1) + text[match.end():]
    words = tuple(w for w in utterance.words if not any(m.start() <= w.start < m.end() for m in spans))
    return replace(utterance, text=text, words=words)


Found = tuple[int, Command]
"""A command and where it starts in the text (its order in the reply)."""


def _text_key(utterance: Utterance) -> str:
    """The message as one lower-case string of corrected words: for the short replies."""
    words = [w.norm for w in utterance.words] or utterance.text.lower().split()
    return fold(" ".join(words)).strip(" .!?,")


TURNING_WORDS = {"allora", "quindi", "ma", "però", "pero", "anzi", "invece"}
"""Words that open a clause of their own, dictated without a comma: a negation before them is not of what follows."""


def _negated(utterance: Utterance, index: int, reach: int = 3) -> bool:
    """A negation among the ``reach`` words before word ``index``, in the same clause."""
    for i in range(index - 1, max(-1, index - reach - 1), -1):
        word = utterance.words[i]
        between = utterance.text[word.end:utterance.words[i + 1].start] if i + 1 < len(utterance.words) else ""
        if re.search(r"[,.;:!?]", between) or word.norm in TURNING_WORDS:
            return False  # "nn pensavo allora 10 vanno bene", "non 5 ma 10": the negation is of what comes before
        if word.lemma in NEGATIONS:
            return True
        if word.norm in NEGATED_NOUNS or word.lemma in NEGATED_NOUNS:
            return False  # "niente codice carta accetto tutto", dictated: the negation is about the code
    return False


def _in_the_panel(utterance: Utterance, index: int) -> bool:
    """Whether word ``index`` is in a clause about the control panel ("cancellare l'utente dal pannello"): what is
    configured there, not the renewal."""
    return any(w.norm == "pannello" and abs(j - index) <= 4 and _same_clause(utterance, j, index)
               for j, w in enumerate(utterance.words))


def _mentioned(utterance: Utterance, words: set[str]) -> list[int]:
    return [i for i, word in enumerate(utterance.words) if word.lemma in words or word.norm in words]


def _number(value: Any) -> Optional[Decimal]:
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _clause_ends(utterance: Utterance, index: int) -> bool:
    """Word ``index`` is the last of its clause."""
    return index == len(utterance.words) - 1 or not _same_clause(utterance, index, index + 1)


def _joined_ne(utterance: Utterance) -> bool:
    """"togline", "mettine", "aggiuncinni": a verb with «ne» joined, about a quantity spoken of before."""
    return any((len(w.norm) > 4 and w.lemma != fold(w.norm) and (  # "togline", "aggiuncinni"
        utterance.text[w.start:w.end].lower().endswith("ne") or w.norm.endswith("ne"))) or (
        fold(utterance.text[w.start:w.end].lower()) == w.norm + "ne") for w in utterance.words)  # "levane": "leva"+"ne"


def _same_clause(utterance: Utterance, one: int, other: int) -> bool:
    first, last = sorted((one, other))
    return not re.search(r"[,.;:!?]", utterance.text[utterance.words[first].end:utterance.words[last].start])


def _enclitic(utterance: Utterance, verb: Word) -> bool:
    """"toglilo", "levali": the verb as typed carries a pronoun its corrected form does not ("togli" does not)."""
    typed = utterance.text[verb.start:verb.end].lower()
    return typed != verb.norm and bool(_ENCLITIC.search(typed))


def _listed_together(utterance: Utterance, first_end: int, second_start: int) -> bool:
    return first_end <= second_start and bool(_LISTED_WITH.fullmatch(utterance.text[first_end:second_start]))


def _counted(utterance: Utterance, index: int) -> bool:
    """"tutti e 3": all three of them, not everything."""
    after = [w.norm for w in utterance.words[index + 1:index + 3]]
    return len(after) == 2 and after[0] == "e" and (after[1].isdigit() or after[1] in _SMALL_NUMBERS)


_SUPPOSED = re.compile(r"\s*(?:e\s+|ma\s+)?(?:quando|una\s+volta|dopo\s+che|se|qualora|nel\s+caso|casomai|ammesso\s+che)\b")
"""A clause that supposes something ("una volta fatto il bonifico...") before it asks about it."""


ASKING_ANYWHERE = {"cosa", "quanto", "quando", "perche", "quale", "qual", "chi", "dove"}
"""Question words that ask wherever they stand in a clause of a sentence that ends asking."""


def _clause_before(utterance: Utterance, position: int) -> list[str]:
    """The lemmas of the clause at ``position``, up to it."""
    clause = re.search(r"[^,.;:!?]*$", utterance.text[:position])
    start = clause.start() if clause else 0
    return [w.lemma for w in utterance.words if start <= w.start < position]


def _may_i(utterance: Utterance, position: int) -> bool:
    """"posso mettere 2 giga in più?": a request put politely, in the clause at ``position``; or for oneself."""
    lemmas = _clause_before(utterance, position)[:4]
    impersonal = any(lemma == "potere" and i > 0 and lemmas[i - 1] == "si" for i, lemma in enumerate(lemmas))
    if {"perché", "perche", "mai"} & set(lemmas):  # "e perché posso rinnovare solo 1 o 2 anni?" asks why
        return False
    return (bool(set(lemmas) & POLITE_ASKING) and not impersonal) or _for_me(utterance, position)  # not "si può
    # pagare con bollettino?", which asks whether it can be done


POLITE_ASKING = {"potere", "possibile", "gentile", "cortese", "favore"}
""""posso...?", "sarebbe così gentile da aggiungere...?", "mi fa la cortesia di...?": a request put as a question."""


def _for_me(utterance: Utterance, position: int) -> bool:
    """"mi raddoppi gli utenti?", "me lo fai per 3 anni?", "me lo rinnovi per il massimo?": a request asked for
    oneself, with nothing but the verb before the value at ``position``."""
    lemmas = _clause_before(utterance, position)
    return bool(lemmas) and lemmas[0] in FOR_ME and all(lemma in FOR_ME or lemma in OPERATION_WORDS or lemma in (
        *OBJECT_PRONOUNS, *RENEW_WORDS, "ne", "fare", "il", "per", "uno", "un", "altro", "ancora", "pure", "anche")
        for lemma in lemmas[1:])  # "ce ne mettete un altro paio?"


def _apart(utterance: Utterance, one: int, other: int) -> bool:
    """Two places of the text in different sentences: a value said in one does not stop another in the next."""
    return bool(re.search(r"[.!?;]", utterance.text[min(one, other):max(one, other)]))


def _same_sentence(utterance: Utterance, one: int, other: int) -> bool:
    """Words ``one`` and ``other`` are in one sentence."""
    return not _apart(utterance, utterance.words[one].start, utterance.words[other].start)


def _sentence_asks(utterance: Utterance, position: int) -> bool:
    """The sentence at ``position`` ends with a question mark."""
    end = re.search(r"[.!?]", utterance.text[position:])
    return end is not None and end.group() == "?"


def _asking_word(lemmas: list[str] | tuple[str, ...], index: int) -> bool:
    """Lemma ``index`` is a question word ("come funziona"), not a comparison ("carta come sempre")."""
    return lemmas[index] in QUESTION_WORDS and not (
        lemmas[index] == "come" and list(lemmas[index + 1:index + 2]) in (["sempre"], ["solito"], ["al"], ["ogni"]))


def _in_question(utterance: Utterance, position: int) -> bool:
    """Whether ``position`` is in a clause that asks ("posso fare 5 anni?"), not one that tells."""
    clauses = [m for m in re.finditer(r"[^,.;:!?]+[,.;:!?]*", utterance.text)]
    for clause in clauses:
        if clause.start() <= position < clause.end():
            words = [w.lemma for w in utterance.words if clause.start() <= w.start < clause.end()]
            wonder = _WONDER.search(utterance.text[clause.start():position].lower())  # "volevo sapere se..."
            asks = _sentence_asks(utterance, clause.start())
            supposed = _SUPPOSED.match(clause.group().lower()) and (  # "qualora scegliessi il bollettino, i dati
                _WONDER.search(clause.group().lower()) or asks)  # dove arrivano?"
            asked_later = asks and bool(set(words) & ASKING_ANYWHERE)
            return clause.group().rstrip().endswith("?") or any(_asking_word(words, k) for k in range(min(2, len(words)))) \
                or bool(wonder) \
                or bool(supposed) or asked_later  # "una volta fatto il bonifico cosa succede", dictated without its
            # mark; "ma il bollettino quando arriva, c'è già il numero?", a question word in a sentence that asks
    return True
