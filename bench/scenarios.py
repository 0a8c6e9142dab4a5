"""The conversations the bench replays to measure dialogue success: each a demo
customer, what they type, and what must hold in the database afterwards."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from renewal.service import RenewalService

Check = Callable[[RenewalService, str], bool]


@dataclass(frozen=True)
class Scenario:
    name: str
    account: str
    turns: tuple[str, ...]
    holds: Check  # given the service and everything the bot said
    renews: bool = False  # ends with an order: counted for turns to completion


def ordered(account: str) -> Check:
    return lambda service, said: len(service.orders(account)) == 1 and "confermato" in said


def nothing_ordered(account: str) -> Check:
    return lambda service, said: not service.orders(account)


SCENARIOS = (
    Scenario("card renewal with code, module removed, two years", "1000001@aruba.it",
             ("Buongiorno, vorrei rinnovare il servizio", "togli un giga", "lascia com'è", "non rinnovare solleciti",
              "va bene così", "ING2026", "due anni", "con la carta di credito", "accetto", "confermo"),
             ordered("1000001@aruba.it"), renews=True),
    Scenario("several answers in one message, PayPal", "1000002@aruba.it",
             ("rinnova", "per 2 anni con 4 GB e pago con PayPal", "lascia com'è", "va bene così", "no", "accetto",
              "confermo"),
             ordered("1000002@aruba.it"), renews=True),
    Scenario("renewal in the grace period, bank transfer", "1000004@aruba.it",
             ("il mio servizio è scaduto, voglio rinnovarlo", "lascia tutto com'è", "no", "1 anno", "bonifico", "sì",
              "sì"),
             ordered("1000004@aruba.it"), renews=True),
    Scenario("promotional product, three years refused then two", "1000006@aruba.it",
             ("rinnova", "lascia tutto com'è", "no", "3 anni", "2 anni", "bollettino", "accetto", "confermo"),
             ordered("1000006@aruba.it"), renews=True),
    Scenario("storage below what is used is refused with the figures", "1000002@aruba.it",
             ("voglio rinnovare", "2 GB"),
             lambda service, said: "usi 2,5 GB dei 3 GB" in said
             and service.account("1000002@aruba.it").value.open_cart.cart.storage_gb == 3),
    Scenario("deleted service: explained, nothing opened", "1000005@aruba.it",
             ("vorrei rinnovare",),
             lambda service, said: "cancellato" in said and service.account("1000005@aruba.it").value.open_cart is None),
    Scenario("automatic renewal explained, customer keeps it", "1000003@aruba.it",
             ("voglio rinnovare", "no"),
             lambda service, said: "rinnovo automatico" in said
             and service.account("1000003@aruba.it").value.open_cart is None),
    Scenario("side question mid-form, then cancellation", "1000001@aruba.it",
             ("rinnova", "cosa succede se non rinnovo?", "annulla"),
             lambda service, said: "nessun ordine" in said and not service.orders("1000001@aruba.it")),
    Scenario("repeated confirmation gives back the same order", "1000002@aruba.it",
             ("rinnova", "lascia tutto com'è", "no", "un anno", "bonifico", "accetto", "confermo", "confermo"),
             lambda service, said: len(service.orders()) == 1 and "già confermato" in said),
)
