"""The words and patterns that carry meaning, in one place: what names each item of the cart, the verbs that
add, drop, keep or change, negations, ordinals, yes and no, the intents that are questions. A new word is a
line here, not a new reader.
"""
from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from renewal.dialogue.commands import (
    Step,
    Topic,
)
from renewal.dialogue.steps import CART_ITEMS, QUANTITY_STEPS

NEGATIONS = {"non", "niente", "nessuno", "nessun", "senza", "mica", "neanche", "nemmeno"}


STORAGE_WORDS = {"spazio", "giga", "gb", "gigabyte", "storage", "memoria", "archiviazione"}


USER_WORDS = {"utente", "utenza", "user", "account", "accessi"}  # "gli accessi mettine uno" (not "l'accesso")


YEAR_WORDS = {"anno", "durata", "annuale", "biennale", "triennale"}


MODULE_WORDS = {"modulo", "lista", "elenco", "opzione", "servizio aggiuntivo"}


CODE_WORDS = {"codice", "convenzione", "sconto", "convenzionato", "coupon"}


DROP_VERBS = {"tirare", "togliere", "rimuovere", "eliminare", "levare", "leva", "cancellare", "scartare", "escludere",
              "tagliare", "disdire", "disattivare", "annullare"}


ADD_VERBS = {"aggiungere", "mettere", "inserire", "includere", "attivare", "prendere", "aggiunto", "aggiunta"}


WANT_VERBS = {"usare", "volere", "servire", "interessare", "rinnovare", "tenere", "desiderare", "mantenere", "occorrere",
              "intendere"}  # "intendevo quello per collegare il gestionale"


KEEP_WORDS = {"lasciare", "tenere", "restare", "rimanere", "mantenere", "uguale", "invariato", "stesso",
              "confermare", "idem"}


SUGGESTED = re.compile(r"\b(?:suggerit\w*|suggeri\w*|consigliat\w*|consigli\w*|propost\w*|propon\w*|(?:puoi|posso|potrei)\s+"
                       r"aggiungere|interessar\w*|nuovi|da\s+aggiungere)\b", re.IGNORECASE)
""""il secondo che mi hai suggerito", "l'ultimo dei consigliati": a place among the suggested modules."""


_THE_ONE = re.compile(r"\b(?:quell[oa]|lo|la|il\s+modulo)\s+che\s+(?:(?:m[ie]|gli|le|ci|vi)\s+"
                      r"(?:hai|ha|avevi|aveva|avete|propon\w*|suggeri\w*|consigli\w*)|propon\w*|suggeri\w*|consigli\w*)\b"
                      r"|\b(?:aggiung|mett)\w*(?:lo|la)\b|\bil\s+modulo\s+(?:suggerito|consigliato|proposto)\b",
                      re.IGNORECASE)
""""quello che mi hai suggerito": the one suggested module, if there is only one."""
_THOSE = re.compile(r"\b(?:quell[ie]|i\s+moduli)\s+che\s+m[ie]\s+(?:hai|ha|avevi|aveva|avete|propon\w*|suggeri\w*|consigli\w*)\b"
                    r"|\b(?:i\s+moduli|quell[ie])\s+(?:suggerit|consigliat|propost)[ie]\b", re.IGNORECASE)
""""aggiunga quelli che mi ha proposto", "i moduli suggeriti": every suggested module."""

_HAD_ALREADY = re.compile(r"\bquel(?:lo|la|li|le)?\s+che\s+(?:c'|ci\s+)?(?:avev|tenev)\w*\s+(?:già|gia|da\s+prima|prima)\b"
                          r"|\bquel(?:lo|la|li|le)?\s+che\s+(?:c'|ci\s+)?(?:ho|avevo|tenevo)\s+(?:già|gia)\b"
                          r"|\b(?:il\s+modulo|quello)\s+vecchio\b", re.IGNORECASE)
""""leva quello che tenevo già da prima": the module bought before, not the one just added."""


MODULE_PURPOSES = {
    "conservazione": {"conservare", "conservazione", "norma", "legge", "legale", "sostitutiva"},
    "solleciti": {"sollecito", "sollecitare", "promemoria", "ricordare", "moroso", "insoluto", "incassare",
                  "cliente"},  # "quello per i clienti che non pagano"
    "api": {"gestionale", "programma", "software", "collegare", "integrare", "integrazione", "sincronizzare",
            "collegamento", "connettere", "api"},
    "archivio": {"archiviare", "archivio", "ddt", "contratto", "documento"},
    "multiazienda": {"azienda", "società", "aziende", "multiazienda", "partite"},
}
"""What each module is for, in customers' words: "quello per collegare il gestionale" is the API module."""
MODULE_PURPOSE_PHRASES = {
    "conservazione": re.compile(r"\bfattur\w*\s+(?:[\w']+\s+){0,4}?(?:per\s+)?(?:10|dieci)\s+ann[io]\b", re.IGNORECASE),
}
"""What a module is for said in more than one word: "tenere le fatture dieci anni" is keeping them by law."""
DESCRIPTION_REACH = 9
"""How many words after "quello che/per" its description may reach (in its clause)."""


_THE_OTHER = re.compile(r"\b(?:l'|quell?'|quest')altr[oa]\b(?!\s+(?:volta|giorno|anno|anni|utente|utenti|gb|giga|spazio|"
                       r"metodo|codice|ordine|rinnovo|carrello|servizio|cosa)\b)", re.IGNORECASE)
