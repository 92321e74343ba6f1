"""How results cite the notices they rest on (Art. 8(3); D10), and the day arithmetic of a
notice: the light part of :mod:`ipcomp.core.notices`, which a first assessment needs
without building the notice-file models (issue 15).

>>> NoticeRef(year=2023, origin="built-in", number="国办发明电〔2022〕16号")
NoticeRef(year=2023, origin='built-in', number='国办发明电〔2022〕16号', date=None, amended_by=())
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict

__all__ = ["NoticeRef", "Origin", "resolve", "working_ordinals"]

#: Where a year's working days come from: a notice shipped with ipcomp, a notice entered
#: as data, or the opt-in estimate (weekdays minus the statutory days, no notice).
Origin = Literal["built-in", "entered", "estimate"]


class NoticeRef(BaseModel):
    """The notice one year's working days rest on, as a result cites it (D10): the year,
    where its notice comes from (``origin``), the notice's number and date, and the
    notices that amended it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    year: int
    origin: Origin
    number: str | None = None
    date: dt.date | None = None
    amended_by: tuple[str, ...] = ()

    def __str__(self) -> str:
        if self.origin == "estimate":
            return f"{self.year}: estimate (weekdays minus the statutory days, no notice)"
        cite = self.number or (f"notice of {self.date.isoformat()}" if self.date else "notice")
        more = f", amended by {', '.join(self.amended_by)}" if self.amended_by else ""
        return f"{self.year}: {cite}{more} ({self.origin})"


def resolve(
    days_off: Iterable[dt.date],
    make_up_workdays: Iterable[dt.date],
    amendments: Iterable[tuple[Iterable[dt.date], Iterable[dt.date]]] = (),
) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
    """``(days off, make-up working days)`` of a notice, its amendments applied in order
    (each amendment's days override the days before it)."""
    off = set(days_off)
    working = set(make_up_workdays)
    for more_off, more_working in amendments:
        more_off, more_working = set(more_off), set(more_working)
        off = (off - more_working) | more_off
        working = (working - more_off) | more_working
    return frozenset(off), frozenset(working)


def working_ordinals(
    year: int, days_off: frozenset[dt.date], make_up_workdays: frozenset[dt.date]
) -> tuple[int, ...]:
    """Ordinals of ``year``'s working days, ascending: Monday–Friday and the make-up days,
    minus the days off."""
    off = {d.toordinal() for d in days_off}
    working = {d.toordinal() for d in make_up_workdays}
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    # date.fromordinal(1) is a Monday: (o - 1) % 7 is the weekday of ordinal o
    return tuple(
        o for o in range(first, last + 1) if ((o - 1) % 7 < 5 or o in working) and o not in off
    )
