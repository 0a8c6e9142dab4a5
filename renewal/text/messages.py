"""Italian text for decisions, carts and orders: second person singular, short,
with the figures. The CLI and the assistant both speak through here.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Optional

from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import LifecycleState, OrderStatus, PaymentMethod, Quote, ServiceStatus, Subscription
from renewal.domain.rules import AUTOMATIC_RENEWAL_LEAD_DAYS, GRACE_DAYS
from renewal.text.formats import format_date as d
from renewal.text.formats import format_euro as eur
from renewal.text.formats import format_gb as gb

if TYPE_CHECKING:
    pass

PAYMENT_METHOD_NAMES = {
    PaymentMethod.CARD: "carta di credito",
    PaymentMethod.PAYPAL: "PayPal",
    PaymentMethod.BANK_TRANSFER: "bonifico bancario",
    PaymentMethod.POSTAL_SLIP: "bollettino postale",
}


ORDER_STATUS_NAMES = {
    OrderStatus.AWAITING_PAYMENT: "in attesa di pagamento",
    OrderStatus.PAID: "pagato",
    OrderStatus.CANCELLED: "annullato",
    OrderStatus.REFUND_DUE: "da rimborsare",
}


REFUND_REASON_NAMES = {
    Reason.ORDER_CANCELLED: "ordine annullato",
    Reason.PAYMENT_AFTER_DELETION: "servizio già cancellato",
    Reason.PAYMENT_AMOUNT_MISMATCH: "importo diverso dal totale",
    Reason.PAYMENT_CURRENCY_MISMATCH: "valuta diversa dall'euro",
    Reason.PAYMENT_DUPLICATE: "ordine già pagato",
    Reason.ORDER_UNKNOWN: "pagina di pagamento sconosciuta",
}


PAYMENT_CHOICES = "carta di credito, PayPal, bonifico bancario o bollettino postale"
HOW_EACH_METHOD_PAYS = ("Con carta di credito o PayPal si attiva il rinnovo automatico; con bonifico o bollettino postale "
                        "ricevi un'email con il numero d'ordine e gli estremi per pagare.")
"""Said once wherever the customer chooses or asks how to pay."""


def plural(n: int, one: str, many: str) -> str:
    """Number agreement: "1 utente", "2 utenti"."""
    return f"{n} {one if n == 1 else many}"


WHOLE_GB = " e lo spazio si acquista a GB interi"


def _of_bought(gb_bought: int) -> str:
    """"dell'1 GB acquistato", "dei 3 GB acquistati"."""
    return f"dell'{gb_bought} GB acquistato" if gb_bought == 1 else f"dei {gb_bought} GB acquistati"


def storage_floor_text(sub: Subscription) -> str:
    """How low the storage can go, and why: what is used cannot be removed, and storage is sold in whole GB
    (2,5 GB used: at least 3 GB)."""
    lowest = rules.lowest_storage_gb(sub)
    used = sub.storage_gb_used
    whole = f" (lo spazio si acquista a GB interi: con {gb(used)} GB usati il minimo è {lowest} GB)" \
        if used != int(used) else ""
    if lowest >= sub.storage_gb_bought:
        return f"Non puoi diminuirlo, perché lo spazio che usi non si può togliere{whole}."
    return f"Puoi scendere fino a {lowest} GB{whole} o aumentarlo."


def years_text(n: int) -> str:
    return plural(n, "anno", "anni")


def _days(n: int) -> str:
    return plural(n, "giorno", "giorni")


_years = years_text


def _grace(f: Mapping[str, Any]) -> str:
    left = f["grace_days_left"]
    until = ("oggi è l'ultimo giorno per farlo" if left == 0
             else f"entro il {d(f['last_renewable_date'])}, mancano {_days(left)}")
    text = (
        f"Il servizio è scaduto il {d(f['expiry_date'])}: nei {GRACE_DAYS} giorni successivi funziona con "
        f"limitazioni ma puoi ancora rinnovarlo ({until}). Dal {d(f['deletion_date'])} verrà cancellato."
    )
    return f"{_missed(f)} {text}" if f.get("automatic_renewal_missed") else text


def _by(f: Mapping[str, Any]) -> str:
    """" con carta di credito": how the automatic renewal pays, when known."""
    return f" con {PAYMENT_METHOD_NAMES[f['payment_method']]}" if f.get("payment_method") else ""


REFUNDED = "il pagamento non rinnova il servizio e l'importo ti sarà rimborsato (ti arriva un'email che lo conferma)."


def _wait(seconds: int) -> str:
    """«1 secondo», «40 secondi», «3 minuti»."""
    if seconds < 60:
        return plural(seconds, "secondo", "secondi")
    return plural(-(-seconds // 60), "minuto", "minuti")


def _money(f: Mapping[str, Any]) -> str:
    """An amount received, in euro unless it came in another currency."""
    return eur(f["amount"]) if f.get("currency", "EUR") == "EUR" else f"{f['amount']} {f['currency']}"


def _deleted(f: Mapping[str, Any]) -> str:
    return (f"Il servizio è scaduto il {d(f['expiry_date'])} e, superati i {GRACE_DAYS} giorni dalla scadenza, "
            f"è stato cancellato il {d(f['deletion_date'])}: non è più possibile rinnovarlo.")


def _missed(f: Mapping[str, Any]) -> str:
    return (
        f"Il rinnovo automatico{_by(f)} era previsto il {d(f['automatic_renewal_missed'])}, "
        f"{AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della scadenza del {d(f['expiry_date'])}, ma non risulta "
        f"eseguito: puoi rinnovare qui con me."
    )


def _automatic(f: Mapping[str, Any]) -> str:
    return (
        f"Per il tuo servizio è attivo il rinnovo automatico{_by(f)}, per questo non vedi il pulsante Rinnova: "
        f"avverrà il {d(f['automatic_renewal_date'])}, {AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della "
        f"scadenza del {d(f['expiry_date'])}, e rinnoverà il servizio per un anno, fino al "
        f"{d(rules.new_expiry_date(f['expiry_date'], 1))}. Se vuoi, puoi comunque rinnovare adesso."
    )


def _priced(quotes: list[Quote] | tuple[Quote, ...], automatic: bool) -> str:
    """Each duration's total and new expiry; and, paying again by card or PayPal, the automatic renewal after it."""
    return "; ".join(
        f"per {years_text(q.years)} il totale è {eur(q.total)} IVA inclusa (nuova scadenza {d(q.new_expiry)}"
        + (f", poi il rinnovo automatico il {d(rules.automatic_renewal_date(q.new_expiry))})" if automatic else ")")
        for q in quotes)


