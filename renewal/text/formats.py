"""How figures are shown to people: dates dd/mm/yyyy, euro the Italian way, GB."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from renewal.domain.money import to_cents


def format_date(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def format_gb(amount: Decimal | int) -> str:
    """``2.5`` → ``2,5``; ``3.000`` → ``3``."""
    text = f"{Decimal(amount).normalize():f}"
    return text.replace(".", ",")


def format_percent(amount: Decimal) -> str:
    """``10.00`` → ``10%``; ``12.5`` → ``12,5%``."""
    return f"{format_gb(amount)}%"


def format_euro(amount: Decimal) -> str:
    """Italian style: ``1.234,50 €``."""
    sign = "-" if amount < 0 else ""
    whole, _, cents = f"{abs(to_cents(amount)):.2f}".partition(".")
    groups: list[str] = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{'.'.join(groups)},{cents} €"