""""e l'altro quanto costa?": the suggested module other than the one spoken of last."""


_DESCRIBED = re.compile(r"\b(?:q(?:ue)?ll[oa]|(?:il|quel)\s+modulo|l'opzione|la\s+funzione|(?:la|quella)\s+cosa"
                        r"|(?:il|quel)\s+servizio(?=\s+che\b))"
                        r"\s+(?:che|per|di|del|della|dei|"
                        r"delle|sul|sulla|con|dove|x)\b", re.IGNORECASE)
""""quello per collegare i programmi", "il modulo dei promemoria": a module by what it does."""


ALL_WORDS = {"tutto", "entrambi", "entrambe", "ogni"}


ARTICLES = {"il", "lo", "la", "l'", "i", "gli", "le"}


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


NOT_A_PLACE_AFTER = {"prima": {"di", "del", "dello", "della", "dei", "degli", "delle", "che", "ancora", "o"},
                     "secondo": {"me", "te", "lei", "voi", "noi", "il", "lo", "la", "i", "gli", "le", "quanto", "quello"}}
NOT_A_PLACE_BEFORE = {"prima": {"come", "di", "da", "ma", "e"}}
""""prima di rinnovare", "secondo me", "come prima": no place in a list."""
PLACE_ONLY_AFTER = {"prima": {"la", "alla", "della", "nella", "sulla", "quella", "questa"}}
""""prima" is also the adverb ("prima però: ci sono altri moduli?"): a place only after its article."""


def ordinal(utterance: Any, index: int) -> int | None:
    """The place word ``index`` of ``utterance`` names ("il secondo" 2, "l'ultimo" -1), or None."""
    words, text = utterance.words, utterance.text
    word = words[index]
    place = ORDINALS.get(word.lemma) or ORDINALS.get(word.norm)
    after = words[index + 1].norm if index + 1 < len(words) and not text[word.end:words[index + 1].start].strip() else ""
    before = words[index - 1].norm if index > 0 and not text[words[index - 1].end:word.start].strip() else ""
    articled = word.norm == "secondo" and before in ("il", "al", "del", "nel", "quello")  # "il secondo quanto costa?"
    if place is None or (after in NOT_A_PLACE_AFTER.get(word.norm, ()) and not articled) \
            or before in NOT_A_PLACE_BEFORE.get(word.norm, ()):
        return None
    if word.norm in PLACE_ONLY_AFTER and before not in PLACE_ONLY_AFTER[word.norm]:
        return None
    return place


YES = {"si", "ok", "va bene", "certo", "certamente", "esatto", "d'accordo", "perfetto", "giusto", "sicuro",
       "certo che si", "si grazie", "ok grazie", "va bene grazie", "ok va bene", "si va bene", "yes", "bene",
       "ottimo", "procedi", "procediamo", "avanti", "vai", "si certo", "si esatto", "si si", "volentieri",
       "assolutamente", "assolutamente si", "ovvio", "ovviamente", "sì", "ok perfetto", "perfetto grazie",
       "👍", "👌", "ok 👍", "si 👍", "✔", "✅", "fallo", "fallo pure", "fai pure", "cambialo", "cambiali", "vai pure",
       "ok fallo", "ok cambialo"}


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


_INSTEAD_OF = re.compile(r"\b(?:(?:invece|al\s+posto)\s+(?:di|del|della|dello|dei|delle|dell'|che|d'|du|de|'e|'o)|anzich[eé]"
                         r"|piuttosto\s+che|instead\s+of|rather\s+than)"
                         r"(?:\s+[\w']+){0,5}\s*$", re.IGNORECASE)
"""Before a payment method: the one not wanted ("invece che con la carta")."""


_IT_DROPPED = re.compile(r"\b(?:togli|lev|rimuovi|elimina|scarta)\w*?(?:lo|la|li|le)\b"
                         r"|\b(?:lo|la|li|le)\s+(?:togli|tolg|lev[aio]|rimuov|elimin)"
                         r"|\b(?:quell[oa]|quest[oa])(?:\s+l[iì])?\s+non\s+(?:lo|la)\s+(?:rinnov|vogli|prend|teng|tien|mett)\w*"
                         r"|\bnon\s+(?:lo|la|li|le)\s+(?:prend|vogli|mett|aggiung)\w*",
                         re.IGNORECASE)  # "allora quello lì non lo rinnovi"; "ok non lo prendo"
""""toglilo", "levali", "lo tolgo": the thing just named or changed."""


NUMBERED_NOUNS = {"fattura", "fatture", "ordine", "pratica", "numero", "n", "nr", "ticket", "richiesta", "protocollo",
                  "telefono", "cellulare", "cell", "tel", "partita", "via", "civico", "cap", "pagina", "riga", "articolo",
                  "art", "cliente", "contratto", "documento", "nota"}
"""Nouns a number names rather than counts: "la fattura 118" is no 118 GB."""
OTHER_UNITS = {"euro", "eur", "€", "giorni", "giorno", "mesi", "mese", "ore", "ora", "minuti", "minuto", "settimane",
               "settimana", "%", "percento", "volte", "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio",
               "agosto", "settembre", "ottobre", "novembre", "dicembre", "cliente", "clienti", "fatture", "fornitori",
               "documenti", "aziende", "società", "partite", "pagine", "email", "mail", "cose", "domande", "richieste",
               "punti", "questioni", "mega", "mb", "megabyte", "kb"}
