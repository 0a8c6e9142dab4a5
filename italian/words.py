"""Italian words as customers type them: spelling put right, lemmas, accents folded.

``analyse("vorei rinnovre x tre ani")`` gives one ``Word`` per whitespace token,
with its span in the text, the corrected spelling and the lemma. Corrections
come from pyspellchecker's Italian dictionary, with this domain's vocabulary
preferred; lemmas from simplemma's Italian dictionary. Both ship inside their
wheels, load once per process and are cached per word.

Never touched: numbers, codes (letters with digits: ING2026), e-mail addresses,
words of one or two letters, and words already in the domain's vocabulary.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

import simplemma
from spellchecker import SpellChecker

DOMAIN_WORDS = frozenset([
    "rinnovo", "rinnova", "rinnovare", "rinnovi", "rinnovarlo", "rinnovarla", "rinnoviamo", "rinnovato",
    "rinnovata", "scadenza", "scade", "scaduto", "scaduta", "scadere", "scadenze", "abbonamento", "servizio",
    "fatturazione", "elettronica", "fattura", "fatture", "spazio", "aggiuntivo", "giga", "gigabyte", "utente",
    "utenti", "utenze", "configurati", "configurato", "modulo", "moduli", "conservazione", "norma", "solleciti",
    "sollecito", "pagamento", "pagamenti", "integrazione", "archivio", "documenti", "multiazienda", "gestione",
    "gestionale", "codice", "codici", "convenzione", "convenzionato", "ordine", "ordini", "professionale",
    "ingegneri", "architetti", "commercialisti", "sconto", "sconti", "anno", "anni", "annuale", "biennale",
    "triennale", "quadriennale", "quinquennale", "decennale", "durata", "carta", "credito", "debito", "visa", "paypal",
    "bonifico", "bancario", "bollettino", "postale", "pagare", "pago", "pagherò", "pagamento", "iban", "mail",
    "accetto", "accettare", "accetta", "accettato", "condizioni", "generali", "contratto", "conferma",
    "confermo", "confermare", "confermato", "annulla", "annullare", "annullo", "operatore", "persona",
    "assistente", "umano", "robot", "bot", "carrello", "riepilogo", "totale", "prezzo", "costo", "costa", "iva",
    "euro", "aggiungi", "aggiungere", "togli", "togliere", "rimuovi", "rimuovere", "elimina", "eliminare",
    "lascia", "lasciare", "tieni", "tenere", "uguale", "uguali", "invariato", "invariati", "stesso", "stessi",
    "diminuisci", "diminuire", "aumenta", "aumentare", "riduci", "ridurre", "scendi", "scendere", "sali",
    "primo", "secondo", "terzo", "quarto", "ultimo", "penultimo", "lista", "elenco", "grazie", "buongiorno",
    "buonasera", "salve", "ciao", "arrivederci", "certo", "esatto", "perfetto", "d'accordo", "va", "bene",
    "così", "sì", "no", "non", "niente", "nessun", "nessuno", "nessuna", "vorrei", "voglio", "desidero",
    "automatico", "automatica", "pulsante", "accedo", "accedere", "password", "account", "accesso", "accessi",
    "memoria"
])
"""This domain's words: preferred when a typo is one letter away from them."""

ABBREVIATIONS = {
    "agg": "aggiungi", "gen": "generali", "cond": "condizioni", "pag": "pagamento", "cod": "codice",
    "conv": "convenzione", "conf": "confermo", "ord": "ordine", "mod": "modulo", "tot": "totale", "rinn": "rinnovo",
    "cli": "cliente",
}
"""A desk's notes, usually with a dot ("agg. conservazione", "cod. conv. ING2026", "le condizioni gen. le ha
accettate"): written out like the shorthand."""

