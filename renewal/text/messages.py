"""Italian text for decisions, carts and orders: second person singular, short,
with the figures. The CLI and the assistant both speak through here."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any, Optional

from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import LifecycleState, OrderStatus, PaymentMethod, Quote, ServiceStatus, Subscription
from renewal.domain.rules import AUTOMATIC_RENEWAL_LEAD_DAYS, GRACE_DAYS
from renewal.text.formats import format_date as d
from renewal.text.formats import format_euro as eur
from renewal.text.formats import format_gb as gb

if TYPE_CHECKING:
    from renewal.dialogue.commands import Step, Topic
    from renewal.domain.views import AccountView, CartView, OrderView

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


def received_text(payment: Any) -> str:
    """A payment received, as the CLI and the desk list it: «95,16 € il 04/12/2026 (demo:pay_1), da
    rimborsare: ordine annullato»."""
    amount = eur(payment.amount) if payment.currency == "EUR" else f"{payment.amount} {payment.currency}"
    text = f"{amount} il {d(payment.received_at.date())}" + (f" ({payment.reference})" if payment.reference else "")
    if payment.refund_reason is None:
        return text
    state = f"rimborsato il {d(payment.refunded_at.date())}" if payment.refunded_at else "da rimborsare"
    return f"{text}, {state}: {REFUND_REASON_NAMES.get(payment.refund_reason, payment.refund_reason.value)}"


PAYMENT_CHOICES = "carta di credito, PayPal, bonifico bancario o bollettino postale"


def plural(n: int, one: str, many: str) -> str:
    """Number agreement: "1 utente", "2 utenti"."""
    return f"{n} {one if n == 1 else many}"


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
        f"scadenza del {d(f['expiry_date'])}. Se vuoi, puoi comunque rinnovare adesso."
    )


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
        f"Non puoi diminuire lo spazio aggiuntivo: usi {gb(f['gb_used'])} GB dei {f['gb_bought']} GB "
        f"acquistati, quindi risulta effettivamente occupato. Puoi rinnovare {f['gb_bought']} GB o aumentarli."),
    Reason.STORAGE_BELOW_USED: lambda f: (
        f"Non puoi scendere a {f['requested_gb']} GB: usi {gb(f['gb_used'])} GB dei {f['gb_bought']} GB "
        f"acquistati. Puoi diminuire lo spazio fino a {f['lowest_gb']} GB."),
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


WEEKDAYS = ("lunedì", "martedì", "mercoledì", "giovedì", "venerdì", "sabato", "domenica")


def support_hours_text(hours: Any) -> str:
    """«dal lunedì al venerdì, dalle 9:00 alle 18:00»"""
    days = (f"il {WEEKDAYS[hours.first_day - 1]}" if hours.first_day == hours.last_day else
            f"dal {WEEKDAYS[hours.first_day - 1]} al {WEEKDAYS[hours.last_day - 1]}")
    return f"{days}, dalle {hours.opens.hour}:{hours.opens.minute:02d} alle {hours.closes.hour}:{hours.closes.minute:02d}"


def handoff_queued(request_id: int, position: int, expected_wait: Any) -> str:
    place = ("sei il primo in coda" if position <= 1 else "prima di te c'è una persona in coda" if position == 2
             else f"prima di te ci sono {position - 1} persone in coda")
    wait = ""
    if expected_wait is not None:
        minutes = max(1, round(expected_wait.total_seconds() / 60))
        wait = f", attesa stimata circa {plural(minutes, 'minuto', 'minuti')}"
    return (f"Ti passo a un operatore del supporto (richiesta n. {request_id}): {place}{wait}. Ti risponderà una "
            f"persona, qui in chat. Intanto puoi scrivere la tua domanda: la leggerà appena prende la richiesta.")


def handoff_waiting(position: int) -> str:
    return (f"Sei ancora in coda per un operatore (posizione {position}): ti risponderà qui appena possibile. "
            f"Il tuo messaggio l'ho inoltrato.")


def handoff_unavailable(decision: Decision[Any]) -> str:
    return (f"{explain(decision)} Vuoi lasciare la richiesta in coda? Ti risponderà qui il primo operatore "
            f"disponibile. Intanto posso continuare io ad aiutarti.")


def _who(display_name: Optional[str]) -> str:
    """How a customer reads an agent: the display name set for them, never their sign-in name."""
    return display_name or "Un operatore"


def handoff_taken(display_name: Optional[str]) -> str:
    return f"{_who(display_name)} del supporto ha preso la tua richiesta: da ora ti risponde qui."


AGENT_SIGNATURE = " (supporto): "


def agent_says(display_name: Optional[str], text: str) -> str:
    return f"{display_name or 'Operatore'}{AGENT_SIGNATURE}{text}"


def handoff_transferred(display_name: Optional[str]) -> str:
    return (f"Ti passo al collega {display_name} del supporto: ti risponderà qui." if display_name else
            "Ti passo a un collega del supporto: ti risponderà qui.")


def handoff_closed(display_name: Optional[str]) -> str:
    return (f"{_who(display_name)} ha chiuso la conversazione con il supporto. Se ti serve altro scrivimi pure: "
            f"ti risponde di nuovo l'assistente automatico.")


def handoff_returned(display_name: Optional[str]) -> str:
    return f"{_who(display_name)} ti ripassa all'assistente automatico: puoi continuare da dove eri rimasto."


HANDOFF_RETURNED = "Eccomi di nuovo: sono l'assistente automatico. Riprendiamo da dove eravamo."


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
        text += f" Il rinnovo automatico avverrà il {d(status.automatic_renewal_date)}."
    elif status.automatic_renewal_missed:
        text += " " + _missed(missed)
    return text


def price_text(q: Quote) -> str:
    if q.discount:
        return (f"{eur(q.net)} - sconto {gb(q.discount_percent)}% {eur(q.discount)} + IVA {gb(q.vat_percent)}% "
                f"{eur(q.vat)} = {eur(q.total)}")
    return f"{eur(q.net)} + IVA {gb(q.vat_percent)}% {eur(q.vat)} = {eur(q.total)}"


def _discount(q: Quote) -> str:
    """"Ordine degli Ingegneri, sconto 15%": whose agreement code, and what it takes off."""
    return f"{q.association}, sconto {gb(q.discount_percent)}%"


def _cart_lines(view: CartView) -> dict[str, str]:
    sub, cart, q = view.subscription, view.cart, view.quote
    modules = ", ".join(view.module_names[c] for c in sorted(cart.modules)) or "nessuno"
    if q.agreement_code:
        code = f"{q.agreement_code} ({_discount(q)})"
    elif cart.agreement_code:
        code = f"{cart.agreement_code} (non più valido: nessuno sconto)"
    else:
        code = "nessuno"
    return {
        "storage": f"- Spazio aggiuntivo: {cart.storage_gb} GB (ne usi {gb(sub.storage_gb_used)} GB)",
        "users": f"- Utenti aggiuntivi: {plural(cart.users, 'utente', 'utenti')} (di cui "
                 f"{plural(sub.users_configured, 'configurato', 'configurati')})",
        "modules": f"- Moduli: {modules}",
        "code": f"- Codice convenzione: {code}",
        "years": f"- Durata: {_years(q.years)}, nuova scadenza {d(q.new_expiry)} "
                 + (f"(scadenza attuale {d(q.current_expiry)})" if q.current_expiry >= view.status.on
                    else f"(è scaduto il {d(q.current_expiry)})"),
        "price": f"- Prezzo: {price_text(q)}",
        "payment": "- Pagamento: " + _payment_line(cart.payment_method, q),
    }


def _payment_line(method: PaymentMethod | None, q: Quote) -> str:
    if method is None:
        return "da scegliere"
    if q.automatic_renewal_date is not None:
        return (f"{PAYMENT_METHOD_NAMES[method]}, con rinnovo automatico (il prossimo il "
                f"{d(q.automatic_renewal_date)})")
    return f"{PAYMENT_METHOD_NAMES[method]} (ricevi un'email con gli estremi per pagare)"


def order_payment_changed(order: OrderView) -> str:
    method = PAYMENT_METHOD_NAMES[order.payment_method]
    if order.automatic_renewal_date is not None:
        return (f"L'ordine n. {order.number} ora si paga con {method} ({eur(order.total)}): con il pagamento si "
                f"attiva il rinnovo automatico (il prossimo il {d(order.automatic_renewal_date)}). Il rinnovo è "
                f"concluso quando registriamo il pagamento.")
    return (f"L'ordine n. {order.number} ora si paga con {method} ({eur(order.total)}): ti ho mandato un'email "
            f"a {order.reference_email} con gli estremi per pagare.")


def order_cancelled(order: OrderView) -> str:
    return (f"Ho annullato l'ordine n. {order.number}: non devi pagare nulla e la scadenza resta il "
            f"{d(order.current_expiry)}. Se vuoi rinnovare, scrivi «rinnova».")


def cart_summary(view: CartView) -> str:
    """The cart as the customer sees it after every change."""
    return "\n".join(["Il tuo carrello di rinnovo:", *_cart_lines(view).values()])


def order_review(view: CartView) -> str:
    """The whole order, line by line, before "Conferma e completa l'ordine"."""
    priced = [f"- {line.description}: {line.quantity} x {eur(line.unit_yearly_price)} x {_years(line.years)} = "
              f"{eur(line.amount)}" for line in view.quote.lines]
    lines = _cart_lines(view)
    return "\n".join(["Riepilogo dell'ordine:", *priced, *(lines[k] for k in ("code", "years", "price", "payment"))])


def _automatic_from(method: PaymentMethod, renewal_date: date, new_expiry: date) -> str:
    """What card or PayPal switches on, for an order or a cart."""
    return (f"Con {PAYMENT_METHOD_NAMES[method]} si attiva il rinnovo automatico: il prossimo avverrà il "
            f"{d(renewal_date)}, {AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della nuova scadenza del {d(new_expiry)}.")


def order_confirmation(order: OrderView) -> str:
    """Order number, total and what happens next for the chosen payment."""
    head = f"Ordine n. {order.number} confermato: totale {eur(order.total)} IVA inclusa."
    if order.automatic_renewal_date is not None:
        nxt = _automatic_from(order.payment_method, order.automatic_renewal_date, order.new_expiry)
    else:
        nxt = (f"Riceverai un'email a {order.reference_email} con il numero d'ordine e gli estremi per "
               f"pagare con {PAYMENT_METHOD_NAMES[order.payment_method]}.")
    done = (f"Il rinnovo è concluso quando registriamo il pagamento: allora la scadenza passa dal "
            f"{d(order.current_expiry)} al {d(order.new_expiry)}.")
    return " ".join([head, nxt, done])


def checkout_description(order: OrderView) -> str:
    """What the provider's payment page says is being bought."""
    return (f"Rinnovo Fatturazione Elettronica per {_years(order.years)}, nuova scadenza {d(order.new_expiry)} "
            f"(ordine n. {order.number})")


