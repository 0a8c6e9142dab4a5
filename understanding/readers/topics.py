"""Questions the classifier has no kind for, by what they are about: one row a topic, tried in order (the
first that matches wins), over the message's folded words. A new topic is a row here and an answer in
``renewal.text.answers``.

A row is looked for in the clauses that ask (a question mark, or a question word at the start), unless the
row says it also stands as a complaint ("non trovo la pagina per pagare").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from italian.words import fold
from renewal.dialogue.commands import Topic
from understanding.lexicon import _WONDER, REPLACING
from understanding.utterance import Utterance, _in_question


@dataclass(frozen=True)
class TopicRow:
    topic: Topic
    pattern: re.Pattern[str]
    complaint: bool = False  # also when said without asking ("non trovo il link")


def _row(topic: Topic, pattern: str, complaint: bool = False) -> TopicRow:
    return TopicRow(topic, re.compile(pattern), complaint)


_PAY = r"(?:pag\w*|versament\w*)"
_FIND = r"(?:trov\w*|vedo|vede|arriv\w*|ricev\w*|riesco|compare|esce)"
_EMAIL = r"(?:e-?mail|mail|posta)"
_MAY = r"(?:si\s+puo|si\s+possono|posso|possiamo|e\s+possibile)"
_PURCHASE = r"(?:acquisto|abbonamento|contratto|servizio|attivazione)"
_STARTS = r"(?:partono|parte|partire|partirebbe|decorr\w*)"
_HOLD = r"(?:ho|abbiamo|avete|ha|c'ho|uso|usiamo|usate|usat\w*|usand\w*|occup\w*|utilizz\w*|risult\w*|configurat\w*|attiv\w*)"
_HOW_MANY_USERS = rf"(?:quanti\s+utenti|utenti\s+quanti)\s+(?:\w+\s+){{0,2}}{_HOLD}\b"  # "gli utenti quanti ne ho?"
_HOW_MUCH_STORAGE = rf"(?:quant[io]\s+(?:spazio|giga|gb)|(?:spazio|giga|gb)\s+quant[io])\s+(?:\w+\s+){{0,2}}{_HOLD}\b"
_LOWER = r"(?:togl\w*|tolg\w*|lev\w*|ridurr?\w*|diminui\w*|scend\w*|elimin\w*|cancell\w*)"

QUESTION_TOPICS: tuple[TopicRow, ...] = (
    _row(Topic.PAY_LINK, rf"\bnon\b.*\b{_FIND}\b.*\b(?:link\b|(?:pagina|pulsante|bottone)\b.*\b{_PAY}\b)"
                         rf"|\b(?:link|pagina|pulsante|bottone)\b.*\b{_PAY}\b.*\bnon\b.*\b{_FIND}\b"
                         rf"|\bnon\b.*\b{_FIND}\b.*\bdove\s+{_PAY}\b"
                         rf"|\b(?:rimand|rinvi|ridammi|ridarmi|mandami|inviami)\w*\b.*\blink\b"
                         rf"|\bdove\b.*\b(?:link|pagina)\b.*\b{_PAY}\b", complaint=True),
    _row(Topic.PAYMENT_DETAILS, r"\biban\b|\bcoordinate\b|\bestremi\b|\bdati\s+(?:bancari|per\s+(?:il\s+)?(?:bonifico|"
                                r"bollettino|pagare|il\s+pagamento))\b|\bintestat\w*\s+(?:il\s+)?(?:bonifico|bollettino)\b"
                                r"|\ba\s+chi\b.*\b(?:bonifico|bollettino|intest\w*)\b|\bcausale\b"
                                r"|\b(?:bonifico|bollettino)\b.*\bdati\b|\bdati\b.*\b(?:bonifico|bollettino)\b"
                                # "dove mi arrivano i dati x farlo?": the details, where they arrive
                                rf"|\b{_FIND}\b.*\bdati\b|\bdati\b.*\b{_FIND}\b"),
    _row(Topic.EMAILS, rf"\b(?:ricevut\w*|fattur[ae]|bollettino|{_EMAIL}|conferma\s+dell'ordine)\b.*\b(?:arriv\w*|mand\w*|"
                       rf"invi\w*|ricev\w*|spedi\w*|indirizzo)\b|\b(?:arriv\w*|mand\w*|invi\w*|ricev\w*|spedi\w*)\b.*\b(?:ricevut\w*|"
                       rf"fattura|{_EMAIL})\b|\b(?:quale|che)\s+(?:indirizzo|{_EMAIL})\b"),  # "a che email mi scrivete?"
    _row(Topic.CODE_INFO, r"\b(?:codice|convenzion\w*)\b.*\b(?:serve|servirebbe|trov\w*|prend\w*|ottien\w*|otteng\w*|"
                          r"chied\w*|da\s+dove|chi|cos'e|cosa\s+e|che\s+cos\w*|vale|valid\w*)\b|\b(?:cos'e|cosa\s+e|che\s+cos\w*|a\s+(?:che\s+)?cosa\s+serve|dove\s+trovo|"
                          r"come\s+(?:ottengo|ottenere|ho|avere)|chi\s+(?:me\s+lo\s+)?da)\b.*\b(?:codice|convenzion\w*)\b"),
    # "cosa accade qualora l'addebito automatico non andasse a buon fine?"
    _row(Topic.AUTOMATIC_FAILED, r"\b(?:addebit\w*|rinnovo\s+automatico|pagamento\s+automatico|carta)\b.*\b(?:non\s+"
                                 r"(?:va\w*|and\w*|fosse|riesc\w*|pass\w*)\s+(?:a\s+buon\s+fine|bene)|fall\w*|"
                                 r"rifiutat\w*|respint\w*|non\s+(?:passa|passasse|funziona\w*))\b"),
    # "la carta che avete registrato mi è scaduta a ottobre, che succede?": said or asked, the charge will fail
    _row(Topic.AUTOMATIC_FAILED, r"\bcarta\b.*\b(?:scadut[ao]|bloccat[ao])\b", complaint=True),
    # "se cambio la carta di credito come faccio ad aggiornarla?": the card on file, changed by a person
    _row(Topic.CARD_ON_FILE, rf"\b{REPLACING}\s+(?:la\s+)?(?:mia\s+|nostra\s+)?carta\b|\bcarta\b.*\b{REPLACING}(?:la|le)\b"),
    # "e la carta che usate è quella che avevo messo l'anno scorso?": the card the automatic renewal charges
    _row(Topic.AUTOMATIC_RENEWAL, r"\bcarta\b.*\b(?:usate|usata|registrat\w*|salvat\w*|avevo\s+messo|che\s+avevo)\b"),
    _row(Topic.AUTOMATIC_RENEWAL, r"\b(?:se|con)\b.*\b(?:carta|paypal)\b.*\b(?:succede|cambia|comporta|vuol\s+dire)\b"
                                  r"|\brinnovo\s+automatico\b.*\b(?:resta|rimane|rimarr\w*|restera)\b"  # "pagando con PayPal il
                                  # rinnovo automatico resta attivo anche dopo?"; "con il rinnovo automatico verranno
                                  # rinnovati anche l'archivio e lo spazio?": what it renews
                                  r"|\brinnovo\s+automatico\b.*\b(?:verr\w*|sarann?o|include\w*|compren\w*)\b"),
    _row(Topic.MODULES, r"\bmodul\w*(?:\s+\w+){0,2}\s+(?:che\s+(?:mi\s+)?(?:consigl\w*|suggeri\w*|propon\w*|potrei|"
                        r"posso|si\s+possono|ci\s+sono)|ci\s+sono|esistono|avete|disponibili)\b"
                        r"|\b(?:consigl\w*|suggeri\w*|propon\w*|ci\s+sono|quali|che|altri|vedere)\s+(?:\w+\s+){0,2}modul\w*\b"
                        # what the bot recommends is add-ons: "e allora cosa mi consigliate voi?"
                        r"|(?<!quello\s)(?<!quella\s)(?<!quelli\s)(?<!quelle\s)(?<!modulo\s)(?<!moduli\s)"  # not "aggiungendo
                        r"\b(?:cosa|che\s+cosa|che|chi)\s+(?:m[ie]\s+|ci\s+)?(?:consigl\w*|suggeri\w*|propon\w*)\b"  # quello che
                        # mi consigliate"
                        r"|\b(?:consigl\w*|suggeri\w*|propon\w*)\s+(?:qualcosa|qualche|altro|altri)\b"),  # "mi consigliate
    # qualcosa da aggiungere?"
    _row(Topic.PRICE, r"\bquanto\s+(?:mi\s+)?(?:viene|vengono|costa|costano|pago|spendo|fa|fanno|verrebbe|costerebbe|"
                      r"diventa|diventerebbe|risulta|esce|risparmi\w*|"
                      r"sarebbe|scala\w*|spenderei|spenderemmo|pagherei|pagheremmo|"
                      r"addebit\w*|prende\w*|pigli\w*|porta\w*\s+via|prelev\w*)\b"
                      r"|\bquanto\s+(?:\w+\s+)?(?:pagare|spendere|versare)\b"  # "quanto dobbiamo pagare?"
                      # "quanto mi avete addebitato in tutto?"
                      r"|\bquanto\s+(?:mi\s+|ci\s+)?(?:avete|hanno|viene|verra|sara)\s+(?:addebitat\w*|scalat\w*|prelevat\w*)"
                      r"|\bquant['’]?\s*e\b.*\b(?:pigli\w*|prend\w*|cost\w*|addebit\w*|scal\w*|viene)\b"
                      r"|\bil\s+totale\b|\bquant['’]?\s*e\s+(?:per|con|x)\b"  # "quant'è per 2 anni?"
                      r"|\b(?:icche|cosa|quanto)\b.*\barrivat\w*\s+a\s+(?:pagare|spendere)\b"  # Tuscan "icché s'è arrivati
                      r"|\ba\s+quanto\s+(?:siamo|si\s+e|s'e)\s+arrivat\w*"  # a pagare?"
                      r"|\bhow\s+much\b"  # "how much would it be con anche le API?"
                      r"|\b(?:e|anche|pure)\s+il\s+prezzo\b"),  # "quale sarebbe la scadenza nuova e il prezzo?"
    # "ma l'utente in più si può togliere o no?": whether, and down to what (the answer says the lowest and how)
    _row(Topic.WHY_USERS, rf"\b{_MAY}\b.*\b{_LOWER}\b.*\butent[ei]\b|\butent[ei]\b.*\b{_MAY}\s+(?:\w+\s+)?{_LOWER}\b"),
    _row(Topic.WHY_STORAGE, rf"\b{_MAY}\b.*\b{_LOWER}\b.*\b(?:spazio|giga|gb)\b"
                            rf"|\b(?:spazio|giga|gb)\b.*\b{_MAY}\s+(?:\w+\s+)?{_LOWER}\b"),
    # "what is the maximum spazio I can buy?", "fino a quanti utenti posso arrivare?": the limits, with the figures
    _row(Topic.WHY_USERS, r"\b(?:massimo|minimo|limite|limiti)\b(?:\s+\w+){0,3}\s+utent[ei]\b"
                          r"|\bfino\s+a\s+quant[ie]\s+utent[ei]\b"),
    _row(Topic.WHY_STORAGE, r"\b(?:massimo|minimo|limite|limiti)\b(?:\s+\w+){0,3}\s+(?:spazio|giga|gb)\b"
                            r"|\bfino\s+a\s+quant[ie]\s+(?:giga|gb)\b"),
    _row(Topic.FREE_SPACE, r"\b(?:liber\w*|svuot\w*|fare\s+spazio|eliminare\s+(?:i\s+)?(?:file|document\w*))\b"),
    _row(Topic.SERVICE_BACK, r"\b(?:recuper\w*|ripristin\w*|riattiv\w*|eccezion\w*|riaver\w*|riavere|resuscit\w*)\b"
                             # "quindi devo fare un acquisto nuovo?", "devo farne uno nuovo?"
                             rf"|\b{_PURCHASE}\s+nuov[oa]\b|\bnuov[oa]\s+{_PURCHASE}\b"
                             r"|\bfarne\s+uno\s+nuovo\b|\b(?:ricompr|riacquist)\w*"),
    # "gli anni partono da oggi o dalla vecchia scadenza?": the expiry the new years count from
    _row(Topic.STATUS, rf"\b(?:{_STARTS}|contano|conta|calcol\w*)\b.*\b(?:oggi|scadenza|data)\b"
                       rf"|\b(?:scadenza|data)\b.*\b{_STARTS}\b.*\boggi\b"
                       r"|\bquando\b(?:\s+\w+){0,3}\s+(?:scad(?:e|uto|uta)|cancellat[oa]|eliminat[oa])\b"  # "quando è
                       # scaduto esattamente?", "when exactly was it cancellato?"
                       r"|\bscad(?:e|ra|uto|uta)\s+quando\b"  # "ma poi scade quando di preciso?"
                       # "quanto tempo ho per pagare il bollettino?"
                       r"|\bquanto\s+tempo\b(?:\s+\w+){0,3}\s+(?:per\s+)?(?:rinnov\w*|pag\w*|bonifico|bollettino)"
                       r"|\b(?:fino\s+a|entro)\s+quando\b(?:\s+\w+){0,3}\s+(?:rinnov\w*|pag\w*|bonifico|bollettino)"  # "fino a
                       # quando posso rinnovarlo?", "entro quando devo fare il bonifico?"
                       r"|\b(?:e|è)\s+scadut[oa]\b.*\b(?:vero|giusto|no)\b"  # "la fattura elettronica e scaduta vero?"
                       r"|\bwhen\b(?:\s+\w+){0,3}\s+(?:deleted|cancelled|canceled|expired?|expires)\b"),  # "when exactly
    # was it deleted?"
    # "ma se e scaduto solo da 3 mesi..": said of a deleted service, its dates
    _row(Topic.STATUS, r"\bscadut[oa]\s+(?:solo\s+|soltanto\s+)?da\s+(?:\d+|un|una|due|tre|pochi|poco)\b", complaint=True),
    # "??? ma se l ho pagato l anno scorso": a customer who does not understand the state: its dates
    _row(Topic.STATUS, r"\bma\s+se\s+(?:l'\s*|l\s+|lo\s+|la\s+)?(?:ho|abbiamo)\s+pagat\w*", complaint=True),
    # "le mie fatture sono ancora lì o sono perse?": what an expired service keeps
    _row(Topic.EXPIRY_CONSEQUENCES, r"\b(?:fatture|dati|document\w*|archivi\w*)\b.*\b(?:pers[eio]|perdo|perd\w*|spari\w*|"
                                    r"cancellat\w*|ancora\s+(?:li|la|qui|qua|disponibil\w*))\b"
                                    r"|\b(?:fatture|dati|document\w*)\b.*\bscaric\w*"  # "si possono ancora scaricare?"
                                    r"|\bche\s+fine\s+fanno\b|\bdove\s+sono\s+finit\w*|\b(?:fatture|dati|document\w*)\b.*\b(?:c'erano|c'era|dentro)\b"),
    _row(Topic.AFTER_PAYMENT, rf"\b(?:dopo|quando|appena|una\s+volta)\b.*\b(?:{_PAY}|bonifico|bollettino)\b.*\b(?:cambi\w*|"
                              rf"succede|torn\w*|limitazion\w*|limit\w*|funzion\w*|sblocc\w*|scadenza|attiv\w*|copert\w*|fino\s+a\s+quando)\b"
                              rf"|\b(?:succede|cambia|cambiera)\b.*\b(?:dopo|quando|una\s+volta)\b.*\b(?:{_PAY}|bonifico|bollettino)\b"
                              rf"|\b(?:limitazion\w*|limit\w*)\b.*\b(?:finisc\w*|tolt\w*|tolgono|toglie|rimoss\w*|"
                              rf"quando|spariscono)\b|\bquando\b.*\b(?:limitazion\w*|limit\w*)\b|\btorn\w*\s+(?:attiv\w*|normal\w*|a\s+funzionare)\b"
                              r"|\b(?:nuova\s+scadenza|scadenza\s+nuova)\b"),  # "e la scadenza nuova quando viene?"
    # "quindi non devo fare niente?", "devo fare qualcosa per rinnovare?": whether the renewal is automatic
    _row(Topic.AUTOMATIC_RENEWAL, r"\b(?:devo|dobbiamo|devio)\s+fare\s+(?:niente|nulla|qualcosa|qualche\s+cosa)\b"
                                  # "quando mi riaddebitate la prossima volta?": when the automatic renewal charges
                                  r"|\briaddebit\w*|\bprossim[oa]\s+(?:addebito|rinnovo|pagamento\s+automatico)\b"
                                  r"|\b(?:addebit|scal)\w*\b.*\bprossima\s+volta\b|\bprossima\s+volta\b.*\b(?:addebit|scal)\w*"
                                  r"|\bquando\b(?:\s+\w+){0,2}\s+(?:addebit|scal|prelev)\w*"  # "quando mi addebitate il rinnovo?"
                                  # "l'anno prossimo quando mi prendete i soldi dalla carta?", "mi addebitate di nuovo?"
                                  r"|\bquando\b(?:\s+\w+){0,2}\s+(?:prend|pigli)\w*\s+(?:i\s+)?soldi\b"
                                  r"|\baddebit\w*\s+(?:di\s+nuovo|ancora|un'altra\s+volta)\b|\bpagare\s+due\s+volte\b"
                                  # "il 16 gennaio la carta non verrà addebitata anche lei?": the automatic charge
                                  r"|\b(?:carta|paypal)\b.*\b(?:addebitat\w*|addebiterete|addebitate)\b"
                                  # "il 16/01/2027 mi addebitate anche l'automatico?"
                                  r"|\baddebit\w*\b.*\bautomatic[oa]\b"),
    # "quindi fino a qnd sono coperto?": once the renewal is paid, until when
    _row(Topic.AFTER_PAYMENT, r"\bfino\s+a\s+quando\b(?:\s+\w+){0,2}\s+copert\w*|\bcopert\w*\s+fino\s+a\s+quando\b"),
    # "ok mi dica il totale con solleciti e quello con...": a total asked for without asking
    _row(Topic.PRICE, r"\b(?:mi\s+dica|dimmi|mi\s+dici|ditemi|mi\s+dite|mi\s+faccia\s+sapere|fammi\s+sapere|"
                      r"mi\s+fa\s+sapere|calcolami|mi\s+calcol\w*)\s+(?:\w+\s+){0,2}(?:totale|prezzo|costo|quanto)\b",
         complaint=True),
    # "volevo capire come funziona il pagamento con il bollettino": how paying works, nothing chosen
    _row(Topic.PAYMENT, r"\bcome\s+(?:funziona|funzionano|si\s+fa|avviene|va)\b.*\b(?:pagament\w*|pagare|bonifico|"
                        r"bollettino|carta|paypal)\b|\bcome\s+(?:si\s+)?(?:paga|pago|pagare|paghiamo)\b"),
    # "e perche posso rinnovare solo 1 o 2 anni?", "cosa vuol dire che è un prodotto in promozione?": the durations
    # allowed, and why
    _row(Topic.YEARS, r"\bperche\b.*\b(?:solo|soltanto|massimo|al\s+massimo)\b.*\bann[io]\b|\bin\s+promozione\b"
                      r"|\bpromozional\w*"),
    # "quanto spazio stiamo occupando e quanti utenti risultano configurati?": both held, what the subscription holds
    _row(Topic.CART, rf"\b{_HOW_MUCH_STORAGE}.*\b{_HOW_MANY_USERS}|\b{_HOW_MANY_USERS}.*\b{_HOW_MUCH_STORAGE}"),
    # "col nostro abbonamento quanti utenti abbiamo?": how many, and down to what (then "mettiamone 3")
    _row(Topic.WHY_USERS, rf"\b{_HOW_MANY_USERS}"),
    _row(Topic.WHY_STORAGE, rf"\b{_HOW_MUCH_STORAGE}"),
    # "cosa c'è nel mio abbonamento?": what is bought (the cart when one is open)
    _row(Topic.CART, r"\bcosa\s+(?:c'e|ho|abbiamo)\s+(?:\w+\s+){0,2}(?:abbonamento|contratto|servizio)\b"),
    # "eccomi, dove eravamo rimasti?": the cart and what was asked, again
    _row(Topic.CART, r"\bdove\s+(?:eravamo|siamo|ero|sono)\s+(?:rimast\w*|arrivat\w*)\b|\ba\s+che\s+punto\s+"
                     r"(?:eravamo|siamo|ero|sono|stiamo)\b|\briprend\w*\s+(?:da\s+)?dove\b", complaint=True),
    # "non riesco a inviare le fatture come prima!": a customer who cannot use the service (expired: its dates)
    _row(Topic.SIGN_IN, r"\bnon\s+(?:riesco|riusciamo)\s+(?:piu\s+)?(?:a|ad)\s+(?:usar|inviar|mandar|emetter|ricever|"
                        r"acceder|entrar|lavorar|fare)\w*|\bnon\s+(?:posso|possiamo)\s+(?:piu\s+)?(?:usar|inviar|mandar|"
                        r"emetter|fare)\w*\s+(?:\w+\s+)?fattur\w*|\bnon\s+(?:mi|me|ci|ce)\s+(?:fa|lascia|fanno)\s+(?:piu\s+)?"
                        r"(?:fa|fare|emetter\w*|inviar\w*|mandar\w*|usar\w*)\b|\bfunzion\w*\s+non\s+(?:vanno|va|funzion\w*)\b"
                        r"|\bcome\s+stanno\s+le\s+cose\b|\be\s+scadut[oa]\s+qualcosa\b"
                        r"|\bcontinuare\s+(?:a|ad)\s+(?:usar|inviar|mandar|emetter|"
                        r"fare|lavorar)\w*", complaint=True),
)


def asked_topic(utterance: Utterance) -> Optional[Topic]:
    """The topic of a question no intent names ("dove trovo l'IBAN?"), or None: looked for in the clauses that
    ask ("la mail non è arrivata, posso pagare con carta?" asks about paying), a complaint row anywhere."""
    wondering = bool(_WONDER.search(fold(utterance.text)))  # "volevo sapere quando pago cosa cambia"
    clauses = _clauses(utterance.text)
    wondered = next((i for i, clause in enumerate(clauses) if _WONDER.search(fold(clause.group()))), None)
    asking = [clause for i, clause in enumerate(clauses) if _in_question(utterance, clause.start())
              or ((wondering or _asked_sentence(utterance.text, clause))
                  and set(fold(clause.group()).split()) & ASKING_WORDS)
              or (wondered is not None and (i == wondered or (i > wondered and "se" in fold(clause.group()).split())))]
    # "chiede a che indirizzo gli arrivano gli estremi": the clause that wonders asks; "volevo sapere
    # se c'è qualche modulo che mi consigliate"
    parts = [_with_its_subject(utterance.text, clauses, c) for c in asking]
    for row in QUESTION_TOPICS:
        for part in ([utterance.text] if row.complaint else parts):
            if row.pattern.search(fold(part.lower())) or row.pattern.search(_corrected(utterance, part)):
                return row.topic
    return None


ASKING_WORDS = {"cosa", "come", "quando", "dove", "perche", "quale", "qual", "quanto", "chi"}
""""E una volta pagato il bollettino che cosa cambia, torna tutto come prima?": a clause with a question word,
in a sentence that ends asking."""


_ROUGHLY = re.compile(r"\s+(?:piu\s+o\s+meno|circa|all'incirca|di\s+preciso|esattamente|per\s+favore|grazie)\s*$")
"""What may close a question dictated without a mark ("e rinnovarla quanto costa piu o meno")."""


def _asked_sentence(text: str, clause: re.Match[str]) -> bool:
    """A sentence that ends asking, or, dictated without a mark, ends on a question word's phrase ("la ricevuta
    mi arriva per mail a quale indirizzo")."""
    end = re.search(r"[.!?]", text[clause.start():])
    if end is None:
        return bool(re.search(r"\b(?:quale|quali|qual|dove|quando)\b(?:\s+\w+){0,2}\s*$|\bquanto\s+(?:\w+\s+)?\w+\s*$",
                              _ROUGHLY.sub("", fold(clause.group().lower()))))  # "... quanto fanno", dictated
    return end.group() == "?"


