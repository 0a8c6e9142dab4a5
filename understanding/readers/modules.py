"""Modules: named, by synonym, by their place in the list the bot gave ("il secondo"), all of them, only
some, the one spoken of last ("toglilo").
"""
from __future__ import annotations

import re
from typing import Optional

from renewal.dialogue.commands import (
    AddModule,
    AllModules,
    DropModule,
    OnlyModules,
    PickModule,
    Step,
    SuggestedModule,
    UnknownModule,
)
from renewal.dialogue.state import DialogueState
from understanding.lexicon import (
    _AS_BEFORE,
    _BY_PRICE,
    _DESCRIBED,
    _HAD_ALREADY,
    _INSTEAD_OF,
    _IT_ADDED,
    _IT_DROPPED,
    _LAST_CHANGED,
    _SAID_BEFORE,
    _THE_ONE,
    _THE_OTHER,
    _THOSE,
    ADD_VERBS,
    ALL_WORDS,
    ARTICLES,
    DESCRIPTION_REACH,
    DROP_VERBS,
    ENTITY_STEPS,
    KEEP_WORDS,
    MODULE_PURPOSE_PHRASES,
    MODULE_PURPOSES,
    MODULE_WORDS,
    NEGATIONS,
    NONE_WORDS,
    ONLY_WORDS,
    RENEW_WORDS,
    SUGGESTED,
    WANT_VERBS,
    item_words,
    ordinal,
)
from understanding.utterance import (
    Found,
    Utterance,
    _counted,
    _enclitic,
    _in_question,
    _joined_ne,
    _may_i,
    _mentioned,
    _negated,
    _same_clause,
    _same_sentence,
    _sentence_asks,
)

_BY_WHEN_ADDED = re.compile(r"\s+(?:che|ca)\s+(?:[\w']+\s+){0,3}?(?:aggiun\w*|mess[oa]|mett\w*|fatto\s+\w+)",
                            re.IGNORECASE)
"""After an ordinal: the order things were added in ("il primo che ti ho fatto aggiungere"), not the list's."""



REFERENCE_WORDS = {"quello", "quella", "il", "la", "l'", "modulo", "di", "del", "dei", "della", "delle", "per"}
"""The words of a reference to a module between a negation and the module named ("non quello dei DDT")."""