PAY_BUTTON = "Paga ora"


def pay_link(order: OrderView) -> str:
    """Above the «Paga ora» button, which opens the provider's page."""
    return (f"Per pagare {eur(order.total)} con {PAYMENT_METHOD_NAMES[order.payment_method]} premi «{PAY_BUTTON}»: "
            f"si apre la pagina di pagamento sicura dell'ordine n. {order.number}.")


def payment_registered(order: OrderView) -> str:
    """A card or PayPal payment arrived: the renewal is concluded."""
    text = (f"Pagamento ricevuto: {eur(order.total)} per l'ordine n. {order.number}. Il rinnovo è concluso, la "
            f"nuova scadenza è il {d(order.new_expiry)}.")
    if order.automatic_renewal_date is not None:
        text += (f" Il rinnovo automatico è attivo: il prossimo avverrà il {d(order.automatic_renewal_date)}, con "
                 f"{PAYMENT_METHOD_NAMES[order.payment_method]}.")
    return text


def payment_not_completed(order: OrderView, how: str) -> str:
    what = "non è andato a buon fine" if how == "failed" else "non è stato completato"
    return (f"Il pagamento dell'ordine n. {order.number} {what}: l'ordine resta in attesa di pagamento "
            f"({eur(order.total)}). Quando vuoi riprovare scrivi «come pago?» e ti mando un nuovo link.")


