"""What the customer reads about a person taking over: the queue, the agent's words signed with their display
name, the hand-back; and the support hours.
"""
from __future__ import annotations

from typing import Any, Optional

from renewal.domain.decision import Decision
from renewal.text.messages import explain, plural


def handoff_queued(request_id: int, position: int, expected_wait: Any) -> str:
    place = ("sei il primo in coda" if position <= 1 else "prima di te c'è una persona in coda" if position == 2
             else f"prima di te ci sono {position - 1} persone in coda")
    wait = ""
    if expected_wait is not None:
        minutes = max(1, round(expected_wait.total_seconds() / 60))
        wait = f", attesa stimata circa {plural(minutes, 'minuto', 'minuti')}"
    return (f"Ti passo a un operatore del supporto (richiesta n. {request_id}): {place}{wait}. Ti risponderà una "
            f"persona, qui in chat, e leggerà quello che scrivi. Intanto posso continuare io con il rinnovo. "
            f"{HOW_TO_WITHDRAW}")


HOW_TO_WITHDRAW = "Se non vuoi più aspettare, scrivi «annulla la richiesta»."


def handoff_waiting(position: int) -> str:
    return f"Sei ancora in coda per un operatore (posizione {position}). {HOW_TO_WITHDRAW}"


FORWARDED = "Ho inoltrato il tuo messaggio all'operatore: lo leggerà appena prende la richiesta."


def handoff_withdrawn(request_id: int) -> str:
    return f"Ho ritirato la tua richiesta n. {request_id}: nessun operatore ti risponderà. Continuiamo da dove eravamo."


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