def _module_action(utterance: Utterance, index: int) -> Optional[bool]:
    """True to add, False to drop, None if the words near module ``index`` do not say."""
    lemmas = utterance.lemmas
    if _INSTEAD_OF.search(utterance.text[:utterance.words[index].start]):
        return False  # "i solleciti al posto della conservazione": the one replaced
    also = False
    if index > 0 and utterance.words[index - 1].norm in ("no", "non") and _same_clause(utterance, index - 1, index):
        return False  # "ok no API", "archivio non api": none of it
    own = _own_verb_after(utterance, index)
    if own is not None:  # "voglio rinnovare ma i solleciti nun li uso, levateli": the verb that takes it back
        return own[0]
    plus = index - 1
    while plus > 0 and utterance.words[plus].norm in (*ARTICLES, "modulo", "moduli", "per", "x", "di", "del", "della"):
        plus -= 1  # "rinnovo + il modulo solleciti", "+ il modulo x la conservazione"
    if plus >= 0 and utterance.words[plus].norm in ("più", "piu", "+") and not any(
            w.lemma in NEGATIONS for w in utterance.words[max(0, plus - 3):plus]):
        return True  # "rinnovo + conservazione", "il rinnovo più i solleciti" (not "non voglio più i solleciti")
    with_it = False
    for i in list(range(index - 1, max(-1, index - 8), -1)) + list(range(index + 1, min(len(lemmas), index + 4))):
        if not _same_clause(utterance, i, index):
            continue  # "aggiungi il secondo, il primo non lo rinnovo"
        lemma = lemmas[i]
        if i < index and lemma == "bastare" and not _negated(utterance, i, reach=2):
            return True  # "la conservazione toglietela, ci basta l'api": the one that is enough is wanted
        if i < index and utterance.words[i].norm in ("con", "col", "coi"):
            with_it = all(w.norm in ARTICLES for w in utterance.words[i + 1:index])  # "senza l'archivio e con la
            continue  # conservazione": the «senza» is of the one before; "con la conservazione": wanted
        if lemma in NONE_WORDS and i < index and with_it:
            return True
        if lemma in DROP_VERBS or (lemma in NONE_WORDS and i < index):
            return False  # "niente solleciti", "senza l'archivio" (but "anzi no, la conservazione la tengo")
        if lemma in ADD_VERBS:
            return True
        if lemma == "lasciare" and set(lemmas[i + 1:i + 2]) & {"perdere", "stare"}:
            return False  # "lascia stare l'api", "la conservazione lasciala perdere"
        if lemma in KEEP_WORDS:
            return not _negated(utterance, i, reach=2)  # "l'archivio resta com'è": keep it, never a toggle
        if lemma in WANT_VERBS:  # "vuole toglierlo": the verb after says what is wanted
            if i + 1 < len(lemmas) and lemmas[i + 1] in DROP_VERBS:
                return False
            return not _negated(utterance, i, reach=2)
        if i > index and lemma in NEGATIONS and any(_names_module(utterance, k) for k in range(i + 1, i + 3)):
            continue  # "archivio non api": the negation is of the module after it
        describing = i > index and utterance.words[i - 1].norm in ("che", "ca")  # "i clienti che non pagano"
        referred = lemma in NEGATIONS and all(w.norm in REFERENCE_WORDS  # "non quello dei DDT"
                                              for w in utterance.words[i + 1:index + 1 if i == index - 1 else index])
        if (lemma in NEGATIONS or utterance.words[i].norm == "no") and not describing and (i > index or referred):
            return False  # "i solleciti no", "solleciti non mi servono"; "intendevo l'API, non quello dei DDT"
        if utterance.words[i].norm in ("sì", "si", "ok") and i == index + 1:
            return True  # "conservazione sì, solleciti no"
        if i == index + 1 and utterance.words[i].norm in INCLUDED:
            return True  # "con la conservazione dentro", "la conservazione inclusa"
        also = also or lemma in ("anche", "pure")
    told = re.match(r"[^,.;:!?]{0,12}[,;:]\s*", utterance.text[utterance.words[index].end:])
    if not also and told is not None:  # "ci ha ripensato sull'API, la tolga per favore": the clause after it
        rest = utterance.text[utterance.words[index].end + told.end():]
        if _IT_DROPPED.match(rest):
            return False
        if _IT_ADDED.match(rest):
            return True
    return True if also or with_it else None  # "anche i solleciti", "e pure i solleciti", "rinnovo subito, con la
    # conservazione"; but "togli anche il secondo" drops


_PUT_IT = re.compile(r"\b(?:rimett|riaggiung|mett|aggiung|inser)\w*?(?:lo|la|li|le)\b(?!\s+(?:a|ad|al|su|per|da|di)\b)",
                     re.IGNORECASE)
"""A verb of adding with a pronoun joined ("mettiamoli", "aggiungetelo"), not one that sets a value ("mettila a")."""


_WHAT_IS_NEEDED = re.compile(r"\b(?:quello|quel|ciò|cio)\s+che\s+(?:serve|servirebbe|ci\s+vuole|occorre)\b"
                             r"|\bil\s+necessario\b", re.IGNORECASE)
"""What a purpose just said needs ("aggiunga quello che serve")."""


def _names_module(utterance: Utterance, index: int) -> bool:
    """A module's name starts at word ``index`` (none past the last word)."""
    if index >= len(utterance.words):
        return False
    word = utterance.words[index]
    return any(e.get("entity") == "module" and word.start <= int(e.get("start") or 0) < word.end for e in utterance.entities)