SHORTHANDS = {
    "nn": "non", "cn": "con", "cmq": "comunque", "x": "per", "xke": "perché", "xké": "perché", "xche": "perché",
    "xché": "perché", "pk": "perché", "ke": "che", "perche": "perché", "piu": "più", "gia": "già",
    "tt": "tutto", "grz": "grazie", "ok": "ok", "okay": "ok", "okey": "ok", "oki": "ok", "si": "sì",
    "cosi": "così", "qnd": "quando", "qlc": "qualcosa", "msg": "messaggio", "bn": "bene", "dv": "dove",
    "metteli": "mettili", "zeri": "zero", "aspe": "aspetta", "asp": "aspetta", "poi": "poi", "pò": "po'", "po": "po'",
    "e'": "è", "gb": "gb", "giga": "giga", "qnt": "quanto", "qnto": "quanto", "qto": "quanto", "prox": "prossimo",
    "nnt": "niente", "qlcs": "qualcosa", "qcs": "qualcosa", "sn": "sono", "dp": "dopo", "xk": "perché",
    "thx": "grazie", "tnx": "grazie", "cm": "come", "cs": "cosa", "xò": "però", "xo": "però", "mega": "mega",
    "mb": "mb", **ABBREVIATIONS,
}
"""Chat shorthand and accents left out, written out."""

_ABBREVIATION_DOT = re.compile(r"(?<![\w.])(?:" + "|".join(ABBREVIATIONS) + r")(\.)(?=\s|$)", re.IGNORECASE)
_OPENS_A_CLAUSE = re.compile(r"(?<=\w)(?<!\bnon)(?<!\bmi)(?<!\bci)(?<!\bti)(?<!\bvi)(?<!\bgli)(?<!\bne)(?<!\be)"
                             r"(?<!\bma)(?<!\bche)(?<!\bse)(?<!\bmica)(?<!\bgià)(?<!\bgia) (?=basta\b)", re.IGNORECASE)
"""Dictated without a comma, a word that opens a clause of its own: "lo spazio toglilo basta l'utente"."""


def punctuated(text: str) -> str:
    """The text as read, every character where it was: the dot after an abbreviation blanked ("agg.
    conservazione": no end of a sentence), a comma before a word that opens a clause when none was typed."""
    text = _ABBREVIATION_DOT.sub(lambda m: m.group()[:-1] + " ", text)
    text = _ELIDED.sub("'", text)  # "togli l ultimo": the apostrophe not typed
    return _OPENS_A_CLAUSE.sub(",", text)


_ELIDED = re.compile(r"(?:(?<=\bl)|(?<=\bdell)|(?<=\bnell)|(?<=\bsull)|(?<=\bdall)|(?<=\bquell))\s(?=[aeiouàèéìòù])",
                     re.IGNORECASE)
"""The space typed for the apostrophe of an article elided ("l ultimo", "dell utente", "quell altro")."""