"""Units, months and things counted after a number that make it no quantity of this renewal ("118 euro", "il 15
marzo", "un paio de clienti che fanno i furbi")."""
PEOPLE_NOUNS = {"persona", "persone", "collega", "colleghi", "colleghe", "dipendente", "dipendenti", "collaboratore",
                "collaboratori", "collaboratrice", "collaboratrici", "impiegato", "impiegati", "impiegata", "impiegate",
                "ragazzo", "ragazzi", "ragazza", "ragazze", "assunto", "assunti", "socio", "soci", "farmacista",
                "farmacisti", "praticante", "praticanti", "segretaria", "segretarie", "stagista", "stagisti"}
"""People counted after a number: a count of users, never of GB or years ("due nuove persone")."""


_LAST_CHANGED = re.compile(r"\b(?P<verb>(?:togli|lev|rimuov|elimin|scart|rimett|riaggiung|mett|aggiung)\w*)\s+"
                           r"(?:l'ultim[oa]|quell[oa])\s+(?:che\s+)?(?:ti\s+ho\s+fatto\s+|ho\s+|abbiamo\s+|hai\s+|"
                           r"avevo\s+|mi\s+hai\s+)?(?:appena\s+|prima\s+|gi[aà]\s+)?(?:aggiun|mess|inser|tolt|lev)\w*",
                           re.IGNORECASE)
""""togli l'ultimo che ti ho fatto aggiungere": the module changed last, not the last of the list."""


_BY_PRICE = re.compile(r"\b(?:quell[oa]\s+che\s+(?:\w+\s+)?costa\s+(?:di\s+)?(?P<less>meno)"
                       r"|(?:il|la|quell[oa])\s+(?:pi[uù]\s+)?(?P<cheap>economic[oa])|(?:il|la|quell[oa])\s+meno\s+car[oa]|quell[oa]\s+che\s+costa\s+(?:di\s+)?pi[uù]"
                       r"|(?:il|la|quell[oa])\s+pi[uù]\s+car[oa])\b", re.IGNORECASE)
""""quello che costa meno dei due", "il più caro": a suggested module by its price."""


_IT_ADDED = re.compile(r"\b(?:rimett|riaggiung|mett|aggiung|rinnov)\w*?(?:lo|la|li|le)\b"
                       r"|\b(?:no|anzi)\b[\s,]+(?:(?:no|anzi)\b[\s,]+)?lasci\w*?(?:lo|la|li|le)\b"  # "no anzi lasciala"
                       r"|\b(?:lo|la)\s+(?:rimett|riaggiung)\w*"  # "la rimetta subito"
                       r"|\b(?:lo|la|li|le)\s+(?:aggiung|mett|inserisc|prend)\w*\b(?!\s+(?:a|ad|al|su|per|da|di)\b)"
                       # "lo aggiunga pure" (not "lo metta a 1 GB")
                       r"|\b(?:rimett|riaggiung)\w*\s+quell[oa]\s+di\s+prima\b"
                       r"|\b(?:mett|aggiung)\w*\s+quell[oa]\s*(?:[.,;:!?]|$)"  # "eja, aggiungi quello"
                       r"|\b(?:mett|aggiung)\w*\s+quell[oa]\s+(?:di\s+cui\s+(?:\w+\s+)?(?:parl|dic)\w*|che\s+(?:mi\s+)?"
                       r"(?:dicevi|dicevamo|hai\s+detto|avevi\s+detto))\b"  # "mettimi quello di cui parlavamo"
                       r"|\bquell[oa]\s+(?:mi|ci)\s+interessa\b", re.IGNORECASE)  # "ok quello mi interessa"


_CANCEL = re.compile(r"(?:^|[,.;:!]\s*|\b(?:allora|vabbè|vabbe|ok|no|dai|aspetta)\s+)"
                     r"(?:annull(?:a|i|iamo)|lascia(?:mo)?\s+perdere)(?:\s+pure)?\s*(?:tutto|(?:il|questo)\s+rinnovo|l'ordine)?"
                     r"\s*(?:[,.;:!]|$)", re.IGNORECASE)
""""annulla", "mah sai che c'è, annulla, ne parlo prima": a cancellation standing alone in its clause."""


_CANCEL_CUE = re.compile(r"\b(?:annull\w*|cancell\w*|lasci\w*\s+(?:\w+\s+)?(?:perder?e?|sta(?:re)?)|stop|basta|rinunci\w*"
                         r"|disdic\w*"
                         r"|disdett\w*|c[ie]\s+(?:ri)?pens\w*|non\s+(?:\w+\s+){0,3}(?:rinnov\w*|procede\w*|interess\w*|serve|faccio|fare|nulla|niente"
                         r"|più)|niente\s+rinnovo|no\s+grazie|fermati|ferma\s+tutto|lasciamo|chiudi\w*|forget|cancel)\b",
                         re.IGNORECASE)
"""The words that cancel: the classifier's "cancel" without one of them is a guess ("il più lungo possibile")."""


_NOT_WAITING = re.compile(r"\b(?:invece\s+di\s+aspettare|senza\s+(?:aspettare|attendere)|prima\s+(?:dell'addebito|del\s+"
                          r"rinnovo\s+automatico)|anche\s+se\s+(?:ho|abbiamo|c'e|ce|c\s+e)\s+(?:gia\s+)?(?:il\s+)?"
                          r"rinnovo\s+automatico|non\s+(?:aspetto|aspettiamo|attendo|voglio\s+aspettare)\s+"
                          r"(?:l\W?\s*|il\s+|lo\s+)?(?:automatico|addebito|rinnovo\s+automatico))\b")
