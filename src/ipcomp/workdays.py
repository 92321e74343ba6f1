"""The official mainland-China working-day calendar (Art. 8(3); D10).

Working days follow the State Council General Office's annual holiday notices
(国务院办公厅关于XXXX年部分节假日安排的通知), including weekend make-up working days
(调休上班) and the 2020 extension of the Spring Festival holiday
(国办发明电〔2020〕1号). The data come from ``holidays.China`` with its defaults (public
category, observed on), which encodes those notices; ipcomp adds three things on top:

* a guard: only years ``FIRST_OFFICIAL_YEAR``…``LAST_OFFICIAL_YEAR`` (checked day by day
  against the notices in the test suite) and the years in :data:`OVERRIDES` are
  *official*; any other year raises :class:`~ipcomp.CalendarNotPublished` instead of
  being guessed;
* :data:`OVERRIDES`: a year's notice as data (off-days and make-up days), used *instead
  of* ``holidays`` for that year, so a new notice can be added before ``holidays`` ships
  it (procedure: docs/deadlines.md, "Adding a year");
* fast arithmetic: each year is precomputed once into a sorted tuple of working-day
  ordinals, so :func:`add_working_days` is one binary search, not a day-by-day loop.

An explicit opt-in (``allow_estimate=True``) gives, for a year without a notice, an
estimate: Monday–Friday minus the statutory holidays of 全国年节及纪念日放假办法 (as
``holidays.China(observed=False)`` computes them), with no make-up days.

References:
    国务院办公厅关于2020…2026年部分节假日安排的通知; 国办发明电〔2020〕1号;
    民法典 Art. 201 (the first day of a period is not counted).
Checked with:
    ``../shared/data/cn_workdays_2020_2027.json`` (every day 2020–2026) and the
    ``chinese-calendar`` package, in ``tests/test_art08_calendar.py``.
Limitations:
    Local (provincial) extensions, such as the longer 2020 Spring Festival break in
    some provinces, are not national working-day rules and are not included.

>>> add_working_days(dt.date(2023, 9, 28), 10)
datetime.date(2023, 10, 18)
>>> working_days_between(dt.date(2023, 9, 28), dt.date(2023, 10, 18))
10
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final

from .errors import CalendarNotPublished, InvalidArgument

__all__ = [
    "CALENDAR",
    "ESTIMATE_YEARS",
    "FIRST_OFFICIAL_YEAR",
    "LAST_OFFICIAL_YEAR",
    "OVERRIDES",
    "WorkCalendar",
    "YearSchedule",
    "add_working_days",
    "is_official_year",
    "is_working_day",
    "working_days_between",
]

#: First year whose schedule ipcomp vouches for (the measures start in 2020).
FIRST_OFFICIAL_YEAR: Final = 2020
#: Last year whose notice is published and encoded in ``holidays`` (checked in tests).
LAST_OFFICIAL_YEAR: Final = 2026
#: Years for which an estimate can be given on request.
ESTIMATE_YEARS: Final = range(2000, 2101)


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One year's State Council notice as data: every day off and every make-up day.

    ``off_days``: every day of every official off-block, weekend days included;
    ``makeup_workdays``: weekend days declared working days (调休上班).
    """

    year: int
    off_days: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]
    source: str = ""

    @classmethod
    def from_iso(
        cls, year: int, off_days: Iterable[str], makeup_workdays: Iterable[str], source: str = ""
    ) -> YearSchedule:
        """Build a schedule from ISO date strings, as printed in a notice's table.

        >>> YearSchedule.from_iso(2027, ["2027-01-01"], [], "example").off_days
        frozenset({datetime.date(2027, 1, 1)})
        """
        off = frozenset(map(dt.date.fromisoformat, off_days))
        makeup = frozenset(map(dt.date.fromisoformat, makeup_workdays))
        stray = sorted(d for d in off | makeup if d.year != year)
        if stray:
            raise ValueError(f"dates outside {year} in its schedule: {stray}")
        clash = sorted(off & makeup)
        if clash:
            raise ValueError(f"dates both off and make-up working days: {clash}")
        return cls(year, off, makeup, source)

    def working_ordinals(self) -> tuple[int, ...]:
        """Ordinals of the year's working days, ascending."""
        return _ordinals(
            self.year,
            lambda d: (d.weekday() < 5 or d in self.makeup_workdays) and d not in self.off_days,
        )


#: Notices added as data before ``holidays`` ships them: ``{year: YearSchedule}``.
#: Used instead of ``holidays`` for those years. Empty while ``holidays`` is current.
OVERRIDES: Final[Mapping[int, YearSchedule]] = MappingProxyType({})