def renewal_as_is(*quotes: Quote, automatic: bool = False) -> str:
    """What renewing now costs, asked before: everything as bought, for one year or the durations asked."""
    return f" Rinnovando tutto come oggi {_priced(quotes, automatic)}." if quotes else ""


def renewal_as_asked(quotes: list[Quote], added: list[str], dropped: list[str], automatic: bool = False,
                     storage_gb: Optional[int] = None, users: Optional[int] = None, code: Optional[str] = None) -> str:
    """What renewing now costs with the quantities the customer asked for and the modules they asked to add or
    drop, asked before renewing."""
    changes = [] if storage_gb is None else [
        f"con {gb(storage_gb)} GB di spazio aggiuntivo" if storage_gb else "senza spazio aggiuntivo"]
    changes += [] if users is None else [
        f"con {plural(users, 'utente aggiuntivo', 'utenti aggiuntivi')}" if users else "senza utenti aggiuntivi"]
    changes += [f"con {' e '.join(added)} in più"] if added else []
    changes += [f"senza {' e '.join(dropped)}"] if dropped else []
    changes += [f"con il codice {code}"] if code else []
    return f" Rinnovando {' e '.join(changes)}, {_priced(quotes, automatic)}." if quotes and changes else ""


def renewing_now(f: Mapping[str, Any]) -> str:
    """Renewing now said outright by a customer with automatic renewal ("senza aspettare il rinnovo automatico")."""
    return f"Rinnovi adesso, senza aspettare il rinnovo automatico del {d(f['automatic_renewal_date'])}."


