"""Quantities in Italian, in words or figures, with the change they ask for.

"due giga e mezzo" -> 2.5 GB; "tre anni" -> 3 years; "un utente in più" -> +1
user; "togli un giga" -> -1 GB; "ne voglio cinque" -> the bare number 5.
Words become digits with text2num; halves, "un paio" and "nessun" are handled
here. Spans are given in the original text, as NLU entities need them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Optional

from text_to_num import alpha2digit

STORAGE = "storage_gb"
USERS = "users"
YEARS = "years"
NUMBER = "number"
INCREASE = "increase"
DECREASE = "decrease"

_UNITS = {
    STORAGE: r"(?:gb|gigabyte|giga|g)\b",
    USERS: r"(?:utenti|utente|utenze|utenza|user|users|accessi|accesso)\b",  # the text as corrected
    YEARS: r"(?:anni|anno)\b",
}
_NUMBER = r"(?P<n>\d+(?:[.,]\d+)?)"
_HALF = r"(?P<half>\s+e\s+mezz[oa])?"
_QUANTITY = re.compile(
    rf"{_NUMBER}{_HALF}\s*(?:sol[oa]\s+)?(?P<unit>{'|'.join(f'(?P<{k}>{v})' for k, v in _UNITS.items())})"
    rf"{_HALF.replace('half', 'half2')}",
    re.IGNORECASE,
)
_BARE = re.compile(rf"(?<![\w@.,]){_NUMBER}{_HALF}(?![\w@]|[.,]\d)", re.IGNORECASE)
_JUST = r"(?:(?:di|sol[oa]|soltanto|solamente|giusto|ne|ancora|anche|pure|almeno)\s+)*"
"""Between a verb of change and its number: "togline solo uno", "aggiungine giusto 2"."""
_SOME_WORDS_THEN_DI = r"(?:\s+[\w']+){0,3}\s+di\s*$"
_BEFORE_INCREASE = re.compile(
    rf"(?:(?:\b(?:aggiung\w*|metti(?:ci|ne)?\s+altr\w*|altr[ioe]|ancora|più|piu|sali|alza)|\+)\s*{_JUST}$"
    rf"|aument\w*{_SOME_WORDS_THEN_DI})", re.IGNORECASE)
_BEFORE_DECREASE = re.compile(
    rf"(?:(?:\b(?:togli\w*|tolg\w*|rimuov\w*|elimin\w*|lev\w*|scal\w*|scend\w*|cala|meno)|-)\s*{_JUST}$"
    rf"|(?:diminuisc\w*|ridu\w*|abbass\w*){_SOME_WORDS_THEN_DI})", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"(?:[.,]\d+)*\s*(?:€|euro\b|eur\b|%)", re.IGNORECASE)
_MONEY_BEFORE = re.compile(r"(?:€|euro|eur)\s*$", re.IGNORECASE)
"""Around a number: money or a percentage, never a quantity."""
def is_money(text: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` of ``text`` is an amount of money or a percentage."""
    return bool(_MONEY_AFTER.match(text[end:]) or _MONEY_BEFORE.search(text[:start]))


_NOT_NUMBERS = {"un", "una", "un'"}
"""Without a unit, "un" is an article ("un operatore"), not the number one."""
_DESCRIBED_ONE = re.compile(r"^\s+(?:(?:più|piu)\s+(?!(?:di|del|dello|della|dei|degli|che|in|rispetto|quant\w*|utent\w*|"
                            r"utenz\w*|user\w*|gb|giga\w*|spazio|ann[oi]|modul\w*)\b)[a-zà-ù]{3,}"
                            r"|(?:nuov|valid|recent|aggiornat|divers)[oa])\b", re.IGNORECASE)
"""After "uno" written out: a thing described ("ne ho uno più nuovo", "uno valido"), a pronoun, not the number."""
_NUMBERS_ONLY_ALONE = {"sei", "mille"}
"""Without a unit, "sei" and "mille" are numbers only as the whole answer ("sei un robot?", "grazie mille")."""
_NOUNS = {
    STORAGE: r"spazio|storage|memoria|giga|gb|gigabyte",
    USERS: r"utenti|utente|utenze|utenza|accessi|accesso",
    YEARS: r"anni|anno|durata",
}
_NOUN = re.compile(rf"\b(?:{'|'.join(f'(?P<{k}>{v})' for k, v in _NOUNS.items())})\b", re.IGNORECASE)


