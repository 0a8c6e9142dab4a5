"""What the assistant says about the conversation itself: the turns of talk around the cart and the
order (agreeing, declining, cancelling, not understanding, what happened elsewhere)."""
from __future__ import annotations

from renewal.domain.views import OrderView
from renewal.text.formats import format_euro as eur

ANYTHING_ELSE = "Se ti serve altro, scrivimi pure."
OK = "Va bene."
HELLO = "Ciao!"
THANKS = "Di niente!"
GOODBYE = "A presto!"
GOODBYE_WITH_CART = "A presto! Il carrello resta qui: quando vuoi, riprendiamo da dove eravamo."
GO_ON = "Dimmi pure: posso rispondere alle tue domande sul servizio o sull'ordine."
RENEW_NOW = " Vuoi rinnovare adesso?"

CART_CHANGED_ELSEWHERE = "Nel frattempo il carrello è stato cambiato in un'altra conversazione: ecco com'è ora."
RENEWAL_CLOSED_ELSEWHERE = "Nel frattempo questo rinnovo è stato chiuso in un'altra conversazione: nessun ordine è stato fatto."


def order_placed_elsewhere(order: OrderView) -> str:
    return (f"Nel frattempo è stato confermato l'ordine n. {order.number} per questo rinnovo (totale "
            f"{eur(order.total)} IVA inclusa).")


MODULE_UNKNOWN = "Non conosco quel modulo."
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
RENEWAL_CANCELLED = "Ho annullato il rinnovo: nessun ordine è stato fatto. Se cambi idea, scrivi «rinnova»."
NOTHING_TO_CANCEL = "Non c'è nessun rinnovo in corso da annullare: nessun ordine è stato fatto."

NO_PERSON_WITH_CART = "Va bene, continuiamo noi due."
NO_PERSON = "Va bene. Dimmi pure come posso aiutarti, ad esempio «rinnova»."
AGENT_ASKS_FOR_A_PERSON = "Sei tu l'operatore di questa sessione guidata: le richieste dei clienti le trovi nel desk."

TOO_LONG = "Il messaggio è troppo lungo e non l'ho letto: scrivimi in poche parole."
OUT_OF_SCOPE = ("Su questo non posso aiutarti: mi occupo del rinnovo di Fatturazione Elettronica. Per altro scrivi "
                "«operatore».")
NOT_UNDERSTOOD = "Scusa, non ho capito."
NOT_UNDERSTOOD_WITHOUT_CART = (f"{NOT_UNDERSTOOD} Per rinnovare scrivi «rinnova»; per parlare con una persona scrivi "
                               f"«operatore».")
NOT_UNDERSTOOD_AGAIN = "Scusa, non ho capito neanche questo. Vuoi parlare con un operatore del supporto?"