# --- answers the help page gives, with the customer's own figures -------------

def _expiry_consequences(account: AccountView | None) -> str:
    text = (f"Se non concludi il rinnovo (ordine e pagamento registrato) entro la scadenza, nei {GRACE_DAYS} "
            f"giorni successivi Fatturazione Elettronica funziona con limitazioni ma puoi ancora rinnovarlo; "
            f"superati i {GRACE_DAYS} giorni il servizio è cancellato.")
    if account is not None:
        status = account.status
        if status.state in (LifecycleState.ACTIVE, LifecycleState.EXPIRING):
            text += (f" Il tuo servizio scade il {d(status.expiry_date)}: puoi rinnovarlo al più tardi entro il "
                     f"{d(status.last_renewable_date)}.")
        else:
            text += " " + status_text(status)
    return text


def _automatic_renewal(account: AccountView | None, view: CartView | None = None) -> str:
    """Automatic renewal, and why the Rinnova button may be missing; with card or PayPal in the
    cart, when the renewal being ordered would renew itself."""
    if view is not None and view.quote.automatic_renewal_date is not None and view.cart.payment_method is not None:
        return _automatic_from(view.cart.payment_method, view.quote.automatic_renewal_date, view.quote.new_expiry)
    order = account.unpaid_order if account is not None else None
    if order is not None and order.automatic_renewal_date is not None:
        return (f"Il tuo ordine n. {order.number} si paga con {PAYMENT_METHOD_NAMES[order.payment_method]}: con il "
                f"pagamento si attiva il rinnovo automatico, e il prossimo avverrà il {d(order.automatic_renewal_date)}, "
                f"{AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della nuova scadenza del {d(order.new_expiry)}.")
    if account is not None and account.status.automatic_renewal_date is not None:
        return _automatic({"payment_method": account.subscription.automatic_payment_method,
                           "automatic_renewal_date": account.status.automatic_renewal_date,
                           "expiry_date": account.status.expiry_date})
    text = (f"Se paghi il rinnovo con carta di credito o PayPal si attiva il rinnovo automatico: avviene da solo "
            f"{AUTOMATIC_RENEWAL_LEAD_DAYS} giorni prima della scadenza successiva, e per questo il pulsante "
            f"Rinnova non compare.")
    if account is not None and account.status.automatic_renewal_missed is not None:
        return _missed({"payment_method": account.subscription.automatic_payment_method,
                        "automatic_renewal_missed": account.status.automatic_renewal_missed,
                        "expiry_date": account.status.expiry_date})
    if account is not None:
        text += " Per il tuo servizio ora il rinnovo è manuale: puoi rinnovare qui con me, scrivi «rinnova»."
    return text