"""Renewing now said outright against the automatic renewal ("senza aspettare il rinnovo automatico"): no need
to ask whether to renew anyway (a plain "rinnovo subito, con bonifico" is asked once, with what changes)."""


_LET_IT_RENEW = re.compile(r"\b(?:lascio|lasciamo|lascia|lasciate)\s+"
                           r"(?:fare\s+(?:a[li]|il)\s+|che\s+(?:vada|faccia)\s+(?:il\s+)?)?(?:il\s+|al\s+)?rinnovo\s+automatico|\baspett\w*\s+(?:il\s+)?rinnovo\s+automatico"
                           r"|\b(?:mi\s+)?(?:va\s+bene|tengo|teniamo|preferisco)\s+(?:il\s+|quello\s+)?(?:rinnovo\s+)?automatico"
                           r"|\blasci\w*\s+perdere\s+(?:il\s+)?rinnovo\s+(?:anticipato|adesso|ora)"
                           r"|\btanto\s+c\W?\s*e\s+(?:quello|il\s+rinnovo)\s+automatico")
""""lascio fare al rinnovo automatico", "aspetto il rinnovo automatico": no renewal now (on folded text)."""


_WHAT_TO_DO = re.compile(r"\b(?:che\s+cosa|cosa|che)\s+(?:devo|dovrei|dobbiamo|dovremmo|bisogna|si\s+deve)\s+fare\b"
                         r"|\b(?:che\s+cosa|cosa|che)\s+(?:faccio|facciamo)\s*(?:ora|adesso|allora)?\s*(?:[?.!]|$)"
                         r"|\bcome\s+(?:devo\s+fare|procedo|procediamo)\b")
_ABOUT_EXPIRY = re.compile(r"\b(?:scad\w*|rinnov\w*|promemoria|avviso)\b")
""""mi è arrivato l'avviso che scade, cosa devo fare?", a reminder pasted with "cosa devo fare?": the answer is the
renewal itself (on folded text)."""


_CHANGED_MIND = re.compile(r"\b(?:ho\s+cambiato\s+idea|cambiato\s+idea|ci\s+ho\s+ripensato|ripensandoci|riprendi\w*|procediamo|"
                           r"procedi|andiamo\s+avanti|vai\s+avanti|continuiamo|rimetti\s+tutto|come\s+prima)\b", re.IGNORECASE)
""""ho cambiato idea, procediamo" after cancelling: the renewal back as it was."""


_DONE_TO_IT = re.compile(r"\b(?:cancellat|annullat|eliminat|chius|scadut)\w*", re.IGNORECASE)
""""cancellato?": what was done to the service, asked about; no cancelling."""


_TAKEN_BACK = re.compile(r"\b(?:anzi|sai\s+che\s+c'è|sa\s+che\s+c'è|sai\s+che\s+c'e|sa\s+che\s+c'e|"
                         r"lascia(?:mo)?\s+(?:perdere|stare)|ripensandoci)\b", re.IGNORECASE)
"""Words that take back what the message asked before them, when a person is asked for after them."""

_LATER = re.compile(r"\b(?:ricontatt\w*|risent\w*|ripass\w*|(?:vi|ti|le|ve|te)\s+riscriv\w*|riscriv\w*\s+(?:più|piu)\s+tardi|"
                    r"ci\s+sentiamo|c[ie]\s+(?:devo\s+|dobbiamo\s+|voglio\s+)?(?:ri)?pens\w*|c[ie]\s+riflett\w*|"
                    r"(?:mi|me)\s+fermo\s+(?:qui|qua)|(?:vi|ti|le|ve|te)\s+faccio\s+sapere|più\s+avanti|piu\s+avanti|"
                    r"per\s+ora\s+(?:no|non)|non\s+(?:rinnovo|rinnoviamo)\s+(?:per\s+ora|adesso|ora)|"
                    r"(?:torno|ritorno|rientro)\s+(?:tra|fra)\s+(?:poco|un\s+po\w*|un\s+attimo|qualche|\w+\s+minut\w*)|"
                    r"(?:torno|ritorno)\s+(?:subito|dopo|domani|(?:più|piu)\s+tardi)|(?:come|get)\s+back|talk\s+(?:with|to)\s+my|"
                    r"\w+(?:o|iamo)\s+(?:domani|stasera|(?:più|piu)\s+tardi|in\s+seguito)|per\s+oggi[\s,]+basta|"
                    r"(?:sentir\w*|sento|chied\w*|parl\w*|consult\w*|confront\w*|aspett\w*)(?:\s+[\w']+){0,3}?\s+(?:(?:il|la|l'|col|"
                    r"coi|con|mio|mia|miei|nostro|nostra|al|alla|all'|dal|dalla|dall')\s*)+"
                    r"(?:soci[oa]?|titolar\w*|capo|commercialist\w*|amministrazion\w*|amministrat\w*|collegh?\w*|"
                    r"moglie|marito|responsabil\w*|contabil\w*|direttor\w*|ufficio|principale))\b", re.IGNORECASE)
""""per ora non rinnovo, poi vi ricontatto": the customer leaves for now; "devo sentire il mio socio, torno tra
poco", "ne parlo con l'amministrazione": someone else is asked first (a verb of asking before the person)."""