def _own_verb_after(utterance: Utterance, index: int) -> Optional[tuple[bool, int]]:
    """A verb with a pronoun for module ``index`` later in its sentence, before any other module ("i solleciti non
    li usiamo mai toglieteli", "la conservazione, la tolga"): True to add or False to drop, and the verb's word;
    None if there is none."""
    words = utterance.words
    for j in range(index + 1, min(len(words), index + 7)):
        if re.search(r"[.!]", utterance.text[words[j - 1].end:words[j].start]) or _names_module(utterance, j):
            return None
        span = utterance.text[words[index].end:words[j].end]
        if _IT_DROPPED.search(span) or _NOT_IT.match(span):
            return False, j
        if _PUT_IT.search(span):
            return True, j
        if _LET_GO.search(span) and not any(_names_module(utterance, k) for k in range(j + 1, j + 3)):
            return False, j  # "l'api costa troppo, lasci stare" (not "..., lascia stare i solleciti")
    return None


_NOT_IT = re.compile(r"\s*non\s+(?:lo|la|li|le|l')\s*(?:rinnov|vogli|prend|tien|teng|us|mett|serv)\w*\s*$", re.IGNORECASE)
"""Right after a module: "la conservazione non la rinnovo", dictated with what follows: that module dropped."""
_LET_GO = re.compile(r"\blasci\w*\s+(?:stare|perdere)\s*$", re.IGNORECASE)