REGIONAL = {
    # Sicilian
    "quantu": "quanto", "veni": "viene", "mintìti": "mettete", "mintiti": "mettete",
    "mintici": "mettici", "mìntici": "mettici", "minti": "metti", "vurrìa": "vorrei",
    "vurria": "vorrei", "rinnovari": "rinnovare", "cunfirmari": "confermare", "parrari": "parlare",
    "operaturi": "operatore", "pe": "per", "haiu": "ho", "serviziu": "servizio", "aggiunciti": "aggiungete",
    "bonificu": "bonifico", "voti": "volte", "semu": "siamo",
    "quiddu": "quello", "quidda": "quella",
    "chiddu": "quello", "chidda": "quella", "caru": "caro", "cara": "cara", "aviti": "avete", "dittu": "detto",
    "cunsigghiati": "consigliate", "cunsigghiari": "consigliare", "vuatri": "voi",
    "chiddi": "quelli", "n'": "un", "aggiuntivu": "aggiuntivo", "levamulu": "leviamolo", "pi": "per", "massimu": "massimo",
    "cundizioni": "condizioni", "cunfermu": "confermo", "mèt": "metti", "sich": "cinque", "agn": "anni",
    "allura": "allora", "unu": "uno", "sulu": "solo", "sula": "sola", "nun": "non", "nuddu": "nessuno",
    "nudda": "nessuna", "tri": "tre", "accettu": "accetto", "confermu": "confermo", "cangia": "cambia",
    "cangiari": "cambiare", "chistu": "questo", "chissu": "questo", "comu": "come",
    "vogghiu": "voglio", "vulissi": "vorrei", "vulissimu": "vorremmo", "vulia": "volevo", "havi": "ha",
    "rinnuvari": "rinnovare", "rinnovu": "rinnovo", "annu": "anno", "pagu": "pago",
    "cu": "con", "puru": "pure", "tuttu": "tutto", "configuratu": "configurato", "lassa": "lascia",
    "lassari": "lasciare", "picca": "poco", "assai": "molto", "macari": "anche",
    "sunnu": "sono", "amu": "abbiamo", "aiu": "ho", "fari": "fare", "spaziu": "spazio", "modulu": "modulo",
    "codici": "codice", "accussì": "così", "accussi": "così",
    "longu": "lungo", "possibbili": "possibile", "possibbile": "possibile",
    "rinnovamulu": "rinnoviamolo", "pu": "per", "scadìu": "scaduto", "cchiù": "più", "tiempo": "tempo",
    "novu": "nuovo", "vecchiu": "vecchio", "beni": "bene", "pozzu": "posso", "teniri": "tenere",
    "minimu": "minimo", "u": "il", "ca": "che",
    "dui": "due", "ppi": "per", "fammillu": "fammelo", "fallu": "fallo",
    "duppiu": "doppio", "vurissi": "vorrei", "bongiornu": "buongiorno", "livatili": "levateli",
    "livatilu": "levatelo", "livari": "levare", "livati": "levate", "facemuli": "facciamoli", "facemulu": "facciamolo",
    "mittimminni": "mettine", "mittitimminni": "mettetene", "aju": "ho", "nto": "nel",
    "aspittari": "aspettare", "automaticu": "automatico",
    "aggiuncinni": "aggiungine", "avia": "avevo", "aviamu": "avevamo", "nenti": "niente", "bonu": "buono",
    "mittiti": "mettete", "mitti": "metti",
    "bollettinu": "bollettino", "postali": "postale", "iu": "io", "chiù": "più",
    # Neapolitan
    "paro": "paio", "mumento": "momento", "mettite": "mettete", "buò": "bene", "buo": "bene",
    "mettimme": "mettimi", "lievame": "levami", "lieva": "leva", "lievete": "levati",
    "ddoje": "due", "doje": "due", "dduje": "due", "duje": "due", "facimmo": "facciamo", "anne": "anni",
    "vulesse": "vorrei", "rinnovà": "rinnovare", "miette": "metti", "miettelo": "mettilo", "miettela": "mettila",
    "mietteli": "mettili", "miettele": "mettile", "bbuò": "bene", "bbuo": "bene", "scennilo": "scendilo",
    "scenni": "scendi",
    "scennimmelo": "scendimelo", "scennimelo": "scendimelo", "mitte": "metti", "'un": "non", "quatr": "quattro",
    "deci": "dieci", "mità": "metà", "facimu": "facciamo", "lu": "il", "zontimi": "aggiungimi", "zonte": "aggiungi",
    "chel": "quello", "mancul": "meno", "coste": "costa", "doi": "due",
    "quanno": "quando", "nova": "nuova", "'o": "il", "'a": "la", "'e": "le", "'n": "un", "rinnovà'": "rinnovare",
    "nu": "un", "na": "una", "parlà": "parlare", "overa": "vera", "primma": "prima",
    "addò": "dove", "usà": "usare", "pagà": "pagare", "chillo": "quello", "chesto": "questo",
    "chisto": "questo", "facite": "fate", "pavà": "pagare",
    "pavo": "pago", "rinnuvà": "rinnovare", "jammo": "andiamo", "mo": "adesso", "nient": "niente",
    "voglie": "voglio", "stu": "questo", "sta": "questa", "pecché": "perché", "pecche": "perché",
    "tutt": "tutto", "assaje": "molto", "nisciuno": "nessuno", "aggio": "ho", "sti": "questi",
    # Roman
    "daje": "dai", "mo'": "adesso", "so'": "sono", "pe'": "per", "co'": "con", "'sto": "questo",
    "famme": "fammi", "dimme": "dimmi", "lassamo": "lasciamo", "mettece": "mettici", "levace": "levaci",
    "de": "di", "cor": "col", "aspè": "aspetta",
    "levame": "levami", "toglieme": "toglimi", "quer": "quel", "er": "il", "ner": "nel",
    "mettime": "mettimi", "damme": "dammi", "nun'": "non",
    # Venetian and Lombard
    "diese": "dieci", "bondì": "buongiorno", "passime": "passami", "pensemo": "pensiamo", "tolila": "toglila",
    "tolilo": "toglilo", "tolili": "toglili", "cambià": "cambiato", "procedemo": "procediamo", "cava": "togli",
    "gò": "ho", "dopero": "uso", "dòpero": "uso", "doperemo": "usiamo", "doperà": "usato",
    "cavélo": "toglilo", "rinnovemo": "rinnoviamo", "rinovemo": "rinnoviamo", "ato": "altro",
    "ata": "altra", "cavime": "toglimi", "caveme": "toglimi", "càvame": "toglimi", "gnente": "niente", "gninte": "niente",
    "cavilo": "toglilo", "cavelo": "toglilo", "cavalo": "toglilo", "càvalo": "toglilo", "star": "stare", "massa": "troppo",
    "cossa": "cosa", "sucede": "succede", "co": "con", "pol": "può", "boton": "pulsante", "botòn": "pulsante",
    "longo": "lungo", "longa": "lunga", "curto": "corto", "aceto": "accetto", "condizion": "condizioni",
    "tiràl": "tiralo", "tiral": "tiralo", "levèl": "levalo", "level": "levalo", "piò": "più", "mètt": "metti",
    "anc": "anche", "riva": "arriva", "par": "per", "semo": "siamo", "zontaghene": "aggiungine",
    "metine": "mettine",
    "tegno": "tengo", "lasé": "lascia", "lasè": "lascia", "speta": "aspetta", "metì": "metti", "zontar": "aggiungere",
    "cressùi": "cresciuti", "cressui": "cresciuti", "mèteli": "mettili", "meteli": "mettili",
    "metighe": "mettici", "dea": "della", "tuti": "tutti", "configurai": "configurati",
    "spasio": "spazio", "dopio": "doppio", "fame": "fammi", "go": "ho", "anca": "anche", "el": "il",
    "xe": "è", "condission": "condizioni", "meti": "metti", "pagar": "pagare", "rinovar": "rinnovare",
    "gavemo": "abbiamo", "vojo": "voglio", "voio": "voglio", "vorìa": "vorrei", "voria": "vorrei", "tuto": "tutto",
    "cussì": "così", "cussi": "così", "ghe": "ci", "sciur": "signore", "minga": "non", "ano": "anno", "ani": "anni",
    "utensa": "utenza", "dighe": "digli", "varda": "guarda", "dopia": "raddoppia", "dopie": "raddoppia",
    "dré": "dietro", "rinovà": "rinnovare", "mè": "mie", "amò": "ancora", "lé": "lì",
    # Apulian
    "mittece": "mettici", "atu": "altro", "automateche": "automatico", "je": "io", "vogghie": "voglio",
    "rennuvà": "rinnovare", "mò": "adesso", "ddò": "due", "accette": "accetto",
    # Piedmontese
    "veuj": "voglio", "rinové": "rinnovare", "për": "per", "ël": "il", "pì": "più", "longh": "lungo",
    "peul": "può", "giontme": "aggiungimi", "giontje": "aggiungili", "tùit": "tutti", "tuit": "tutti", "ij": "i",
    "mòduj": "moduli", "moduj": "moduli", "sugerì": "suggeriti", "pagh": "pago",
    # Ligurian
    "ciù": "più", "oua": "ora", "alloa": "allora", "gh'è": "c'è",
    # Tuscan
    "du'": "due",
    # Friulian
    "metimi": "mettimi", "massim": "massimo", "agns": "anni", "spazi": "spazio", "aggiuntîf": "aggiuntivo",
    "dopleilu": "raddoppialo", "pai": "pago", "simpri": "sempre", "aceti": "accetto", "lis": "le",
    "condizions": "condizioni", "rinnovâ": "rinnovare", "vuei": "voglio", "plui": "più", "mandi": "ciao",
    # Sardinian
    "eja": "sì", "ajò": "andiamo", "ajo": "andiamo",
    # forms met in batches bo to br
    "zonta": "aggiungi", "zonteme": "aggiungimi", "zontème": "aggiungimi", "cavèli": "toglili", "caveli": "toglili",
    "cavela": "toglila", "cavèla": "toglila", "conservassion": "conservazione", "consiliè": "consigliate",
    "consilià": "consigliato", "metilo": "mettilo", "spassio": "spazio", "rinovo": "rinnovo", "desso": "adesso",
    "bolletin": "bollettino", "scaduo": "scaduto", "alora": "allora", "quannu": "quando", "vota": "volta",
    "scalanu": "scalano", "soddi": "soldi", "scadutu": "scaduto", "finu": "fino",
    # forms met in batch cc
    "cavè": "togliete", "cave": "togliete", "tegnila": "tienila", "tegnilo": "tienilo", "tegnili": "tienili",
    "tegnile": "tienile", "tegnir": "tenere", "consigliè": "consigliate", "cchiu": "più", "cunsirvazioni": "conservazione",
    "fatturi": "fatture", "d'a": "della", "d'i": "delle",
}
"""Words of regional Italian (Sicilian, Neapolitan, Roman, Venetian, Lombard, Piedmontese, Apulian, Ligurian, Tuscan, Friulian,
Sardinian) as the Italian word meant."""