def _counted_unit(before: str) -> Optional[str]:
    """The unit of a bare number shortly after the thing it counts: "gli utenti a 3", "gli anni sono 2",
    "utenti 4"; the nearest such word, at most three words before the number."""
    nouns = list(_NOUN.finditer(before))
    if not nouns or len(re.findall(r"[\w']+", before[nouns[-1].end():])) > 3:
        return None
    return next(kind for kind in _NOUNS if nouns[-1].group(kind))


_ONLY = r"(?:di\s+(?:spazio|memoria|archiviazione)\s+)?(?:sol[oa]\s+|soltanto\s+)?"
"""Between a quantity and "in più": "2 GB di spazio in più", "uno solo in meno"."""
_THAN_NOW = r"\s+(?:di|del|dello|della|dei|degli|delle|rispetto\s+a)\s+(?:quant\w*|adesso|ora|mo'?|oggi|prima|quell\w*|quel)"
"""After "più" or "meno": a comparison with the quantity as it is ("uno più di quanto sta adesso")."""
_AFTER_INCREASE = re.compile(rf"^\s*{_ONLY}(?:(?:in|di)\s+(?:più|piu)|in\s+aggiunta|(?:più|piu){_THAN_NOW})(?=\W|$)",
                             re.IGNORECASE)