_LATER_IN_THIS_CHAT = re.compile(r"\b(?:lo|la|li|le|ci|ne)\s+(?:scelgo|scegliamo|decido|decidiamo|vedo|vediamo|dico|"
                                 r"diciamo|penso|pensiamo|metto|mettiamo)\s+(?:dopo|poi|(?:più|piu)\s+avanti|alla\s+fine)\b",
                                 re.IGNORECASE)
""""il pagamento lo scelgo dopo": one thing left for later in this chat, the renewal goes on."""


PRICE_NOUNS = {"prezzo", "prezzi", "costo", "costi", "totale", "spesa", "importo", "cifra"}
"""What a question about the money names: "cambia qualcosa nel prezzo?"."""


_WONDER = re.compile(r"\b(?<!faccio\s)(?<!facciamo\s)(?<!far\s)(?<!fare\s)(?:sapere|chiedere|domanda|capire|spiegami"
                     r"|mi\s+dica|mi\s+dici)\b"  # not "vi faccio sapere"
                     r"|\b(?:come|dove|cosa|che\s+cosa)\s+(?:faccio|facciamo|posso|possiamo|devo|dobbiamo|si\s+fa|trovo)\b"
                     r"|\b(?:cosa|che)\s+(?:succede|cambia|comporta)\b"
                     r"|\b(?:chiede|chiedono|domanda|domandano|vuole\s+sapere)\s+(?:anche\s+|pure\s+)?(?:se|quando|quanto|come|dove"
                     r"|cosa|perche|perché|quale|qual|a\s+(?:che|quale|chi)|di\s+quanto|fino\s+a)\b")
# "il cliente chiede se la scadenza cambia subito": a question asked for someone else
"""A question asked without a question mark ("volevo sapere...", "una domanda:", "come faccio a liberare spazio")."""


_RENEW_NOW = re.compile(r"\brinnov\w*\s+(?:\w+\s+)?(?:adesso|ora|subito|oggi)\b|\b(?:adesso|subito)\s+(?:lo\s+|la\s+)?rinnov\w*")
""""rinnova adesso", "subito lo rinnovo": to the question whether to renew now, yes (folded text)."""


_YES_GO_AHEAD = re.compile(r"^\W*(?:(?:si|ok|certo|va\s+bene)\b[\s,!.]*)+(?:(?:allora|dai|pure)\s+)?"
                           r"(?:procedi\w*|vai|andiamo|avanti|rinnov\w*|fallo|facciamolo)\b")
""""si si procedi ora, nn mi fido dell automatico": a yes that goes ahead, whatever negation follows (folded text)."""


_FOR_NOW = re.compile(r"\b(?:per|x)\s+(?:ora|adesso|oggi|il\s+momento)\b|\b(?:più|piu)\s+tardi\b", re.IGNORECASE)


_CANCEL_WORD = re.compile(r"\b(?:annull|cancell|elimin|svuot|disdi)\w*", re.IGNORECASE)
""""lascio stare per ora" puts the renewal off; "annulla per ora" still cancels it."""


_CANCEL_ORDER = re.compile(r"\bannull\w*\s+(?:\w+\s+){0,2}?(?:l'|il\s+)?ordine\b|\bannull\w*(?:lo|telo|rlo)\b",
                           re.IGNORECASE)
""""annullare l'ordine", "annullatelo": after the order, wherever it is in the message."""


CORRECTION_WORDS = {"anzi", "no", "meglio", "facciamo", "invece", "aspetta", "piuttosto", "forse", "o",
                    "cambiare", "correggere", "scusa", "scusi", "cioè", "cioe", "sorry"}
"""Between two values for one item: the second replaces the first ("3 anni... no, facciamo 2")."""


_SHOW_ME = re.compile(r"\b(?:fammi|fatemi|mi\s+fai|mi\s+faccia|famme)\s+vedere\b|\bvediamo\s+(?:con|per)\b", re.IGNORECASE)
""""fammi vedere con 1 solo": the price of a value, shown not chosen, for the quantity spoken of last."""

_SAID_BEFORE = re.compile(r"\bche\s+(?:mi\s+)?(?:dicevi|hai\s+detto|avevi\s+detto|proponevi|hai\s+proposto|avevi\s+proposto|"
                          r"suggerivi|hai\s+suggerito)\b|\bdi\s+cui\s+(?:parlavi|parlavamo)\b", re.IGNORECASE)
""""quello da 2 che dicevi": a number about what the bot spoke of last, not the step it asks."""


BACK_WORDS = {"ne", "anzi", "meglio", "aspetta", "invece", "facciamo", "troppo", "troppi", "pochi", "correggo", "scusi",
              "scusa"}
""""ne rinnovo uno", "anzi, meglio 3", "troppo, facciamo 3": a bare number about the quantity spoken of last."""




ITEM_FILLERS = {"aggiuntivo", "aggiuntivi", "aggiuntiva", "aggiuntive", "extra", "in", "più", "piu"}


_LISTED_WITH = re.compile(r"[\s,]*(?:(?:e|ed|né|ne|o|niente|nessun[oa]?|nemmeno|neanche|aggiuntiv[oi]|extra|in\s+più|idem|x|per"
                          r"|gli|i|lo|il)[\s,]+)*", re.IGNORECASE)
"""What may stand between items named together: "spazio aggiuntivo, utenti né moduli", "niente spazio, idem x gli utenti"."""