def read_modules(utterance: Utterance, state: DialogueState) -> list[Found]:
    """Modules by name or by their place in the list last shown ("il secondo", "l'ultimo")."""
    mentions: list[tuple[int, int, str]] = []  # (start, word index, module code)
    for entity in utterance.entities:
        if entity.get("entity") == "module":
            start = int(entity.get("start") or 0)
            index = utterance.word_index(start)
            if utterance.words[index].norm in ARTICLES and index + 1 < len(utterance.words):
                index += 1  # "la conservazione a norma non la rinnovo": the words after it are read from its noun
            mentions.append((start, index, str(entity.get("value"))))
    listed = state.listed_modules
    about_modules = state.asked_step is Step.MODULES or utterance.intent in ("add_module", "remove_module") \
        or bool(_mentioned(utterance, MODULE_WORDS)) or utterance.search(SUGGESTED) is not None
    described = _described(utterance, {code for *_, code in mentions}, listed)
    mentions += [(start, index, code) for start, index, _, code in described]
    described_to = {start: end for start, _, end, _ in described}  # "quello che conserva le fatture... levalo"
    counts = any(e.get("entity") in ENTITY_STEPS for e in utterance.entities)  # "altri due utenti a quello che ho già"
    had = utterance.search(_HAD_ALREADY) if not mentions and not counts and (about_modules or state.last_module) \
        else None
    if had is not None:  # "leva quello che tenevo già da prima": the module bought before, not the one just added
        action = _module_action(utterance, utterance.word_index(had[0]))
        if action is not None:
            return [(had[0], SuggestedModule(0, added=action, bought=True))]
    found_suggested = utterance.search(SUGGESTED)  # as typed, else as meant ("el modulo che me consiliè")
    suggested = utterance.word_index(found_suggested[0]) if found_suggested is not None else None
    if about_modules and suggested is not None:  # "il secondo che mi hai suggerito", list shown or not
        for i, word in enumerate(utterance.words):
            place = ordinal(utterance, i)
            if place is not None and not any(m.start() <= word.start < m.end() for m in _AS_BEFORE.finditer(utterance.text)):
                action = _module_action(utterance, i)  # "aggiungi il secondo che...", "il primo che... toglilo"
                if action is None:
                    action = _module_action(utterance, suggested)
                return [(word.start, SuggestedModule(place, added=action is not False))]
        those = utterance.search(_THOSE)
        if not mentions and those and not _sentence_asks(utterance, those[0]) \
                and _module_action(utterance, suggested) is True:
            return [(0, AllModules(added=True))]  # "aggiunga quelli che mi ha proposto": all of them
        if not mentions and utterance.search(_THE_ONE):  # "aggiungi quello che mi hai suggerito", "... toglilo"
            added = _module_action(utterance, suggested) is not False
            return [(0, SuggestedModule(0, added=added))]
    if listed and about_modules:
        counted = [(int(e.get("start") or 0), int(e.get("end") or 0)) for e in utterance.entities
                   if e.get("entity") in ENTITY_STEPS]
        for i, word in enumerate(utterance.words):
            if any(start <= word.start < end for start, end in counted) or any(
                    m.start() <= word.start < m.end() for m in (*_AS_BEFORE.finditer(utterance.text),
                                                                *_LAST_CHANGED.finditer(utterance.text))):
                continue  # "2 anni" at the modules step is no place in the list, nor "come prima"
            place = ordinal(utterance, i)
            if place is not None and _BY_WHEN_ADDED.match(utterance.text[word.end:]):
                continue  # "togli il primo che ti ho fatto aggiungere": first added, not first in the list
            if place is None and state.asked_step is Step.MODULES and word.norm.isdigit() \
                    and not (state.last_quantity is not None and _joined_ne(utterance)):  # "mettine 3": a quantity
                place = int(word.norm)
            if place is not None and -len(listed) <= place <= len(listed) and place != 0:
                mentions.append((word.start, i, listed[place - 1 if place > 0 else place]))
    if not listed and not mentions and about_modules and state.last_module \
            and not _LAST_CHANGED.search(utterance.text):  # "aggiungi conservazione e
        for i, word in enumerate(utterance.words):  # solleciti" then "togli l'ultimo", no list shown: the last said
            if ordinal(utterance, i) == -1 and _module_action(utterance, i) is not None \
                    and not any(w.norm in words or w.lemma in words for w in utterance.words[i + 1:i + 2]
                                for _, words in item_words(Step.STORAGE, Step.USERS, Step.YEARS)):  # not "togliere
                # anche l'ultimo utente"
                mentions.append((word.start, i, state.last_module))
                break
    norms = {w.norm for w in utterance.words}
    if not mentions and norms & {"quello", "quella"} and norms <= THAT_ONE_ALONE \
            and (state.asked_step is Step.MODULES or state.listed_modules):  # "ok quello" after «cosa mi
        return [(0, SuggestedModule(0, added=True))]  # consigliate?»: the one suggested
    every = _all_modules(utterance, state, bool(mentions))
    if every:
        return every
    only = [code for _, index, code in sorted(mentions) if set(utterance.lemmas[max(0, index - 3):index]) & ONLY_WORDS
            and _module_action(utterance, index) is not False]
    if only and not set(utterance.lemmas) & {"aggiungere", "mettere", "inserire"}:  # "solo la conservazione",
        # "prendo solo il primo"; "aggiungi solo i solleciti" adds
        return [(min(start for start, _, _ in mentions), OnlyModules(tuple(dict.fromkeys(only))))]
    commands: list[Found] = []
    last_changed = _LAST_CHANGED.search(utterance.text) if state.last_module else None
    if last_changed:  # "togli l'ultimo che ti ho fatto aggiungere"
        dropped = bool(re.match(r"(?:togli|lev|rimuov|elimin|scart)", last_changed.group("verb"), re.IGNORECASE))
        commands.append((last_changed.start(), DropModule(state.last_module or "") if dropped
                         else AddModule(state.last_module or "")))
    purposes = purposes_said(utterance)  # "le fatture vanno conservate per 10 anni, avete qualcosa? aggiungetelo"
    spoken_of = purposes[-1][2] if purposes and not mentions else state.last_module
    pronoun = utterance.search(_IT_DROPPED) if spoken_of and utterance.words and not last_changed else None
    pronoun = pronoun or (utterance.search(_IT_ADDED) if spoken_of and utterance.words else None)
    if pronoun is not None and spoken_of == state.last_module and _of_the_quantity(pronoun[1].group(), state.last_quantity):
        pronoun = None  # "e dimezza lo spazio... anzi no rimettilo come prima": the storage spoken of since
    at, it = pronoun if pronoun is not None else (0, None)  # "cavilo", as meant: "toglilo"
    at_verb = utterance.word_index(at)
    if it and ("prima" in it.group().lower() or not any(
            (at_verb - 3 <= index < at_verb and _same_clause(utterance, index, at_verb))
            or (at_verb - 10 <= index < at_verb and _same_sentence(utterance, index, at_verb))
            for _, index, _ in mentions)) and not _quantity_before(utterance, at_verb) \
            and not _quantity_after(utterance, at_verb):
        # "il primo toglilo" is about the first, "la conservasion no la me serve più, cavèla" about the one named;
        # "quella di prima" is not; "l'utente in più toglilo" is the user
        dropped = it.re is _IT_DROPPED  # "anzi toglilo", "rimettilo": the module changed last, or the one whose
        module = spoken_of or ""  # purpose was just said
        commands.append((at, DropModule(module) if dropped else AddModule(module)))
    needed = _WHAT_IS_NEEDED.search(utterance.text) if purposes and not mentions and it is None else None
    if needed is not None and set(utterance.lemmas) & ADD_VERBS:  # "le fatture vanno conservate per 10 anni,
        commands.append((needed.start(), AddModule(purposes[-1][2])))  # aggiunga quello che serve"
    last: Optional[bool] = None
    replacing = any(_INSTEAD_OF.search(utterance.text[:start]) for start, _, _ in mentions)
    seen: set[str] = set()
    for start, index, code in sorted(mentions):
        if code in seen and not _verb_of_its_own(utterance, index) and not _negated(utterance, index):  # but "...anzi
            # no, non l'archivio"
            continue  # "mettimi i solleciti, così i clienti ricevono il promemoria e io non telefono": told again
        seen.add(code)
        action = _module_action(utterance, index)
        if action is None and start in described_to:  # the verb after the description
            action = _module_action(utterance, described_to[start])
        if action is None and replacing:
            action = True  # "meglio i solleciti al posto della conservazione": the one that replaces
        if action is None and any(utterance.words[j].lemma == "avere" and _same_clause(utterance, j, index)
                                  for j in range(max(0, index - 3), index)):
            continue  # "noi abbiamo già l'archivio": what the customer has, no change
        if action is None and _doing(utterance, index):
            continue  # "stiamo scannerizzando tutto l'archivio cartaceo": what the customer is doing, no module
        if action is None and last is not None and _own_thing(utterance, index, code):
            continue  # "togli quello per i clienti che non pagano, ce l'ho già col gestionale": not a second module
        if action is None:
            action = last if last is not None else {"add_module": True, "remove_module": False}.get(
                utterance.intent or "")
        last = action
        command = PickModule(code) if action is None else AddModule(code) if action else DropModule(code)
        own = _own_verb_after(utterance, index) if _in_question(utterance, start) else None
        commands.append((utterance.words[own[1]].start if own is not None else start, command))  # "i promemoria
        # automatici ce li avete? mettiamoli": said where it is asked for, not in the question
    found = utterance.search(_BY_PRICE) if not mentions and (  # "zontimi chel che al coste di mancul"
        state.listed_modules or _mentioned(utterance, MODULE_WORDS) or not state.price_options) else None  # not a
    # duration priced ("prendo quello che costa meno" after 1 and 2 years were priced)
    if found is not None:  # "metta quello che costa meno dei due"
        at, by_price = found
        cheap = by_price.group("less") or by_price.group("cheap") or "meno" in by_price.group()
        dropped = bool(set(utterance.lemmas) & DROP_VERBS)
        commands.append((at, SuggestedModule(0, added=not dropped,
                                                           by_price="cheapest" if cheap else "dearest")))
    other = _THE_OTHER.search(utterance.text)
    told_of = it is not None and it.re is _IT_DROPPED and other is not None and other.start() < at  # "quel'altro
    if other and not mentions and state.last_module and state.last_quantity is None and not told_of:  # costa
        # massa, cavilo": the pronoun is "l'altro" just spoken of, dropped above; "toglilo e metti l'altro"
        added = _module_action(utterance, utterance.word_index(other.start())) is not False
        commands.append((other.start(), SuggestedModule(0, besides=state.last_module, added=added)))
    commands = _in_place_of(utterance, state, commands, [code for _, _, code in mentions])
    return commands or ([] if mentions else _unknown_named(utterance))