def _ordinals(year: int, is_working: Callable[[dt.date], bool]) -> tuple[int, ...]:
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    return tuple(o for o in range(first, last + 1) if is_working(dt.date.fromordinal(o)))


def _holidays_years(first: int, last: int) -> dict[int, tuple[int, ...]]:
    from importlib.metadata import version

    from holidays.countries.china import China  # deferred: building it costs ~0.1 s

    cn = China(years=range(first, last + 1))  # type: ignore[no-untyped-call]
    makeup = frozenset(cn.weekend_workdays)
    tables: dict[int, tuple[int, ...]] = {}
    for year in range(first, last + 1):
        if not any(d.year == year for d in makeup):
            raise CalendarNotPublished(
                year,
                f"the installed holidays {version('holidays')} does not know the make-up "
                f"working days of {year}; upgrade holidays",
            )
        tables[year] = _ordinals(year, lambda d: (d.weekday() < 5 or d in makeup) and d not in cn)
    return tables


def _estimated_year(year: int) -> tuple[int, ...]:
    from holidays.countries.china import China

    statutory = China(years=year, observed=False)  # type: ignore[no-untyped-call]
    return _ordinals(year, lambda d: d.weekday() < 5 and d not in statutory)


@dataclass(slots=True)
class _Span:
    """Working-day ordinals over a run of consecutive official years."""

    lo: int  # ordinal of 1 January of the first year
    hi: int  # ordinal of 31 December of the last year
    ordinals: list[int]
    members: frozenset[int]
    first_day: dt.date
    count: int