_THEN_IT = re.compile(r"[\w\s']*[,.;:!?]+(?:[\w\s'àèéìòù]*[,;:]+)?\s*(?:(?:allora|ok|pure|sì|si)\s+)?(?P<it>(?:lo|la|li|le)\s+)?"
                      r"(?:(?:potete|può|puo|puoi|potreste|potrebbe|potrebbero|dovete|deve|devi|volete|vuole)\s+)?",
                      re.IGNORECASE)
""""E lo spazio? Lo tolga pure", "e l'utente in più? no lo gavemo mai doparà, tolilo": what opens the clause that
speaks of the item just named (one clause of reasons may come between)."""


_ENCLITIC = re.compile(r"(?:lo|la|li|le)$", re.IGNORECASE)
OBJECT_PRONOUNS = ("lo", "la", "li", "le")
"""«lo triplichi», «li voglio»: the thing spoken of, as a word of its own (``_ENCLITIC``: joined to the verb)."""




_SMALL_NUMBERS = {"due", "tre", "quattro", "cinque", "sei", "sette", "otto", "nove", "dieci"}


_UNCHANGED = re.compile(r"\b(?:senza|nessun[ao]?)\s+(?:alcun[ao]?\s+)?(?:modific|cambi|variazion)", re.IGNORECASE)
""""senza alcuna modifica", "nessun cambiamento": everything as it is."""


FACTORS = {"doppio": Decimal(2), "raddoppiare": Decimal(2), "triplo": Decimal(3), "triplicare": Decimal(3),
           "quadruplo": Decimal(4), "quadruplicare": Decimal(4), "metà": Decimal("0.5"), "meta": Decimal("0.5"),
           "dimezzare": Decimal("0.5")}


FACTOR_STEMS = {"raddopp": Decimal(2), "triplic": Decimal(3), "quadruplic": Decimal(4), "dimezz": Decimal("0.5")}
"""A verb of multiplying in any form ("raddoppi", "triplicalo", "dimezziamo")."""


_SAID = r"(?:detto|chiesto|scritto|messo|indicato)"  # "quello che avevo detto" is no value the cart had
_OPENED_WITH = (rf"che\s+(?:c'|ci\s+)?(?:avevo|avevamo)(?!\s+{_SAID})|di\s+prima|originale"
                r"|iniziale|all'inizio|di\s+partenza")
_AS_OPENED = re.compile(rf"\b(?:{_OPENED_WITH})\b", re.IGNORECASE)
""""uno solo in più di quello che avevo": a change from the value the renewal opened with ("che ho" is the cart
now)."""
_ORIGINAL = re.compile(rf"\b(?:{_OPENED_WITH}|che\s+(?:c'|ci\s+)?(?:ho|abbiamo)(?!\s+{_SAID})|attuale)\b",
                       re.IGNORECASE)
_SAID_BY_ME = re.compile(rf"\bche\s+(?:ho|avevo|abbiamo|avevamo)\s+{_SAID}\b", re.IGNORECASE)
""""uno in più di quello che avevo detto": relative to the value the customer said (refused, if it was)."""
""""tre volte tanto quello che c'avevo", "il doppio di quello che ho": a factor of the value the renewal opened
with (or has, before any change), not of the cart now."""


TIMES_WORDS = {"volte", "volta"}
""""tre volte tanto": the number before it is a factor."""


_LONGEST = re.compile(r"\b(?:pi[uù]\s+(?:lung[oa]|ann[io])|maggiore)\b|(?P<short>\bpi[uù]\s+(?:cort[oa]|brev[ei]|"
                      r"economic[oa])\b|\bminore\b)", re.IGNORECASE)
""""quella più lunga", "la più corta": one of the durations just priced, not the rules' extremes."""

_EXTREME = re.compile(
    r"(?<!non )\b(?:(?P<min>(?:il|al|lo)\s+minimo|minim[oa]|il\s+min|(?:il\s+)?meno\s+(?:[\w']+\s+){0,2}possibile"
    r"|(?:il|la)\s+(?:[\w']+\s+)?pi[uù]\s+(?:bass[oa]|cort[oa]|brev[ei])|pi[uù]\s+(?:bass[oa]|piccol[oa]|ridott[oa])\b|meno\s+(?:[\w']+\s+){0,2}che\s+(?:si|se|sì)\s+(?:pu[oò]|p[oò]'?|pot[eé]|possa))"
    r"|(?P<max>(?:il|al)\s+massimo|massim[oaie]|il\s+max|(?:il\s+)?pi[uù]\s+(?:[\w']+\s+){0,2}possibile"
    r"|quanto\s+(?:pu[oò]i|posso|possiamo|si\s+pu[oò]|riesci|[eè]\s+possibile)"  # "toglimene quanto puoi": with a
    # drop verb, the most taken away
    r"|pi[uù]\s+a\s+lungo|(?:il|la)\s+(?:[\w']+\s+)?pi[uù]\s+(?:lung[oa]|alt[oa])"  # "il periodo più lungo"
    r"|(?:pi[uù]|chi[uù])\s+(?:[\w']+\s+){0,2}che\s+(?:si|se|sì)\s+(?:pu[oò]|p[oò]'?|pot[eé]|possa)))(?=\W|$)"
    r"(?!\s+(?:di\s+)?\d)", re.IGNORECASE)