def renewing_another_way(method: PaymentMethod | None, email: str, chosen: bool = False) -> str:
    """A customer with automatic renewal who wants to pay this renewal by bank transfer or postal slip (asked
    whether to renew now, or ``chosen`` already; None: either of them); the details go to ``email``."""
    named = PAYMENT_METHOD_NAMES[method] if method is not None else "bonifico o bollettino"
    opening = f"Rinnovi adesso con {named}, quindi" if chosen else f" Se rinnovi adesso con {named},"
    return (f"{opening} questo rinnovo non avviene in automatico: "
            f"confermi l'ordine qui, ricevi all'indirizzo {email} un'email con gli estremi per pagare e il rinnovo è "
            f"concluso quando registriamo il pagamento.")


def years_allowed_text(sub: Subscription) -> str:
    """"Puoi rinnovare da 1 a 10 anni", or the promotional product's two durations."""
    allowed = rules.years_allowed(sub)
    return _years_range({"promotional": sub.promotional, "min_years": allowed.start, "max_years": allowed.stop - 1})


def _years_range(f: Mapping[str, Any]) -> str:
    if f["promotional"]:
        return (f"Il tuo è un prodotto in promozione: puoi rinnovarlo per {f['min_years']} o "
                f"{f['max_years']} anni.")
    return f"Puoi rinnovare da {f['min_years']} a {f['max_years']} anni."


SIGN_IN = (
    "Accedi su areaclienti.pec.it con il tuo account Aruba (username del tipo 1234567@aruba.it e relativa "
    "password) e apri l'assistenza da lì: così so chi sei. Non scrivere mai la password in chat."
)


TELEGRAM_SIGN_IN = (
    "Chiedi un codice di collegamento al supporto (o nell'area clienti su areaclienti.pec.it) e "
    "scrivimi /start seguito dal codice, per esempio /start ABCD234567. Il codice vale 15 minuti e "
    "una volta sola. Non scrivere mai la password in chat."
)


TELEGRAM_COMMANDS = (("help", "Cosa posso fare e come"), ("annulla", "Annulla il rinnovo in corso"),
                     ("operatore", "Parla con una persona del supporto"))
"""The bot's commands on Telegram, as its menu describes them."""
TELEGRAM_HELP = (
    "Sono l'assistente per il rinnovo di Fatturazione Elettronica. Scrivimi come in chat, per esempio "
    "«voglio rinnovare», «aggiungi 2 GB», «per 2 anni con bonifico», «quanto costa?». Comandi: /annulla "
    "annulla il rinnovo in corso; /operatore ti passa a una persona del supporto. Se la chat non è ancora "
    "collegata al tuo account, chiedi un codice di collegamento al supporto e scrivimi /start seguito dal codice."
)


MALFORMED_REQUEST = {
    "body": "Richiesta non valida: serve un oggetto JSON.",
    "sender": "Richiesta non valida: «sender» deve essere un testo o un numero di al massimo {limit} caratteri.",
    "message": "Richiesta non valida: il messaggio deve essere un testo.",
    "metadata": "Richiesta non valida: «{field}» deve essere un oggetto JSON.",
    "session": "La sessione della chat non è valida: ricarica la pagina.",
}
"""Why a channel could not read a request (REST answers 400 with it; the web chat shows it)."""


SERVICE_UNAVAILABLE = (
    "Scusa, in questo momento non riesco a completare l'operazione: i nostri sistemi non rispondono. "
    "Non ho cambiato nulla. Riprova tra qualche minuto scrivendo di nuovo la tua risposta: ripartiamo da qui."
)