_AFTER_DECREASE = re.compile(rf"^\s*{_ONLY}(?:(?:in|di)\s+meno|meno{_THAN_NOW})\b", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    kind: str  # storage_gb, users, years or number (no unit)
    value: Decimal
    change: Optional[str]  # None (set to value), "increase" or "decrease"
    start: int  # span in the original text
    end: int
    text: str


def _fold(text: str) -> str:
    """Lower case, accents kept (text2num knows "ventitré"), typographic quotes plain."""
    return text.replace("’", "'").replace("\u00a0", " ")


_DURATIONS = {"annuale": 1, "biennale": 2, "triennale": 3, "quadriennale": 4, "quinquennale": 5, "decennale": 10}
_DURATION = re.compile(rf"\b(?:{'|'.join(_DURATIONS)})\b", re.IGNORECASE)


def _words_to_digits(text: str) -> str:
    text = _DURATION.sub(lambda m: f"{_DURATIONS[m.group().lower()]} anni", text)
    text = re.sub(r"\bmezz[oa]\s+(?=(?:gb|giga))", "0.5 ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:un\s+)?paio\s+(?:di\s+)?", "2 ", text, flags=re.IGNORECASE)
    text = re.sub(r"\b(?:du|do)\s+(?=ann|utent|gb|giga)", "2 ", text, flags=re.IGNORECASE)  # "du anni", "do ani"
    text = re.sub(r"\bun(?:'|\s+)altr[oa]\s+(utente|utenza|gb|giga|anno)\b", r"1 \1 in più", text,
                  flags=re.IGNORECASE)  # "un altro utente": one more
    text = re.sub(r"\b(?:nessun[oa]?|zero)\s+(?=(?:utent|gb|giga))", "0 ", text, flags=re.IGNORECASE)
    return alpha2digit(text, "it", threshold=0)


class _OffsetMap:
    """Maps positions in the normalised text back to the original."""

    def __init__(self, original: str, normalised: str) -> None:
        self._blocks = SequenceMatcher(None, original, normalised, autojunk=False).get_opcodes()

    def start(self, pos: int) -> int:
        for tag, i1, _i2, j1, j2 in self._blocks:
            if j1 <= pos < j2 or (j1 == j2 == pos):
                return i1 + (pos - j1 if tag == "equal" else 0)
        return self._blocks[-1][2] if self._blocks else 0

    def end(self, pos: int) -> int:
        for tag, i1, i2, j1, j2 in self._blocks:
            if j1 < pos <= j2:
                return i1 + (pos - j1) if tag == "equal" else i2
        return 0


def _value(match: re.Match) -> Decimal:
    value = Decimal(match.group("n").replace(",", "."))
    if any(match.groupdict().get(g) for g in ("half", "half2")):
        value += Decimal("0.5")
    return value


def change_of(before: str, after: str) -> Optional[str]:
    if _BEFORE_DECREASE.search(before) or _AFTER_DECREASE.search(after):
        return DECREASE
    if _BEFORE_INCREASE.search(before) or _AFTER_INCREASE.search(after):
        return INCREASE
    return None


MAX_TEXT = 500
"""Quantities are looked for in the first 500 characters: a renewal answer is short,
and a flood of text must not cost quadratic time."""


_LIST_MARKER = re.compile(r"(?:^|(?<=[\s:;,.]))(\d{1,2})[.)](?=\s+[^\W\d])")


def list_markers(text: str) -> list[tuple[int, int]]:
    """Where "1)", "2." number the requests of a list ("1) rinnovo per 2 anni 2) aggiungere l'archivio"): no
    quantity. Only a list numbered from 1 in order counts as one."""
    candidates = [(int(m.group(1)), m.start(1), m.end()) for m in _LIST_MARKER.finditer(text)]
    markers, expected = [], 1
    for number, start, end in candidates:
        if number == expected:
            markers.append((start, end))
            expected += 1
    return markers if len(markers) >= 2 else []


_PRONOUN_ONE = re.compile(r"\b(?:first|second|third|fourth|last|other|that|this|which|same|cheaper|cheapest|longer|"
                          r"shorter|previous|next|the)\s+(one)\b", re.IGNORECASE)


def pronoun_ones(text: str) -> list[tuple[int, int]]:
    """Where English "one" stands for a thing named before ("the second one", "that one"): no quantity."""
    return [m.span(1) for m in _PRONOUN_ONE.finditer(text)]


_ARTICLE_UNO = re.compile(r"\s+(?:s[bcdfghjklmnpqrstvwxz]|z|gn|ps|pn|x|y)[a-zà-ù]", re.IGNORECASE)
"""After "uno": a noun it is the article of ("uno studio", "uno sconto"), not the number."""
_VAT_BEFORE = re.compile(r"\biva\b(?:\s+[\w']+){0,2}\s+$", re.IGNORECASE)
"""Before a number: the VAT it is the rate of ("l'iva è al 22")."""
_DIGIT_NAMED = re.compile(r"\b(?:un|uno)\s+$", re.IGNORECASE)
"""Before a number: the article of a digit named as a thing ("uno zero di troppo", "un 3 al posto del 2")."""


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``: with a unit (GB, users, years) or bare."""
    text = text[:MAX_TEXT]
    original = _fold(text)
    normalised = _words_to_digits(original)
    offsets = _OffsetMap(original, normalised)
    found: list[Quantity] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, match: re.Match) -> None:
        start, end = match.start(), match.end()
        change = change_of(normalised[max(0, start - 30):start], normalised[end:end + 20])
        o_start, o_end = offsets.start(start), offsets.end(end)
        found.append(Quantity(kind, _value(match), change, o_start, o_end, text[o_start:o_end]))
        taken.append((start, end))

    for match in _QUANTITY.finditer(normalised):
        add(next(kind for kind in _UNITS if match.group(kind)), match)
    for match in _BARE.finditer(normalised):
        written = original[offsets.start(match.start()):offsets.end(match.end())].strip().lower()
        if any(s <= match.start() < e for s, e in taken) or written in _NOT_NUMBERS:
            continue
        if set(written.split()) & _NUMBERS_ONLY_ALONE and original.strip().lower() != written:
            continue
        if written in ("uno", "una") and _DESCRIBED_ONE.match(original[offsets.end(match.end()):]):
            continue
        if written == "uno" and _ARTICLE_UNO.match(original[offsets.end(match.end()):]):
            continue  # "siamo uno studio di architetti": the article
        if _DIGIT_NAMED.search(original[:offsets.start(match.start())]) or (
                written in ("un", "uno") and _BARE.match(normalised[match.end():].lstrip())):
            continue  # "ho battuto uno zero di troppo": a digit typed, named with its article; no quantity
        if is_money(normalised, match.start(), match.end()) or _VAT_BEFORE.search(normalised[:match.start()]):
            continue  # "111 euro è troppo": a price the customer quotes; "l'iva è al 22?": a rate; no quantity
        add(_counted_unit(normalised[max(0, match.start() - 40):match.start()]) or NUMBER, match)
    return sorted(found, key=lambda q: q.start)