""""il minimo di spazio che posso tenere", "il più lungo possibile": the lowest or highest the rules allow; not
"al massimo 3" (a bound) nor "non più di"."""


IN_USE_WORDS = {"configurare", "usare", "uso", "utilizzare", "occupare", "attivo", "attivare"}
""""solo gli utenti che ho configurato", "solo lo spazio che uso": what is in use, the lowest the rules allow."""


EXTREME_YEAR_WORDS = {"lungo", "lunga", "corto", "corta", "breve", "tempo", "periodo"}
""""il più lungo possibile": how long is the years."""


_UNDO_LAST = re.compile(r"\b(?:lasci\w*\s+(?:pure\s+)?stare|annull\w*|ignor\w*|dimentic\w*|togli\w*|non\s+fare|"
                        r"torn\w*\s+indietro\s+(?:su|da)ll?)\s*(?:l'\s*|quell'\s*|la\s+|il\s+)?ultim[oa]\s+"
                        r"(?:cambi\w*|modific\w*|variazion\w*|correzion\w*)", re.IGNORECASE)
""""lasci stare l'ultimo cambio", "annulla l'ultima modifica": the quantity changed last, as it was before."""

_LET_IT_BE = re.compile(r"\blasci\w*\s+(?:pure\s+)?(?:stare|perdere)\b", re.IGNORECASE)
""""anzi no, l'utente lascia stare": taken back, the item named as it was."""


_AS_BEFORE = re.compile(r"\bcom(?:'|e\s+)era(?:no)?\b|\bcome\s+(?:prima|all'inizio)\b"
                        r"|(?P<had>\bquel(?:lo)?\s+che\s+(?:c'|ci\s+)?avev(?:o|amo)\b)", re.IGNORECASE)
""""com'era", "come prima"; "tengo solo quello che avevo": as the renewal opened."""


CHANGE_VERBS = {"cambiare", "modificare", "variare"}


DIRECTION_VERBS = {"aumentare", "diminuire", "ridurre", "abbassare", "alzare", "scendere", "salire"}
"""A change in a direction: with an item and no value, that item is asked again ("vorrei scendere di spazio")."""


OPERATION_WORDS = (DROP_VERBS - {"annullare", "cancellare", "disdire"}) | ADD_VERBS | CHANGE_VERBS | DIRECTION_VERBS \
    | {"raddoppiare", "dimezzare"}
"""Words that ask for a change: a message with one that no reader turned into a change is asked about."""


PAYMENT_WORDS = {"pagamento", "pagare", "metodo"}


RENEW_WORDS = {"rinnovare", "rinnovo"}


FOR_ME = {"mi", "me", "ci", "ce"}
""""me lo rinnovi?", "mi raddoppi gli utenti?": asked for oneself."""


WANT_WORDS = {"volere", "desiderare", "dovere", "potere"}


QUESTION_WORDS = {"cosa", "che", "quanto", "quando", "come", "perche", "quale", "qual", "chi", "dove", "posso",
                  "potere", "se"}


UNSURE_BUT_HARMLESS = set(QUESTIONS) | {"greet", "thank", "goodbye"}
"""What an unsure reading may still act on: an answer or a pleasantry changes nothing."""


_PERSON = re.compile(r"\b(?:operator[ei]|operatrice|umano|umana|(?:una|qualche)\s+persona"
                     r"|(?:un|una|al|all'|a\s+un|con\s+(?:un|il))\s*(?:consulente|addett[oa]|tecnico)"
                     r"|persona\s+(?:vera|reale|fisica)|parlare\s+con\s+(?:qualcuno|voi|una\s+persona)"
                     r"|(?:qualcuno|persona)\s+(?:in\s+carne|del\s+supporto|dell'assistenza)|human|real\s+person"
                     r"|(?:mi\s+)?(?:chiam|richiam|telefon)\w*\s+(?:da\s+)?(?:qualcuno|voi|un\s+operatore))\b")
""""voglio un operatore", "mi passi una persona", "parlare con qualcuno": a person, wherever it is in the message."""


_NOT_A_REQUEST = re.compile(r"\bsei\s+(?:un|una|tu)\b"
                            r"|\bper\s+(?:una|\w+)\s+person[ae]\b|\bperson[ae]\s+che\s+(?:entr|usa|usan|lavor|acced)"
                            r"|\b(?:senza|non|niente)\s+(?:\w+\s+){0,3}?(?:operator|persona|umano|qualcuno)"
                            r"|\blascia(?:mo)?\s+(?:stare|perdere)\s+(?:l'|il\s+|la\s+)?(?:operator|persona)")
""""sei un umano?" asks what the bot is; "non serve un operatore", "lascia stare l'operatore" refuse one."""

_WITHDRAW_NAMED = re.compile(
    r"\b(?:annull|ritir|cancell|togli|elimin|disdic)\w*\s+(?:\w+\s+){0,2}?(?:richiesta|prenotazione|chiamata)\b"
    r"(?!\s+d[i']\s*(?:rinnovo|ordine))|\b(?:esc\w*|usci\w*|toglimi|levami|tirami\s+fuori)\s+(?:\w+\s+)?dalla\s+coda\b"
    r"|\blascia(?:mo)?\s+(?:stare|perdere)\s+(?:l'|il\s+|la\s+)?(?:operator\w*|richiesta|coda)"
    r"|\b(?:niente|nessun)\s+operator\w*|\bnon\s+(?:mi\s+|ci\s+)?serv\w*\s+piu\s+(?:l'|un\s+|nessun\s+)?operator\w*")