def telegram_linked(username: str) -> str:
    return (f"Fatto: questa chat è collegata all'account {username}. Ora puoi scrivermi, per esempio "
            f"«voglio rinnovare».")


WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


def support_hours_text(hours: Any) -> str:
    """«dal lunedì al venerdì, dalle 9:00 alle 18:00»"""
    days = (f"il {WEEKDAYS[hours.first_day - 1]}" if hours.first_day == hours.last_day else
            f"dal {WEEKDAYS[hours.first_day - 1]} al {WEEKDAYS[hours.last_day - 1]}")
    return f"{days}, dalle {hours.opens.hour}:{hours.opens.minute:02d} alle {hours.closes.hour}:{hours.closes.minute:02d}"


EXPLANATIONS: dict[Reason, Callable[[Mapping[str, Any]], str]] = {
    Reason.TOKEN_MISSING: lambda f: f"Per rinnovare devo prima sapere chi sei. {SIGN_IN}",
    Reason.TOKEN_INVALID: lambda f: f"Non riesco a verificare la tua sessione. {SIGN_IN}",
    Reason.TOKEN_EXPIRED: lambda f: f"La tua sessione è scaduta. {SIGN_IN}",
    Reason.TOKEN_REPLAYED: lambda f: (
        f"Questa sessione è già in uso in un'altra conversazione e qui non vale. {SIGN_IN}"),
    Reason.TOKEN_REVOKED: lambda f: (
        "Questo token operatore è stato revocato: chiedine uno nuovo (python -m renewal agent-token NOME)."),
    Reason.CONVERSATION_NOT_YOURS: lambda f: (
        "Questa conversazione è stata aperta da un altro utente e non posso continuarla con la tua sessione: "
        "non ho cambiato nulla. Apri una nuova chat dall'area clienti su areaclienti.pec.it."),
    Reason.AGENT_NAME_INVALID: lambda f: (
        f"Il nome operatore «{f['agent']}» non va bene: usa lettere minuscole, cifre, punto o trattino "
        f"(da 2 a 40 caratteri, iniziando con una lettera)."),
    Reason.LINK_CODE_UNKNOWN: lambda f: (
        f"Il codice di collegamento non è valido. {TELEGRAM_SIGN_IN}"),
    Reason.LINK_CODE_EXPIRED: lambda f: (
        f"Il codice di collegamento è scaduto il {f['expired_at']:%d/%m/%Y alle %H:%M} (UTC). {TELEGRAM_SIGN_IN}"),
    Reason.LINK_CODE_USED: lambda f: (
        f"Questo codice di collegamento è già stato usato e vale una volta sola. {TELEGRAM_SIGN_IN}"),
    Reason.CHAT_NOT_LINKED: lambda f: (
        f"Questa chat non è ancora collegata al tuo account, quindi non so chi sei. {TELEGRAM_SIGN_IN}"),
    Reason.ACCOUNT_UNKNOWN: lambda f: f"Non trovo l'account {f['username']}.",
    Reason.SERVICE_DELETED: lambda f: _deleted(f),
    Reason.IN_GRACE_PERIOD: _grace,
    Reason.AUTOMATIC_RENEWAL_ON: _automatic,
    Reason.AUTOMATIC_RENEWAL_MISSED: _missed,
    Reason.ORDER_PENDING_PAYMENT: lambda f: (
        f"Hai già un ordine di rinnovo, n. {f['order_number']}, in attesa di pagamento: il rinnovo si "
        f"conclude quando registriamo il pagamento, quindi non serve un altro ordine. Finché non è pagato puoi "
        f"annullarlo (scrivi «annulla l'ordine») o pagare in un altro modo (ad esempio «pago con carta»)."),
    Reason.CART_UNKNOWN: lambda f: "Non trovo il carrello di rinnovo: ricominciamo dall'inizio.",
    Reason.CART_CLOSED: lambda f: "Questo carrello è già stato ordinato e non può più cambiare.",
    Reason.NOT_A_WHOLE_NUMBER: lambda f: f"«{f['requested']}» non è un numero intero: indica una quantità intera, ad esempio 2.",
    Reason.QUANTITY_NEGATIVE: lambda f: "La quantità non può essere negativa.",
    Reason.QUANTITY_TOO_LARGE: lambda f: f"{f['requested']} è troppo: puoi indicare al massimo {f['maximum']}.",
    Reason.STORAGE_IN_USE: lambda f: (
        f"Non puoi diminuire lo spazio aggiuntivo: usi {gb(f['gb_used'])} GB {_of_bought(f['gb_bought'])}"
        f"{WHOLE_GB if f['gb_used'] != int(f['gb_used']) else ''}. Puoi rinnovare {f['gb_bought']} GB o "
        f"{'aumentarlo' if f['gb_bought'] == 1 else 'aumentarli'}."),
    Reason.STORAGE_BELOW_USED: lambda f: (
        f"Non puoi scendere a {f['requested_gb']} GB: usi {gb(f['gb_used'])} GB {_of_bought(f['gb_bought'])}. "
        f"Puoi diminuire lo spazio fino a {f['lowest_gb']} GB."),
    Reason.USERS_CONFIGURED: lambda f: (
        f"Non puoi scendere a {plural(f['requested_users'], 'utente aggiuntivo', 'utenti aggiuntivi')}: "
        f"{plural(f['users_configured'], 'è già configurato', 'sono già configurati')}. Cancella prima dal "
        f"pannello gli utenti che non ti servono, poi potrai toglierli dal rinnovo. Per ora il minimo è "
        f"{f['lowest_users']}."),
    Reason.MODULE_UNKNOWN: lambda f: f"Non conosco il modulo «{f['module']}».",
    Reason.MODULE_NOT_OFFERED: lambda f: f"Il modulo {f['module']} non è disponibile per il tuo servizio.",
    Reason.MODULE_ALREADY_IN_CART: lambda f: f"Il modulo {f['module']} è già nel carrello.",
    Reason.MODULE_NOT_IN_CART: lambda f: f"Il modulo {f['module']} non è nel carrello.",
    Reason.CODE_MALFORMED: lambda f: (
        f"«{f['code']}» non è un codice convenzione: i codici sono fatti di lettere e cifre, ad esempio "
        f"ING2026. Il carrello non è cambiato."),
    Reason.CODE_UNKNOWN: lambda f: (
        f"Il codice convenzione {f['code']} non risulta valido: controlla di averlo scritto bene. "
        f"Il carrello non è cambiato."),
    Reason.CODE_EXPIRED: lambda f: (
        f"Il codice convenzione {f['code']} ({f['association']}) è scaduto il {d(f['valid_until'])}: "
        f"il carrello non è cambiato."),
    Reason.CODE_NOT_YET_VALID: lambda f: (
        f"Il codice convenzione {f['code']} ({f['association']}) vale dal {d(f['valid_from'])}: "
        f"il carrello non è cambiato."),
    Reason.CODE_NOT_APPLIED: lambda f: "Nel carrello non c'è nessun codice convenzione.",
    Reason.CODE_ATTEMPTS_EXCEEDED: lambda f: (
        f"Hai inserito {f['max_failures']} codici convenzione non validi: per sicurezza puoi riprovare tra "
        f"{f['window_minutes']} minuti. Il carrello non è cambiato."),
    Reason.YEARS_OUT_OF_RANGE: _years_range,
    Reason.PAYMENT_METHOD_UNKNOWN: lambda f: f"Puoi pagare con {PAYMENT_CHOICES}.",
    Reason.PAYMENT_METHOD_MISSING: lambda f: f"Scegli prima come pagare: {PAYMENT_CHOICES}.",
    Reason.TERMS_NOT_ACCEPTED: lambda f: "Per confermare l'ordine devi accettare le condizioni generali di contratto.",
    Reason.ALREADY_PLACED: lambda f: f"L'ordine n. {f['order_number']} è già confermato: non ne creo un altro.",
    Reason.ORDER_UNKNOWN: lambda f: f"Non trovo l'ordine {f['order_number']}.",
    Reason.HANDOFF_UNKNOWN: lambda f: f"Non trovo la richiesta di assistenza n. {f['handoff_id']}.",
    Reason.HANDOFF_TAKEN: lambda f: f"La richiesta n. {f['handoff_id']} è già stata presa da {f['taken_by']}.",
    Reason.HANDOFF_ENDED: lambda f: f"La richiesta n. {f['handoff_id']} è già conclusa.",
    Reason.HANDOFF_NOT_YOURS: lambda f: f"La richiesta n. {f['handoff_id']} la segue {f['taken_by']}.",
    Reason.HANDOFF_NOT_TAKEN: lambda f: f"Prendi prima la richiesta n. {f['handoff_id']}.",
    Reason.HANDOFF_WITHDRAWN: lambda f: f"Il cliente ha ritirato la richiesta n. {f['handoff_id']}: continua con "
                                        f"l'assistente automatico.",
    Reason.HANDOFF_NOT_WAITING: lambda f: "Non hai nessuna richiesta in coda per un operatore.",
    Reason.SUPPORT_CLOSED: lambda f: f"Gli operatori rispondono {support_hours_text(f['hours'])}: ora non ce n'è uno "
                                     f"disponibile.",
    Reason.NO_AGENT_ONLINE: lambda f: "In questo momento nessun operatore è collegato.",
    Reason.MESSAGE_EMPTY: lambda f: "Il messaggio è vuoto.",
    Reason.MESSAGE_TOO_LONG: lambda f: f"Il messaggio è troppo lungo: al massimo {f['maximum']} caratteri.",
    Reason.AGENT_UNKNOWN: lambda f: f"Non c'è un operatore «{f['agent']}» a cui passare la richiesta.",
    Reason.AGENT_EXISTS: lambda f: f"L'operatore {f['agent']} esiste già.",
    Reason.PASSWORD_TOO_SHORT: lambda f: f"La password deve avere almeno {f['minimum']} caratteri.",
    Reason.SIGN_IN_FAILED: lambda f: "Nome o password non corretti.",
    Reason.SIGN_IN_LOCKED: lambda f: (
        f"Troppi tentativi non riusciti: riprova tra {_wait(f['wait_seconds'])}."),
    Reason.DESK_SESSION_EXPIRED: lambda f: "La sessione è scaduta: accedi di nuovo.",
    Reason.NOT_PERMITTED: lambda f: "Non hai il permesso per questa operazione.",
    Reason.PAYMENT_ALREADY_REGISTERED: lambda f: (
        f"Il pagamento dell'ordine {f['order_number']} è già registrato: non cambia nulla."),
    Reason.PAYMENT_METHOD_UNCHANGED: lambda f: (
        f"L'ordine n. {f['order_number']} si paga già con {PAYMENT_METHOD_NAMES[f['payment_method']]}: "
        f"non cambia nulla."),
    Reason.ORDER_ALREADY_PAID: lambda f: (
        f"L'ordine n. {f['order_number']} è già pagato: non si può più annullare né pagare in un altro modo."),
    Reason.ORDER_CANCELLED: lambda f: (
        f"Abbiamo ricevuto un pagamento per l'ordine n. {f['order_number']}, che però era annullato: {REFUNDED}"
        if f.get("refund_due") else f"L'ordine n. {f['order_number']} è annullato: non c'è nulla da pagare."),
    Reason.NO_PAYMENT_EMAIL: lambda f: (
        f"L'ordine n. {f['order_number']} si paga con {PAYMENT_METHOD_NAMES[f['payment_method']]} al checkout: "
        f"non c'è un'email con gli estremi da inviare."),
    Reason.NO_PAY_LINK: lambda f: (
        f"L'ordine n. {f['order_number']} si paga con {PAYMENT_METHOD_NAMES[f['payment_method']]}: gli estremi per "
        f"pagare sono nell'email che ti abbiamo mandato a {f['reference_email']}, non serve un link."),
    Reason.PROVIDER_UNAVAILABLE: lambda f: (
        f"Non riesco a chiudere la pagina di pagamento con carta o PayPal dell'ordine n. {f['order_number']} in "
        f"questo momento: per sicurezza non ho cambiato nulla. Riprova tra qualche minuto."
        if f.get("withdrawing") else
        f"Non riesco a preparare la pagina di pagamento dell'ordine n. {f['order_number']} in questo momento: "
        f"l'ordine resta valido. Riprova tra qualche minuto scrivendo «come pago?»."),
    Reason.SIGNATURE_MISSING: lambda f: "Notifica senza firma: rifiutata.",
    Reason.SIGNATURE_INVALID: lambda f: "Firma della notifica non valida: rifiutata.",
    Reason.SIGNATURE_STALE: lambda f: "Notifica firmata troppo tempo fa: rifiutata.",
    Reason.NOTIFICATION_REPLAYED: lambda f: "Notifica già ricevuta identica: rifiutata.",
    Reason.NOTIFICATION_MALFORMED: lambda f: "Notifica non leggibile: rifiutata.",
    Reason.PAYMENT_AFTER_DELETION: lambda f: (
        f"{_deleted(f)} Il pagamento quindi non lo rinnova: l'ordine {f['order_number']} è segnato per il "
        f"rimborso dell'importo ricevuto."),
    Reason.PAYMENT_AMOUNT_MISMATCH: lambda f: (
        f"L'importo {_money(f)} non corrisponde al totale dell'ordine {f['order_number']} ({eur(f['total'])}): "
        + (REFUNDED if f.get("refund_due") else "il pagamento non è registrato.")),
    Reason.PAYMENT_CURRENCY_MISMATCH: lambda f: (
        f"Il pagamento per l'ordine {f['order_number']} non è in euro ({_money(f)}): "
        + (REFUNDED if f.get("refund_due") else "il pagamento non è registrato.")),
    Reason.PAYMENT_DUPLICATE: lambda f: (
        f"Abbiamo ricevuto un altro pagamento per l'ordine n. {f['order_number']}, che era già pagato: {REFUNDED}"),
}


