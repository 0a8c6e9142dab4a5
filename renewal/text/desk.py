"""What the support agents' desk says to the agents (the customers' side is in ``messages``)."""
from __future__ import annotations

CANNED_REPLIES = (
    "Ciao, sono del supporto di Fatturazione Elettronica: ho letto la conversazione, ti aiuto io.",
    "Un attimo, controllo il tuo servizio.",
    "Ho verificato: puoi proseguire con il rinnovo, ti ripasso all'assistente che completa l'ordine con te.",
    "Il pagamento con bonifico viene registrato entro 2-3 giorni lavorativi dall'accredito.",
    "C'è altro che posso fare per te?",
)
"""What an agent may send with one click."""

UNIDENTIFIED = "cliente non identificato"
PAUSED = "L'assistente si ferma: la conversazione passa a una persona."
CHAT_OPENED = "(ha aperto la chat)"
RESUMED = "La conversazione torna all'assistente."
SPEAKERS = {"user": "Cliente", "bot": "Assistente"}
"""How the transcript a request carries names who spoke."""
DATES = {"expiry": "Scadenza", "deletion": "Cancellazione dei dati", "grace": "Giorni di tolleranza rimasti",
         "automatic": "Rinnovo automatico"}


def automatic_replaced(order_number: str, method: str) -> str:
    return f"no: l'ordine n. {order_number} con {method} rinnova adesso"


BAD_REQUEST_RELOAD = "Richiesta non valida: ricarica la pagina."
BAD_REQUEST = "Richiesta non valida."
SIGN_IN_PAGE_EXPIRED = "La pagina di accesso è scaduta: riprova."
NOTE_SAVED = "Nota salvata: il cliente non la vede."
GIVEN_BACK = "Conversazione restituita all'assistente."
CLOSED = "Conversazione chiusa."
GUIDED_UNKNOWN = "Sessione guidata sconosciuta."


def transcript_unreadable(error: object) -> str:
    return f"La conversazione non si legge ora ({error})."


def taken(handoff_id: int) -> str:
    return f"Hai preso la richiesta n. {handoff_id}."


def not_taken(failure: str) -> str:
    return f"Richiesta non presa: l'assistente non ha risposto ({failure}), quindi continuerebbe a rispondere lui. Riprova."


def saved_for_later(failure: str) -> str:
    return f"Messaggio salvato: il cliente lo riceverà con il suo prossimo messaggio ({failure})."


def transferred(colleague: str) -> str:
    return f"Richiesta passata a {colleague}."


def not_ended(failure: str) -> str:
    return (f"L'assistente non ha risposto ({failure}), quindi non risponderebbe al cliente: la richiesta resta a te. "
            f"Riprova tra poco.")


def email_queued(to_address: str) -> str:
    return f"Email con gli estremi per il pagamento messa in coda per {to_address}."


def guided_opened(username: str) -> str:
    return f"Sessione guidata per {username}: scrivi come se fossi il cliente."


def assistant_silent(error: object) -> str:
    return f"L'assistente non risponde ({type(error).__name__}): riprova tra poco."