""""annulla la richiesta", "toglimi dalla coda", "lascia stare l'operatore": the request for a person withdrawn,
in so many words (on folded text)."""

_NO_LONGER_WAITING = re.compile(
    r"\bnon\s+(?:\w+\s+){0,2}?(?:aspett|attend)\w*\s+piu\b|\bnon\s+(?:\w+\s+){0,2}?piu\s+(?:aspett|attend)\w*"
    r"|\bnon\s+(?:ho\s+tempo\s+(?:di|per)|posso|riesco\s+ad?)\s+(?:aspett|attend)\w*|\bfaccio\s+da\s+sol[oa]\b")
""""non voglio più aspettare", "non ho tempo di aspettare", "faccio da solo": while a request for a person waits,
it is withdrawn (on folded text)."""


_RENEW_IT = re.compile(r"\b(?:lo|li|la|le)\s+rinnov|\brinnov\w*(?:lo|li|la|le)\b", re.IGNORECASE)
""""lo rinnovo", "rinnovalo": the thing just asked about, not the whole renewal."""


_FILLER = re.compile(r"^(?:allora|ok|beh|ah|va\s+be(?:ne)?|vabbè|vabbe|quindi|e)\s+", re.IGNORECASE)


WHY_TOPIC = {Step.STORAGE: "ask_why_storage", Step.USERS: "ask_why_users"}


ITEM_WORDS: dict[Step, set[str]] = {Step.STORAGE: STORAGE_WORDS, Step.USERS: USER_WORDS, Step.MODULES: MODULE_WORDS,
                                    Step.YEARS: YEAR_WORDS, Step.PAYMENT: PAYMENT_WORDS}
"""The words that name each item a customer speaks of, in the order the steps are asked."""


def item_words(*steps: Step) -> tuple[tuple[Step, set[str]], ...]:
    """The steps with the words that name them, for a reader that looks for any of them."""
    return tuple((step, ITEM_WORDS[step]) for step in steps)


NEGATED_NOUNS = (STORAGE_WORDS | USER_WORDS | MODULE_WORDS | YEAR_WORDS | CODE_WORDS
                 | {"pagamento", "carta", "bonifico", "bollettino", "paypal"})
"""Nouns a negation before them is about: "niente codice carta accetto tutto" refuses no card nor terms."""


STEP_WORDS = item_words(*QUANTITY_STEPS)
_ITEMS = item_words(*CART_ITEMS)


_WHAT_IT_DOES = re.compile(r"\b(?:a\s+(?:che\s+)?cosa\s+serv\w*|a\s+che\s+serv\w*|che\s+cos'?\s*e|cos'?\s*e|che\s+fa|cosa\s+fa|"
                           r"come\s+funziona|in\s+cosa\s+consiste|che\s+roba\s+e|(?:me|mi|ce|ci)\s+(?:lo|la|li|le)\s+spieg\w*|"
                           r"spiegam\w*|(?:che|cosa)\s+so(?:no|')?\s+'?(?:sti|questi|i)\b)")  # "me lo spiega?", "che so' 'sti"
""""boh... ma a che serve esattamente?" with nothing named: about the module spoken of (on folded text)."""


_WITHOUT_CODE = re.compile(r"\bsenza\s+(?:il\s+|lo\s+|la\s+)?(?:codice|sconto|convenzione)\b"
                           r"|\bsenza\s*(?:[?.!]|$)")
""""e quanto avrei pagato senza?" (a code spoken of in the message): the total without the code (on folded text)."""
_BEFORE_CHANGES = re.compile(r"\bprima\s+di\s+(?:aggiung|cambi|modific|mett|togl)\w*"
                             r"|\bsenza\s+(?:tutta\s+)?(?:sta|'sta|questa)\s+roba\b|\bsenza\s+(?:le\s+)?(?:modifiche|aggiunte)\b|\b(?:veniva|costava)\s+prima\b"
                             r"|\bprima\s+(?:quanto\s+)?(?:veniva|costava)\b")
""""prima di aggiungere tutta 'sta roba quanto veniva?": the total with everything as bought (on folded text)."""


_RENEW_LATER = re.compile(r"\b(?:poi|dopo|domani|piu\s+tardi)\s+(?:lo\s+)?rinnov\w*|\brinnov\w*\s+(?:poi|dopo|domani)\b")
""""lascio stare per oggi, prima lo cancello e poi rinnovo": the renewal is put off, not cancelled."""


_HOW_TO_REMOVE = re.compile(r"\bcome\s+(?:faccio|facciamo|si\s+fa|posso|possiamo)\s+(?:a\s+|ad\s+)?"
                            r"(?:cancell|elimin|togli|lev|liber|rimuov)\w*"
                            r"|\bcome\s+(?:si\s+)?(?:cancell|elimin|tolg|togli|lev|liber|rimuov)\w*")
""""come faccio a cancellarlo?" after a quantity was refused: how to bring it down (the panel, freeing space)."""


HESITATIONS = {"no", "anzi", "mah", "boh", "mmm", "mm", "ehm", "uhm", "invece"}
"""Words that take back or hesitate: before a bare number, it may be about the quantity spoken of last."""


REPLACING = r"(?:cambi\w*|aggiorn\w*|sostitu\w*|modific\w*)"
"""Verbs of replacing: with the card as their object ("cambiare la carta"), the card on file, not a way to pay."""