ENGLISH = {
    "years": "anni", "year": "anno", "keep": "tieni", "everything": "tutto", "confirm": "confermo",
    "confirmed": "confermo", "yes": "sì", "yep": "sì", "cancel": "annulla", "users": "utenti", "user": "utente",
    "renew": "rinnova", "renewal": "rinnovo", "accept": "accetto", "terms": "condizioni", "card": "carta",
    "thanks": "grazie", "thank": "grazie", "same": "uguale", "only": "solo", "add": "aggiungi",
    "remove": "togli", "discount": "sconto", "code": "codice", "price": "prezzo", "total": "totale",
    "hi": "ciao", "hello": "ciao", "bye": "ciao", "and": "e", "with": "con", "without": "senza", "all": "tutto",
    "nothing": "niente", "none": "nessuno", "more": "più", "less": "meno", "please": "grazie", "pls": "grazie",
    "plz": "grazie", "transfer": "bonifico", "bank": "banca", "wire": "bonifico", "invoice": "fattura",
    "payment": "pagamento", "pay": "pago", "order": "ordine", "now": "adesso", "after": "dopo", "before": "prima",
    "instead": "invece", "storage": "spazio",
    "space": "spazio", "great": "ottimo", "fine": "bene", "maximum": "massimo", "minimum": "minimo", "max": "massimo",
    "min": "minimo", "double": "doppio", "half": "metà", "one": "uno", "two": "due", "three": "tre",
    "accepted": "accettate", "agree": "accetto", "both": "entrambi", "module": "modulo", "modules": "moduli",
    "suggest": "consigliate", "which": "quali", "when": "quando", "expire": "scade", "expires": "scade",
    "expired": "scaduto", "exactly": "esattamente", "what": "cosa",
    "happens": "succede", "happen": "succede", "change": "cambia", "changes": "cambia", "buy": "comprare",
    "set": "metti", "put": "metti", "need": "devo", "want": "voglio", "drop": "togli", "reduce": "riduci",
    "can": "posso", "leave": "lascia", "later": "dopo", "not": "non", "enough": "basta", "first": "primo",
    "second": "secondo", "third": "terzo", "last": "ultimo",
}
"""Common English words customers mix in ("2 years", "keep everything", "confirm")."""