_IN_PLACE = re.compile(r"\bal\s+(?:posto\s+suo|suo\s+posto)\b|\bnon\s+quell[oa]\b[\s,]+(?:intendev\w*|volevo)",
                       re.IGNORECASE)
"""The module added takes the place of the one spoken of ("mettici l'archivio al posto suo", "non quello,
intendevo quello per archiviare i documenti")."""


def _in_place_of(utterance: Utterance, state: DialogueState, commands: list[Found], named: list[str]) -> list[Found]:
    """A module added in place of the other one named in the message, or else of the one spoken of last: that one
    dropped."""
    place = _IN_PLACE.search(utterance.text)
    if place is None:
        return commands
    adds = [(abs(start - place.start()), c.module) for start, c in commands if isinstance(c, AddModule)]
    if not adds:
        return commands
    added = min(adds)[1]  # the one said with the words of replacing, whatever the classifier made of the other
    others = [code for code in dict.fromkeys(named) if code != added] or (
        [state.last_module] if state.last_module and state.last_module != added else [])
    if len(others) != 1:
        return commands
    return [f for f in commands if getattr(f[1], "module", None) != others[0]] + [(place.start(), DropModule(others[0]))]


INCLUDED = {"dentro", "incluso", "inclusa", "inclusi", "incluse", "compreso", "compresa", "compresi", "comprese"}
"""Said right after a module: wanted in the renewal ("con la conservazione dentro")."""


