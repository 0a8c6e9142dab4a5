"""What the assistant says about the conversation itself: the turns of talk around the cart and the
order (agreeing, declining, cancelling, not understanding, what happened elsewhere)."""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from renewal.domain.decision import Reason
from renewal.domain.views import OrderView
from renewal.text.formats import format_euro as eur
from renewal.text.formats import format_gb as format_number
from renewal.text.messages import EXPLANATIONS, plural

ANYTHING_ELSE = "Se ti serve altro, scrivimi pure."
OK = "Va bene."
HELLO = "Ciao!"
THANKS = "Di niente!"
GOODBYE = "A presto!"
GOODBYE_WITH_CART = "A presto! Il carrello resta qui: quando vuoi, riprendiamo da dove eravamo."
GO_ON = "Dimmi pure: posso rispondere alle tue domande sul servizio o sull'ordine."
HERE = "Eccomi."
RENEW_NOW = " Vuoi rinnovare adesso?"

CART_CHANGED_ELSEWHERE = "Nel frattempo il carrello è stato cambiato in un'altra conversazione: ecco com'è ora."
RENEWAL_CLOSED_ELSEWHERE = "Nel frattempo questo rinnovo è stato chiuso in un'altra conversazione: nessun ordine è stato fatto."


def order_placed_elsewhere(order: OrderView) -> str:
    return (f"Nel frattempo è stato confermato l'ordine n. {order.number} per questo rinnovo (totale "
            f"{eur(order.total)} IVA inclusa).")


def module_unknown(name: Optional[str]) -> str:
    """"il modulo magazzino": named back when its name was read (the catalogue's own refusal)."""
    return EXPLANATIONS[Reason.MODULE_UNKNOWN]({"module": name}) if name else "Non conosco quel modulo."
CODE_LATER = "Bene: il codice convenzione te lo chiedo tra poco, quando arriviamo a quel punto."
NO_CODE = "Nessun codice convenzione."
TERMS_ACCEPTED = "Hai accettato le condizioni generali di contratto."
TERMS_REFUSED = ("Senza accettare le condizioni generali di contratto non posso completare l'ordine: il carrello resta "
                 "com'è. Se non vuoi più rinnovare, scrivi «annulla».")
TERMS_FIRST = "Prima di confermare l'ordine devi accettare le condizioni generali di contratto."
NOTHING_TO_CONFIRM = "Non c'è nessun ordine da confermare. Per rinnovare scrivi «rinnova»."
NOT_CONFIRMING = ("Va bene, non confermo. Dimmi cosa vuoi cambiare (ad esempio «3 anni» o «togli i solleciti»), oppure "
                  "scrivi «annulla».")
CART_CLOSED = " Ho chiuso il carrello: nessun ordine è stato fatto."
WITHOUT_THE_CODE = " Per confermare senza sconto scrivi «togli il codice», oppure «annulla» per lasciar perdere."
CHANGE_OR_CANCEL = " Puoi cambiare il carrello, oppure scrivere «annulla»."
NOT_RENEWING_NOW = "Va bene, non rinnoviamo ora: il rinnovo automatico resta attivo."
RENEWAL_CANCELLED = ("Ho annullato il rinnovo: nessun ordine è stato fatto. Se cambi idea, scrivi «riprendi» e lo "
                     "riprendo com'era.")
NOTHING_TO_CANCEL = "Non c'è nessun rinnovo in corso da annullare: nessun ordine è stato fatto."

NO_PERSON_WITH_CART = "Va bene, continuiamo noi due."
NO_PERSON = "Va bene. Se ti serve altro, scrivimi pure."
AGENT_ASKS_FOR_A_PERSON = "Sei tu l'operatore di questa sessione guidata: le richieste dei clienti le trovi nel desk."

TOO_LONG = "Il messaggio è troppo lungo e non l'ho letto: scrivimi in poche parole."
OUT_OF_SCOPE = ("Su questo non posso aiutarti: mi occupo del rinnovo di Fatturazione Elettronica. Per altro scrivi "
                "«operatore».")