COMMON = 1000
"""A dictionary word seen at least this often is never "corrected" into a domain word."""
LONGEST = 20
"""Longer tokens are left as they are: no word of this domain is that long."""

_PROTECTED = re.compile(r"^(?:.*\d.*|.*@.*|[A-Z]{2,}\w*)$")
_EDGES = re.compile(r"^(?:[^\w'+-]|[+-](?!\d))+|[^\w']+$")
"""Punctuation around a word, but the sign of a number: "-5" stays "-5"."""


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str  # as typed, without the punctuation around it
    norm: str  # spelling put right, lower case
    lemma: str  # lemma of ``norm``, accents folded


def fold(text: str) -> str:
    """Lower case without accents: "Sì" → "si", "perché" → "perche"."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


@lru_cache(maxsize=1)
def _checker() -> SpellChecker:
    checker = SpellChecker(language="it", distance=1)
    checker.word_frequency.load_words(DOMAIN_WORDS)
    return checker


def _distance_at_most(a: str, b: str, limit: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` is at most ``limit`` (banded, small words)."""
    if abs(len(a) - len(b)) > limit:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
        if min(current) > limit:
            return False
        previous = current
    return previous[-1] <= limit


def _domain_candidate(word: str, limit: int) -> Optional[str]:
    """The most common domain word at most ``limit`` edits away from ``word``."""
    folded = fold(word)
    close = [w for w in DOMAIN_WORDS if _distance_at_most(folded, fold(w), limit)]
    return max(close, key=lambda w: (_checker()[w], w)) if close else None