THAT_ONE_ALONE = {"quello", "quella", "ok", "okay", "si", "sì", "va", "bene", "allora", "dai", "prendo", "metti",
                  "perfetto", "d'accordo"}
"""A message that only points at the module suggested ("ok quello", "va bene quella")."""


NOT_A_NAME = {"che", "di", "del", "della", "dei", "delle", "da", "per", "in", "a", "al", "alla", "anche", "pure",
              "aggiuntivo", "suggerito", "consigliato", "proposto", "nuovo", "altro", "stesso", "quello", "questo",
              "piu", "più", "e", "o", "se", "come", "non", "ma", "gia", "già", "ancora", "solo", "soltanto"}
"""Words after «modulo» that are not its name ("il modulo che mi hai detto", "il modulo in più")."""


def _unknown_named(utterance: Utterance) -> list[Found]:
    """"rinnovo adesso e aggiungo il modulo magazzino": a module asked for by a name the catalogue does not have
    (no module read in the message, a verb of adding in its clause)."""
    words = utterance.words
    for j in _mentioned(utterance, {"modulo"}):
        name = words[j + 1].norm if j + 1 < len(words) else ""
        if not name.isalpha() or len(name) < 3 or name in NOT_A_NAME or _in_question(utterance, words[j].start):
            continue
        if any(lemma in ADD_VERBS and _same_clause(utterance, k, j) and not _negated(utterance, k)
               for k, lemma in enumerate(utterance.lemmas)):
            return [(words[j].start, UnknownModule(utterance.text[words[j + 1].start:words[j + 1].end]))]
    return []


QUANTITY_PRONOUNS = {Step.STORAGE: {"lo"}, Step.USERS: {"li"}, Step.YEARS: {"li", "la"}}
"""The pronouns that agree with a quantity's noun (lo spazio, li utenti, li anni, la durata)."""


def _of_the_quantity(said: str, step: Optional[Step]) -> bool:
    """The pronoun in ``said`` agrees with ``step``, the quantity spoken of since the module ("fai due anni...
    rimettilo come prima" is the module: «lo» is no years)."""
    clitics = re.findall(r"(lo|la|li|le)\b", said.lower())
    return step is not None and bool(clitics) and clitics[-1] in QUANTITY_PRONOUNS.get(step, set())


def _doing(utterance: Utterance, index: int) -> bool:
    """A gerund before word ``index`` in its clause ("stiamo digitalizzando l'archivio"): what is being done."""
    return any(_gerund(utterance, j) and _same_clause(utterance, j, index) for j in range(index))