def explain(decision: Decision[Any]) -> str:
    """The sentence a person reads for this decision ('' for a plain yes)."""
    render = EXPLANATIONS.get(decision.reason)
    return render(decision.figures) if render else ""


def status_text(status: ServiceStatus) -> str:
    if status.state is LifecycleState.DELETED:
        return explain(Decision.refuse(Reason.SERVICE_DELETED, expiry_date=status.expiry_date,
                                       deletion_date=status.deletion_date))
    missed = {"automatic_renewal_missed": status.automatic_renewal_missed, "expiry_date": status.expiry_date}
    if status.state is LifecycleState.GRACE:
        return _grace({"grace_days_left": status.grace_days_left, "deletion_date": status.deletion_date,
                       "last_renewable_date": status.last_renewable_date, **missed})
    left = "domani" if status.days_to_expiry == 1 else f"tra {_days(status.days_to_expiry)}"
    text = f"Il servizio è attivo e scade il {d(status.expiry_date)} ({left})."
    if status.automatic_renewal_date:
        text += (f" Il rinnovo automatico avverrà il {d(status.automatic_renewal_date)} e rinnoverà il servizio per un "
                 f"anno, fino al {d(rules.new_expiry_date(status.expiry_date, 1))}.")  # "e dopo fino a quando vale?"
    elif status.automatic_renewal_missed:
        text += " " + _missed(missed)
    return text