NOT_UNDERSTOOD = "Scusa, non ho capito."
NOT_UNDERSTOOD_WITHOUT_CART = (f"{NOT_UNDERSTOOD} Per rinnovare scrivi «rinnova»; per parlare con una persona scrivi "
                               f"«operatore».")
WHAT_TO_WRITE = {
    "storage": "Qui puoi scrivere quanti GB rinnovare (ad esempio «5 GB») oppure «lascia com'è».",
    "users": "Qui puoi scrivere quanti utenti rinnovare (ad esempio «3 utenti») oppure «lascia com'è».",
    "modules": "Qui puoi scrivere quale modulo togliere o aggiungere (ad esempio «togli il primo») oppure «va bene così».",
    "code": "Qui puoi scrivere il tuo codice convenzione (ad esempio «ING2026») oppure «nessun codice».",
    "years": "Qui puoi scrivere per quanti anni rinnovare (ad esempio «2 anni»).",
    "payment": "Qui puoi scrivere come pagare: carta, PayPal, bonifico o bollettino.",
    "terms": "Qui puoi scrivere «accetto» per accettare le condizioni generali di contratto.",
    "confirm": "Qui puoi scrivere «confermo» per completare l'ordine, oppure cosa vuoi cambiare.",
}
"""What a customer can write at each step (by the step's value), said when a message was not understood."""


def not_sure_at(step: str | None) -> str:
    """A change asked for that was not understood: said so, and what can be written, rather than a guess."""
    what = f" {WHAT_TO_WRITE[step]}" if step in WHAT_TO_WRITE else ""
    return f"Non sono sicuro di aver capito cosa vuoi cambiare, quindi non ho cambiato nulla.{what}"


def not_understood_at(step: str | None) -> str:
    """"Non ho capito", what can be written at this step, and a person."""
    what = f" {WHAT_TO_WRITE[step]}" if step in WHAT_TO_WRITE else ""
    return f"{NOT_UNDERSTOOD}{what} Se preferisci una persona, scrivi «operatore»."


def not_sure_how_much(step: str, highest: int | None) -> str:
    """"Il massimo di spazio": no value guessed; the ceiling said."""
    what = {"storage": ("spazio", "GB"), "users": ("utenti", "utenti")}.get(step, ("", ""))
    ceiling = f" Puoi arrivare fino a {highest} {what[1]}." if highest else ""
    return f"Non sono sicuro di quanti {what[1]} vuoi.{ceiling} Scrivimi il numero, ad esempio «5»."


def not_a_whole_part(step: str, current: Decimal | int, part: Decimal) -> str:
    """"Metà degli utenti" of 3: 1,5 is no quantity; ask rather than round."""
    unit = {"storage": "GB", "users": "utenti", "years": "anni"}.get(step, "")
    have = {"storage": f"{current} GB", "users": plural(int(current), "utente", "utenti"),
            "years": plural(int(current), "anno", "anni")}.get(step, str(current))
    return (f"Non sono sicuro di quanti {unit} vuoi: hai {have}, e la parte che dici fa "
            f"{format_number(part)}. Scrivimi un numero intero, ad esempio «{int(part) or 1}».")


def which_bought_module(names: list[str]) -> str:
    if not names:
        return "Non avevi moduli prima di questo rinnovo."
    return f"Avevi già {len(names)} moduli ({', '.join(names)}): dimmi quale intendi."


def no_such_suggestion(count: int) -> str:
    if count == 0:
        return "Non ci sono altri moduli da suggerirti: hai già tutti quelli disponibili."
    return f"Ti ho suggerito {count} {'modulo' if count == 1 else 'moduli'}: dimmi quale vuoi aggiungere."


NOT_UNDERSTOOD_AGAIN = "Scusa, non ho capito neanche questo. Vuoi parlare con un operatore del supporto?"


def no_option_costs(total: Decimal, durations: bool) -> str:
    if durations:
        return f"Nessuna delle durate che ti ho indicato costa {eur(total)}: dimmi per quanti anni vuoi rinnovare."
    return f"Nessuna delle opzioni che ti ho indicato costa {eur(total)}: dimmi quale preferisci, per numero o a parole."