def asked_topics(utterance: Utterance) -> list[Topic]:
    """The topic of each sentence that asks, in order, once each: "la ricevuta dove arriva? E se pago col bonifico
    cosa cambia?" asks two things."""
    topics: list[Topic] = []
    for sentence in re.finditer(r"[^.!?]+[.!?]*", utterance.text):
        if len(sentence.group().split()) <= 3:
            continue  # "ci sono altri moduli? Quanto costano?": about what the sentence before asks
        topic = asked_topic(utterance.within(sentence.start(), sentence.end()))
        if topic is not None and topic not in topics:
            topics.append(topic)
    return topics


def _with_its_subject(text: str, clauses: list[re.Match[str]], clause: re.Match[str]) -> str:
    """A short question ("cossa sucede?") with the clause before it, which says what it is about ("e se pago co
    la carta, cossa sucede?")."""
    at = next(i for i, c in enumerate(clauses) if c.start() == clause.start())
    before = clauses[at - 1].group() if at > 0 else ""
    leading = fold(before.lower()).split()[:1]
    if at > 0 and not re.search(r"[.!?]\s*$", before) and (  # not a sentence before ("una mail. cosa succede?")
            len(clause.group().split()) <= 3 or (  # "una volta effettuato il pagamento, cosa cambia
            before.rstrip().endswith(",") and leading and leading[0] in CONDITION_WORDS)):  # esattamente per noi?"
        return text[clauses[at - 1].start():clause.end()]
    return clause.group()


CONDITION_WORDS = {"se", "una", "dopo", "quando", "appena", "con", "pagando", "pagato", "fatto"}
"""The first word of a clause that says when or on what condition the question after it asks."""


def _clauses(text: str) -> list[re.Match[str]]:
    return list(re.finditer(r"[^,.;:!?]+[,.;:!?]*", text))


def _corrected(utterance: Utterance, part: str) -> str:
    """The words of ``part`` with their spelling put right ("iban" for "ibam")."""
    start = utterance.text.find(part)
    return fold(" ".join(w.norm for w in utterance.words if start <= w.start < start + len(part)))