_CLITICS = re.compile(r"(?:me|te|se|ce|ve|glie)?(?:lo|la|li|le|ne)$|(?:mi|ti|ci|vi|si|gli)$"
                      r"|m?m(?:i|e)(?:l?lu|l?li|l?la|nni)$|l?lu$")
"""Pronouns joined to a verb: "toglilo", "mettimelo", "aggiungimi", "rinnovamelo"; southern ones too:
"levatimmilu", "livatimmilli", "fammillu"."""


def _italian_clitics(pronouns: str) -> str:
    """Southern pronouns joined to a verb as the Italian ones: "mmilu" → "melo", "lu" → "lo", "nni" → "ne"."""
    single = re.sub(r"([ml])\1", r"\1", pronouns)  # "mmilli" → "mili"
    single = re.sub(r"^mi(?=l|n)", "me", single)  # "milu" → "melu"
    return single.replace("nni", "ne").removesuffix("u") + ("o" if single.endswith("u") else "")


def _undoubled(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", word)


def known(word: str) -> bool:
    return _checker()[word] > 0 or simplemma.is_known(word, lang="it")


def _verb_with_pronoun(word: str) -> Optional[str]:
    """The verb of "toglilo" ("togli"), if the word is a known verb with a pronoun joined to it."""
    match = _CLITICS.search(word)
    if match and match.start() >= 3:
        stem = word[:match.start()]
        if stem in REGIONAL:  # "livatimmilli": "livati" is "levate", the pronouns kept ("levatemeli")
            return REGIONAL[stem] + _italian_clitics(match.group())
        last = _LAST_CLITIC.search(word)  # "mettelo" is "mette" + "lo", not "met" + "telo"
        stems = [word[:last.start()]] if last and last.start() > match.start() else []
        stems += [stem[:-1], stem] if stem[-1] == match.group()[0] else [stem]  # "fammelo": "fa" + "mmelo"
        for verb in (v for each in stems for v in (each, each + "e", each[:-1] + "e" if each.endswith("a") else each)):
            if len(verb) >= 2 and known(verb):
                return verb
    return None


_LAST_CLITIC = re.compile(r"(?:lo|la|li|le|ne|mi|ti|ci|vi|si|gli)$")


_SOUTHERN_ENDINGS = (("ari", ("are",)), ("iri", ("ere", "ire")), ("eri", ("ere",)), ("u", ("o",)), ("i", ("e",)))
"""Southern endings (Sicilian, Calabrian, Salentine) and the Italian ones: "rinnuvari", "teniri", "tuttu"."""


def _southern(word: str) -> Optional[str]:
    """The Italian word a southern form stands for, when the word is not Italian and its Italian ending makes a
    known word ("cunfirmari" is not one: spelling correction may still find it)."""
    if len(word) < 4 or known(word):
        return None
    for ending, italian in _SOUTHERN_ENDINGS:
        if word.endswith(ending):
            for replacement in italian:
                candidate = word[: -len(ending)] + replacement
                if _checker()[candidate] >= COMMON or candidate in DOMAIN_WORDS:
                    return candidate
    return None


def written_out(token: str) -> bool:
    """Whether the word is one the tables write out (shorthand, regional, English), not a guess of the corrector."""
    word = token.lower().replace("’", "'")
    return any(word in table for table in (SHORTHANDS, REGIONAL, ENGLISH))


@lru_cache(maxsize=50_000)
def correct(token: str) -> str:
    """The word as it was meant: "rinnovre" → "rinnovare", "bonifco" → "bonifico", "tre ani" → "anni"."""
    if _PROTECTED.match(token):
        return token.lower()
    word = token.lower().replace("’", "'")
    for table in (SHORTHANDS, REGIONAL, ENGLISH):
        if word in table:
            return table[word]
    southern = _southern(word)
    if southern is not None:
        return southern
    if len(word) <= 2 or len(word) > LONGEST or not word.replace("'", "").isalpha() or word in DOMAIN_WORDS:
        return word
    checker = _checker()
    if checker[word] >= COMMON:
        return word
    candidate = _domain_candidate(word, 1)
    if known(word):
        # A rare word one doubled letter away from the domain's ("ani", "bolletino") is that word mistyped.
        return candidate if candidate and _undoubled(fold(candidate)) == _undoubled(fold(word)) else word
    if candidate is not None:
        return candidate
    verb = _verb_with_pronoun(word)
    if verb is not None:
        return verb
    if len(word) >= 7:
        candidate = _domain_candidate(word, 2)
        if candidate is not None:
            return candidate
    return checker.correction(word) or word


@lru_cache(maxsize=50_000)
def lemma(word: str) -> str:
    """The lemma, accents folded: "togline" → "togliere", "utenti" → "utente", "Sì" → "si"."""
    if _PROTECTED.match(word) or not word.replace("'", "").isalpha():
        return word.lower()
    found = fold(simplemma.lemmatize(word, lang="it"))
    if found == fold(word) and not known(word):  # "levatemeli": the verb's, the pronouns joined to it left out
        verb = _verb_with_pronoun(word.lower())
        if verb is not None and verb != word.lower():
            return lemma(verb)
    return found


_TOKEN = re.compile(r"(?<!\w)['’](?:[^\W\d_]|un)(?=\s|$)|[^\W\d_]+['’](?=[^\W\d_])|[^\s'’]+(?:['’](?![^\W\d_]))?")
"""Whitespace-separated tokens, with an elided article apart: "l'ultimo" is "l'" and "ultimo"; a southern
article keeps its apostrophe ("'o", "'a", "'n")."""


def analyse(text: str) -> list[Word]:
    """One ``Word`` per token of ``text`` (punctuation around it left out)."""
    words: list[Word] = []
    for match in _TOKEN.finditer(text):
        token = _EDGES.sub("", match.group())
        if match.group() == "+" and not re.match(r"\s*\d", text[match.end():]):  # "+ solleciti": add them; but
            first = not words or bool(re.search(r"[,.;:!?]", text[words[-1].end:match.start()]))  # "nn voglio + i
            added = "aggiungi" if first else "più"  # solleciti" is "più"
            words.append(Word(match.start(), match.end(), "+", added, lemma(added)))
            continue
        if not token:
            continue
        start = match.start() + match.group().find(token)
        glued = _GLUED.fullmatch(token)
        if glued:  # "per dueanni", dictated: two words
            for part in ("count", "unit"):
                words.append(Word(start + glued.start(part), start + glued.end(part), glued.group(part),
                                  correct(glued.group(part)), lemma(correct(glued.group(part)))))
            continue
        norm = correct(token)
        words.append(Word(start, start + len(token), token, norm, lemma(norm)))
    words = _split_words_joined(text, words)
    for i, word in enumerate(words):  # "'n cchiù" is "in più", "dei do" is "dei due"
        typed = word.text.lower().replace("’", "'")
        meant = (BEFORE_WORD.get(typed, {}).get(words[i + 1].norm) if i + 1 < len(words) else None) or (
            AFTER_WORD.get(typed, {}).get(words[i - 1].norm) if i > 0 else None)
        if meant:
            words[i] = Word(word.start, word.end, word.text, meant, lemma(meant))
    return words


_GLUED = re.compile(r"(?P<count>un|uno|una|due|tre|quattro|cinque|sei|sette|otto|nove|dieci)"
                    r"(?P<unit>anni|anno|giga|utenti|utente)", re.IGNORECASE)
"""A number and its unit run together by dictation ("dueanni")."""
JOINABLE = DOMAIN_WORDS | {"adesso"}


def _split_words_joined(text: str, words: list[Word]) -> list[Word]:
    """A word split in two by dictation or the phone ("con servazione", "solle citi", "pay pal", "bono fico"): the
    two typed pieces, one space apart, that make a word of this domain when joined (or, long and of two pieces
    neither of which is a word of the domain, one edit from one), neither of them being that word."""
    joined: list[Word] = []
    for word in words:
        before = joined[-1] if joined else None
        if before is not None and text[before.end:word.start] == " " and before.text.isalpha() and word.text.isalpha():
            whole = (before.text + word.text).lower()
            meant = whole if whole in JOINABLE and len(whole) >= 6 else (
                _domain_candidate(whole, 1) if len(whole) >= 8 and before.norm not in JOINABLE
                and word.norm not in JOINABLE else None)  # not "rinnova a" + "desso"
            if meant and meant not in (before.norm, word.norm) and not (before.norm in JOINABLE and word.norm in JOINABLE):
                joined[-1] = Word(before.start, word.end, text[before.start:word.end], meant, lemma(meant))
                continue
        joined.append(word)
    return joined


NUMBER_NORMS = {"un", "uno", "una", "due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci",
                *map(str, range(1, 11))}
BEFORE_WORD = {"'n": {"più": "in", "piu": "in", "meno": "in"},
               "'e": {number: "di" for number in NUMBER_NORMS} | {"giga": "di", "gb": "di", "utenti": "di"},
               "an'": {"m": "non", "mi": "non", "ci": "non"},
               "ca": {"carta": "con", "bonifico": "con", "bollettino": "con", "paypal": "con"},
               "du": {"an": "due", "anni": "due", "ani": "due", "gb": "due", "giga": "due", "utenti": "due"}}
"""A regional word whose meaning depends on the next: Neapolitan "'n" is "un", but "in" before "più"; "'e" is
"le", but "di" before a number ("scennimmelo 'e doje GB"); Sicilian "ca" is "che", but "con" before a way to pay
("pagu ca carta"); Emilian "an" is "non" before a pronoun ("an'm serv
piò"), "du" is "due" before what is counted ("fa du an")."""
AFTER_WORD = {"do": {"dei": "due", "i": "due", "e": "due", "tutti": "due", "quei": "due"}, "menu": {"di": "meno"},
              "an": {number: "anni" for number in NUMBER_NORMS - {"un", "uno", "una", "1"}}
              | {"du": "anni", "un": "anno", "uno": "anno", "1": "anno"}}
"""One whose meaning depends on the word before: Venetian "do" is "due" in "quel più longo dei do"; Emilian "an"
is "anni" after a number ("fa du an"), "anno" after one ("metine un an in più"); Sicilian "menu" is "meno" after
"di" ("unu di menu")."""


def normalised(words: list[Word]) -> tuple[str, list[tuple[int, int, Word]]]:
    """The words' corrected spelling as one text, and where each word sits in it."""
    parts, places, position = [], [], 0
    for word in words:
        parts.append(word.norm)
        places.append((position, position + len(word.norm), word))
        position += len(word.norm) + 1
    return " ".join(parts), places


def original_span(places: list[tuple[int, int, Word]], start: int, end: int) -> tuple[int, int]:
    """The span in the typed text of the normalised text's ``start:end`` (whole words)."""
    inside = [word for s, e, word in places if s < end and e > start]
    return (inside[0].start, inside[-1].end) if inside else (0, 0)