@dataclass
class WorkCalendar:
    """A working-day calendar: official years, overrides and the opt-in estimate.

    :data:`CALENDAR` is the instance the module functions use. Tables are built lazily
    on first use and cached on the instance (they depend only on its fields).
    """

    first_official_year: int = FIRST_OFFICIAL_YEAR
    last_official_year: int = LAST_OFFICIAL_YEAR
    overrides: Mapping[int, YearSchedule] = field(default_factory=lambda: OVERRIDES)
    _tables: dict[tuple[int, bool], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _span: _Span | None = field(default=None, init=False, repr=False, compare=False)

    def official_years(self) -> frozenset[int]:
        """Every year with an official schedule (``holidays`` range plus overrides)."""
        return frozenset(range(self.first_official_year, self.last_official_year + 1)) | set(
            self.overrides
        )

    def is_official_year(self, year: int) -> bool:
        """True when ``year``'s notice is known (no estimate needed)."""
        return year in self.overrides or (
            self.first_official_year <= year <= self.last_official_year
        )

    def year_table(self, year: int, allow_estimate: bool = False) -> tuple[int, ...]:
        """Sorted ordinals of ``year``'s working days; raises for an unknown year."""
        official = self.is_official_year(year)
        if not official and not (allow_estimate and year in ESTIMATE_YEARS):
            detail = (
                ""
                if year in ESTIMATE_YEARS
                else (f"estimates cover {ESTIMATE_YEARS.start}–{ESTIMATE_YEARS.stop - 1} only")
            )
            raise CalendarNotPublished(year, detail)
        key = (year, not official)
        table = self._tables.get(key)
        if table is not None:
            return table
        if year in self.overrides:
            table = self.overrides[year].working_ordinals()
        elif official:
            self._tables.update(
                ((y, False), t)
                for y, t in _holidays_years(
                    self.first_official_year, self.last_official_year
                ).items()
                if y not in self.overrides
            )
            return self._tables[key]
        else:
            table = _estimated_year(year)
        self._tables[key] = table
        return table

    def span(self) -> _Span:
        """The consecutive official years from the first one, merged for one bisect."""
        span = self._span
        if span is None:
            years = []
            year = self.first_official_year
            while self.is_official_year(year):
                years.append(year)
                year += 1
            ordinals = [o for y in years for o in self.year_table(y)]
            span = self._span = _Span(
                dt.date(years[0], 1, 1).toordinal() if years else 0,
                dt.date(years[-1], 12, 31).toordinal() if years else -1,
                ordinals,
                frozenset(ordinals),
                dt.date(years[0] if years else dt.MAXYEAR, 1, 1),
                len(ordinals),
            )
        return span

    # --- the three operations -------------------------------------------------------

    def is_working_day(self, day: dt.date, *, allow_estimate: bool = False) -> bool:
        """True when ``day`` is an official working day (see :func:`is_working_day`)."""
        span = self._span or self.span()
        o = _ordinal(day)
        if span.lo <= o <= span.hi:
            return o in span.members
        table = self.year_table(day.year, allow_estimate)
        i = bisect_right(table, o)
        return i > 0 and table[i - 1] == o

    def add_working_days(self, day: dt.date, n: int, *, allow_estimate: bool = False) -> dt.date:
        """The ``n``-th working day after ``day`` (see :func:`add_working_days`)."""
        if type(n) is not int or n < 1:
            raise InvalidArgument(f"n must be an int >= 1, not {n!r}")
        span = self._span or self.span()
        o = _ordinal(day)
        if span.lo <= o:
            i = bisect_right(span.ordinals, o) + n - 1
            if i < len(span.ordinals):
                return dt.date.fromordinal(span.ordinals[i])
        year = day.year
        table = self.year_table(year, allow_estimate)
        i = bisect_right(table, o)
        remaining = n
        while remaining > len(table) - i:
            remaining -= len(table) - i
            year += 1
            table = self.year_table(year, allow_estimate)
            i = 0
        return dt.date.fromordinal(table[i + remaining - 1])

    def working_days_between(
        self, start: dt.date, end: dt.date, *, allow_estimate: bool = False
    ) -> int:
        """Working days in ``(start, end]`` (see :func:`working_days_between`)."""
        a, b = _ordinal(start), _ordinal(end)
        if b < a:
            return -self.working_days_between(end, start, allow_estimate=allow_estimate)
        span = self._span or self.span()
        if span.lo <= a and b <= span.hi:
            return bisect_right(span.ordinals, b) - bisect_right(span.ordinals, a)
        count = 0
        for year in range(start.year, end.year + 1):
            table = self.year_table(year, allow_estimate)
            count += bisect_right(table, b) - bisect_right(table, a)
        return count


def _ordinal(day: object) -> int:
    if type(day) is dt.date:
        return day.toordinal()
    raise InvalidArgument(f"expected a datetime.date, not {type(day).__name__} {day!r}")


_DATE: Final = dt.date
_from_ordinal: Final = dt.date.fromordinal
_bisect_right: Final = bisect_right

#: The calendar the module-level functions use.
CALENDAR: Final = WorkCalendar()


def is_official_year(year: int) -> bool:
    """True when ``year``'s holiday notice is known to ipcomp.

    >>> is_official_year(2026), is_official_year(2027)
    (True, False)
    """
    return CALENDAR.is_official_year(year)


def is_working_day(day: dt.date, *, allow_estimate: bool = False) -> bool:
    """True when ``day`` is a working day under the State Council's notice for its year.

    Raises :class:`~ipcomp.CalendarNotPublished` for a year without a notice unless
    ``allow_estimate`` is true.

    >>> is_working_day(dt.date(2023, 10, 7))   # Saturday, make-up working day
    True
    >>> is_working_day(dt.date(2023, 10, 2))   # National Day holiday, a Monday
    False
    """
    return CALENDAR.is_working_day(day, allow_estimate=allow_estimate)


def add_working_days(day: dt.date, n: int, *, allow_estimate: bool = False) -> dt.date:
    """The ``n``-th working day after ``day``; ``day`` itself is not counted (民法典 Art. 201).

    ``n`` must be an ``int >= 1``. Raises :class:`~ipcomp.CalendarNotPublished` when the
    count reaches a year without a notice, unless ``allow_estimate`` is true.

    >>> add_working_days(dt.date(2020, 1, 23), 1)   # the extended 2020 Spring Festival
    datetime.date(2020, 2, 3)
    """
    # Hot path (one bisect), duplicated from WorkCalendar.add_working_days for speed.
    span = CALENDAR._span or CALENDAR.span()
    if type(day) is _DATE and type(n) is int and n > 0:
        i = _bisect_right(span.ordinals, day.toordinal()) + n - 1
        if day >= span.first_day and i < span.count:
            return _from_ordinal(span.ordinals[i])
    return CALENDAR.add_working_days(day, n, allow_estimate=allow_estimate)


def working_days_between(start: dt.date, end: dt.date, *, allow_estimate: bool = False) -> int:
    """Working days in ``(start, end]``; negative when ``end < start``.

    So "late by k working days" is ``working_days_between(deadline, applied_on)``.

    >>> working_days_between(dt.date(2023, 10, 18), dt.date(2023, 10, 13))
    -3
    """
    return CALENDAR.working_days_between(start, end, allow_estimate=allow_estimate)