def _when_concluded(account: AccountView | None) -> str:
    text = ("L'ordine è confermato subito, ma il rinnovo è concluso solo quando abbiamo registrato il pagamento: "
            "fino ad allora la scadenza non cambia.")
    if account is not None and account.unpaid_order is not None:
        order = account.unpaid_order
        text += (f" Il tuo ordine n. {order.number} è in attesa di pagamento: quando lo registriamo la scadenza "
                 f"passa al {d(order.new_expiry)}.")
    return text


def _why_storage(account: AccountView | None) -> str:
    if account is not None and not account.status.renewable:
        return status_text(account.status)  # "perché non è più possibile?": the renewal itself
    text = "Puoi diminuire lo spazio aggiuntivo solo per la parte che non usi."
    if account is not None:
        sub = account.subscription
        text += (f" Hai {sub.storage_gb_bought} GB e ne usi {gb(sub.storage_gb_used)} GB, quindi puoi scendere "
                 f"fino a {rules.lowest_storage_gb(sub)} GB.")
    return text


def _why_users(account: AccountView | None) -> str:
    if account is not None and not account.status.renewable:
        return status_text(account.status)
    text = ("Non puoi togliere dal rinnovo gli utenti aggiuntivi già configurati: cancellali prima dal pannello, "
            "poi potrai toglierli dal carrello.")
    if account is not None:
        sub = account.subscription
        text += (f" Hai {plural(sub.users_bought, 'utente aggiuntivo', 'utenti aggiuntivi')}, di cui "
                 f"{plural(sub.users_configured, 'configurato', 'configurati')}: il minimo per il rinnovo è "
                 f"{rules.lowest_users(sub)}.")
    return text


