"""Where "today" comes from: the core never calls ``date.today()`` itself."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Protocol


class Clock(Protocol):
    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


@dataclass
class FixedClock:
    """A clock stuck on one day (tests, demos); ``advance`` moves it."""

    current: date

    def today(self) -> date:
        return self.current

    def now(self) -> datetime:
        return datetime(self.current.year, self.current.month, self.current.day, 12, tzinfo=timezone.utc)

    def advance(self, days: int) -> None:
        self.current = self.current + timedelta(days=days)