def _gerund(utterance: Utterance, index: int) -> bool:
    """"usando", "prendendo" (of the word's own verb, not "prendo"), or any "-ando"/"-endo" after «stare»
    ("stiamo scannerizzando")."""
    word = utterance.words[index]
    if word.lemma.endswith(("are", "ere", "ire")) and word.norm == word.lemma[:-3] + (
            "ando" if word.lemma.endswith("are") else "endo"):
        return True
    return word.norm.endswith(("ando", "endo")) and index > 0 and utterance.words[index - 1].lemma == "stare"


def _verb_of_its_own(utterance: Utterance, index: int) -> bool:
    """A verb that adds or drops in the clause of the module at ``index``, near it."""
    return any(utterance.lemmas[i] in ADD_VERBS | DROP_VERBS and _same_clause(utterance, i, index)
               for i in range(max(0, index - 6), min(len(utterance.words), index + 4)))


OWN_THING_BEFORE = {"con", "col", "coi", "dal", "nel", "sul", "mio", "mia", "nostro", "nostra"}


def _own_thing(utterance: Utterance, index: int, code: str) -> bool:
    """Word ``index`` is a thing the customer has ("col gestionale", "il mio programma"), a word of what module
    ``code`` is for rather than its name."""
    word = utterance.words[index]
    return index > 0 and utterance.words[index - 1].norm in OWN_THING_BEFORE and word.norm != code \
        and (word.lemma in MODULE_PURPOSES[code] or word.norm in MODULE_PURPOSES[code])


def _quantity_before(utterance: Utterance, at: int) -> bool:
    """A quantity (storage, users, years) named shortly before word ``at``, in its sentence ("l'utente aggiuntivo
    non serve, toglilo")."""
    return any(at - 6 <= j < at and _same_sentence(utterance, j, at)
               for _, words in item_words(Step.STORAGE, Step.USERS, Step.YEARS) for j in _mentioned(utterance, words))


def _quantity_after(utterance: Utterance, at: int) -> bool:
    """A quantity with its unit right after the verb at word ``at`` ("mettilo x 2 anni", "portalo a 3 utenti"):
    the pronoun is the renewal, or that quantity, not a module."""
    return any(e.get("entity") in ENTITY_STEPS and utterance.word_index(int(e.get("start") or 0)) - at in (1, 2, 3)
               and _same_clause(utterance, at, utterance.word_index(int(e.get("start") or 0)))
               for e in utterance.entities)


def _described(utterance: Utterance, named: set[str], listed: tuple[str, ...]) -> list[tuple[int, int, int, str]]:
    """"quello per collegare i programmi": the module whose purpose the words after a reference name (where the
    reference starts, its word, the description's last word)."""
    return [(start, utterance.word_index(start), utterance.word_index(end - 1), code)
            for start, end, code in descriptions(utterance) if code not in named and (not listed or code in listed)]


def descriptions(utterance: Utterance) -> list[tuple[int, int, str]]:
    """The modules described by what they do ("quello che conserva le fatture per 10 anni"): where each
    description starts and ends in the text, and the module."""
    found: list[tuple[int, int, str]] = []
    for reference in _DESCRIBED.finditer(utterance.text):
        index = utterance.word_index(reference.end())
        window = [j for j in range(index, min(index + DESCRIPTION_REACH, len(utterance.words)))
                  if _same_clause(utterance, index, j)]
        named = [j for j in window if _names_module(utterance, j)]
        window = [j for j in window if not named or j < named[0]]  # "quello per i documenti e togliete i solleciti"
        if not window:
            continue
        text = utterance.text[reference.end():utterance.words[window[-1]].end]
        readings = []
        for code, purposes in MODULE_PURPOSES.items():
            said = [j for j in window if utterance.words[j].lemma in purposes or utterance.words[j].norm in purposes]
            phrase = MODULE_PURPOSE_PHRASES[code].search(text) if code in MODULE_PURPOSE_PHRASES else None
            spans = [*said, *([utterance.word_index(reference.end() + phrase.end() - 1)] if phrase else [])]
            if spans:
                readings.append((min(spans), max(spans), code))
        if readings:  # the purpose said first
            _, last, code = min(readings)
            found.append((reference.start(), utterance.words[last].end, code))
    return found