def _price(account: AccountView | None, view: CartView | None) -> str:
    if view is None:
        return ("Il prezzo dipende da cosa rinnovi e per quanti anni: scrivi «rinnova» e ti mostro il carrello con "
                "il totale.")
    lines = [f"{line.description} {eur(line.amount)}" for line in view.quote.lines]
    return (f"Per {_years(view.quote.years)} (nuova scadenza {d(view.quote.new_expiry)}) il totale è "
            f"{eur(view.quote.total)} IVA inclusa: "
            f"{', '.join(lines)}; {price_text(view.quote)}.")


def _status(account: AccountView | None, view: CartView | None) -> str:
    if account is None:
        return SIGN_IN
    text = status_text(account.status)
    if view is not None:
        text += (f" Con il rinnovo nel carrello ({_years(view.quote.years)}) la nuova scadenza sarà il "
                 f"{d(view.quote.new_expiry)}.")
    elif account.unpaid_order is not None:
        text += (f" Con l'ordine n. {account.unpaid_order.number}, quando registriamo il pagamento, la scadenza "
                 f"passa al {d(account.unpaid_order.new_expiry)}.")
    return text


def _cart(account: AccountView | None, view: CartView | None) -> str:
    if view is None:
        return "Non hai un rinnovo aperto: scrivi «rinnova» e preparo il carrello."
    return cart_summary(view)


def _modules(account: AccountView | None, view: CartView | None) -> str:
    from renewal.text.questions import modules_text  # the same numbered list the modules step shows
    if view is None:
        return "Scrivi «rinnova»: nel carrello ti mostro i moduli che hai e quelli che puoi aggiungere."
    return modules_text(view)


def _allowed_years(account: AccountView | None, view: CartView | None) -> str:
    if account is None:
        return f"Puoi rinnovare da 1 a {rules.MAX_YEARS} anni; i prodotti in promozione per 1 o 2 anni."
    text = years_allowed_text(account.subscription)
    if account.status.state is LifecycleState.GRACE:  # "per quanto posso ancora rinnovarlo?"
        text += (f" Il servizio è scaduto il {d(account.status.expiry_date)}: puoi rinnovarlo fino al "
                 f"{d(account.status.last_renewable_date)}.")
    return text


def _payment(account: AccountView | None, view: CartView | None) -> str:
    text = (f"Puoi pagare con {PAYMENT_CHOICES}. Con carta o PayPal si attiva il rinnovo automatico; con bonifico "
            f"o bollettino ricevi un'email con il numero d'ordine e gli estremi per pagare.")
    if account is not None and account.unpaid_order is not None:
        order = account.unpaid_order
        text += (f" Il tuo ordine n. {order.number} ({eur(order.total)}) è in attesa di pagamento con "
                 f"{PAYMENT_METHOD_NAMES[order.payment_method]}")
        text += ("." if order.automatic_renewal_date is not None else
                 f": gli estremi per pagare sono nell'email che ti abbiamo mandato a {order.reference_email}.")
    return text


def _order(account: AccountView | None, view: CartView | None, order: OrderView | None = None) -> str:
    order = order or (account.unpaid_order if account is not None else None)
    if order is None:
        if account is not None and not account.status.renewable:
            return status_text(account.status)
        if view is not None:  # "e la scadenza nuova quando sarebbe?"
            return (f"{_when_concluded(account)} Con il carrello di ora ({_years(view.quote.years)}) la scadenza "
                    f"passerà dal {d(view.quote.current_expiry)} al {d(view.quote.new_expiry)}.")
        return _when_concluded(account)
    state = ("pagato: il rinnovo è concluso" if order.paid_at is not None
             else "in attesa di pagamento: il rinnovo si conclude quando registriamo il pagamento")
    return (f"Il tuo ordine è il n. {order.number}, totale {eur(order.total)}, {state}; la scadenza passa dal "
            f"{d(order.current_expiry)} al {d(order.new_expiry)}.")


TERMS = ("Sì: per completare il rinnovo devi accettare le condizioni generali di contratto, poi confermare "
         "l'ordine. Quando sei pronto scrivi «accetto»; senza, il carrello resta com'è.")

BOT = ("Sono un assistente virtuale, un programma automatico: posso guidarti nel rinnovo e rispondere alle domande "
       "sul servizio. Se preferisci una persona, scrivi «operatore».")


def kept(view: CartView, step: Step) -> str:
    """The value a step keeps, with its figures: said also when the customer repeats the current one."""
    from renewal.dialogue.commands import Step
    cart, q = view.cart, view.quote
    if step is Step.STORAGE:
        return f"Spazio aggiuntivo: {'resta' if cart.storage_gb == 1 else 'restano'} {cart.storage_gb} GB."
    if step is Step.USERS:
        return f"Utenti aggiuntivi: {'resta' if cart.users == 1 else 'restano'} {cart.users}."
    if step is Step.MODULES:
        names = [view.module_names[c] for c in sorted(cart.modules)]
        return f"Moduli: {('resta ' if len(names) == 1 else 'restano ') + ', '.join(names) if names else 'nessuno'}."
    if step is Step.YEARS:
        return f"Durata: {_years(q.years)}, nuova scadenza {d(q.new_expiry)}, totale {eur(q.total)}."
    return ""


def code_kept(view: CartView) -> str:
    q = view.quote
    if q.agreement_code:
        return f"Il codice {q.agreement_code} è già nel carrello ({_discount(q)}): totale {eur(q.total)}."
    return f"Il codice {view.cart.agreement_code} è già nel carrello ma non è più valido: totale {eur(q.total)}."


def total_unchanged(view: CartView) -> str:
    return f"Il totale resta {eur(view.quote.total)}."


def module_changed(name: str, added: bool) -> str:
    return f"Ho {'aggiunto' if added else 'tolto'} {name}."


_ANSWERS: dict[str, Callable[..., str]] = {
    "price": _price,
    "status": _status,
    "cart": _cart,
    "modules": _modules,
    "years": _allowed_years,
    "payment": _payment,
    "order": _order,
    "expiry_consequences": lambda account, view: _expiry_consequences(account),
    "automatic_renewal": _automatic_renewal,
    "sign_in": lambda account, view: SIGN_IN,
    "why_storage": lambda account, view: _why_storage(account),
    "why_users": lambda account, view: _why_users(account),
    "bot": lambda account, view: BOT,
    "terms": lambda account, view: TERMS,
}


def answer(topic: Topic, account: AccountView | None, view: CartView | None = None,
           order: OrderView | None = None) -> str:
    """The answer to a customer's question, from their own account, cart and order."""
    if topic.value == "order":
        return _order(account, view, order)
    return _ANSWERS[topic.value](account, view)