def purposes_said(utterance: Utterance) -> list[tuple[int, int, str]]:
    """What a module is for, said with no reference to a module ("le fatture vanno conservate a norma per 10
    anni"): where, and the module."""
    return sorted((m.start(), m.end(), code) for code, phrase in MODULE_PURPOSE_PHRASES.items()
                  for m in phrase.finditer(utterance.text))


def described_spans(utterance: Utterance) -> list[tuple[int, int]]:
    """Where the words that describe a module are ("quello per tenere le fatture dieci anni", "le fatture vanno
    conservate per 10 anni"): a number or an item word inside them is part of what the module does, no quantity."""
    return [(begin, end) for begin, end, _ in (*descriptions(utterance), *purposes_said(utterance))]


def within(spans: list[tuple[int, int]], start: int) -> bool:
    return any(begin <= start < end for begin, end in spans)


OTHER_ITEM_WORDS = {"utente", "utenti", "gb", "giga", "spazio", "anno", "anni"}


def _all_modules(utterance: Utterance, state: DialogueState, named: bool) -> list[Found]:
    """"entrambi i moduli suggeriti", "aggiungili tutti"; "togli tutti i moduli"."""
    said_before = _SAID_BEFORE.search(utterance.text)  # "tutti e due quelli che hai detto": the modules spoken of
    listed = state.asked_step is Step.MODULES or (state.cart_id is None and bool(state.listed_modules))  # "add
    # both please" after the add-ons were listed with no renewal open
    them = state.last_module is not None and state.last_quantity is None and _them(utterance)  # "levali tutti e due"
    suggested = SUGGESTED.search(utterance.text)  # "tutti e due i servizi che mi suggerite"
    if named or not (listed or _mentioned(utterance, MODULE_WORDS) or said_before or them or suggested):
        return []
    lemmas = utterance.lemmas
    modules_at = _mentioned(utterance, MODULE_WORDS)
    if suggested:
        modules_at = [*modules_at, utterance.word_index(suggested.start())]
    if said_before:
        modules_at = [*modules_at, utterance.word_index(said_before.start())]
    for i in _mentioned(utterance, ALL_WORDS):
        if _in_question(utterance, utterance.words[i].start) and not _may_i(utterance, utterance.words[i].start) \
                and not them:
            continue  # "conviene prenderli tutti e due?" asks (not "mettimele tutte e doje e dimme quanto fa")
        both_listed = (listed or them or suggested is not None) and not any(
            i + 3 <= j <= i + 5 for j in _mentioned(utterance, OTHER_ITEM_WORDS))
        # what is counted follows the number ("tutti e 3 gli utenti"), not "... e dimme quanto fa pe' n'anno"
        if _counted(utterance, i) and not any(i + 3 <= m <= i + 5 for m in modules_at) and not both_listed:
            continue  # "tutti e 3" (users?), but "tutti e due i moduli", "mettimeli tutti e due" at the modules step
        if set(lemmas) & DROP_VERBS and (modules_at or them or listed):  # not "annulla tutto"; "cavè tuti do"
            return [(utterance.words[i].start, AllModules(added=False))]
        if set(lemmas) & ADD_VERBS or (utterance.intent == "add_module" and not set(lemmas) & RENEW_WORDS):
            return [(utterance.words[i].start, AllModules(added=True))]  # "li rinnovo entrambi" keeps them
    return []


def _them(utterance: Utterance) -> bool:
    """A verb of adding or dropping with a plural pronoun joined to it ("levali", "mettile"): the things spoken of."""
    return any(w.lemma in ADD_VERBS | DROP_VERBS and _enclitic(utterance, w)
               and utterance.text[w.start:w.end].lower().endswith(("li", "le")) for w in utterance.words)
