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
``holidays.China(observed=False)`` computes them), with no make-up days. Estimates exist
for :data:`ESTIMATE_YEARS` only; beyond them even an opt-in raises.

Counting follows 民法典 Art. 201: the first day of a period is not counted, so every
operation looks at the days *after* its start (``(start, end]``).

References:
    国务院办公厅关于2020…2026年部分节假日安排的通知; 国办发明电〔2020〕1号;
    全国年节及纪念日放假办法 (国务院令第795号 revision, from 2025);
    民法典 Art. 201 (the first day of a period is not counted).
Checked with:
    ``../shared/data/cn_workdays_2020_2027.json`` (every day 2020–2026) and the
    ``chinese-calendar`` package, in ``tests/core/test_workdays.py``.
Limitations:
    Local (provincial) extensions, such as the longer 2020 Spring Festival break in
    some provinces, are not national working-day rules and are not included. A notice
    that changes a day of the *previous* calendar year (as the 2012 notice made
    2011-12-31 a make-up day) needs an override for that year too.

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
from functools import cache
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
    "working_days_bounds",
]

#: First year whose schedule ipcomp vouches for (the measures start in 2020).
FIRST_OFFICIAL_YEAR: Final = 2020
#: Last year whose notice is published and encoded in ``holidays`` (checked in tests).
LAST_OFFICIAL_YEAR: Final = 2026
#: Years for which an estimate can be given on request (``allow_estimate=True``).
ESTIMATE_YEARS: Final = range(2000, 2101)


@dataclass(frozen=True, slots=True)
class YearSchedule:
    """One calendar year of State Council notices as data: every day off and every
    make-up day.

    ``off_days``: every day of every official off-block that falls in ``year``, weekend
    days included; ``makeup_workdays``: weekend days of ``year`` declared working days
    (调休上班). Days of ``year`` set by the *next* year's notice (a New Year block that
    starts on 31 December) belong here too. Malformed data raise
    :class:`~ipcomp.InvalidArgument`.
    """

    year: int
    off_days: frozenset[dt.date]
    makeup_workdays: frozenset[dt.date]
    source: str = ""

    def __post_init__(self) -> None:
        if type(self.year) is not int:
            raise InvalidArgument(f"year must be an int, not {self.year!r}")
        for name in ("off_days", "makeup_workdays"):
            days = getattr(self, name)
            if not isinstance(days, frozenset) or any(type(d) is not dt.date for d in days):
                raise InvalidArgument(f"{name} must be a frozenset of datetime.date")
        stray = sorted(d for d in self.off_days | self.makeup_workdays if d.year != self.year)
        if stray:
            raise InvalidArgument(f"dates outside {self.year} in its schedule: {stray}")
        clash = sorted(self.off_days & self.makeup_workdays)
        if clash:
            raise InvalidArgument(f"dates both off and make-up working days: {clash}")
        weekday = sorted(d for d in self.makeup_workdays if d.weekday() < 5)
        if weekday:
            raise InvalidArgument(f"make-up working days must be weekend days: {weekday}")

    @classmethod
    def from_iso(
        cls, year: int, off_days: Iterable[str], makeup_workdays: Iterable[str], source: str = ""
    ) -> YearSchedule:
        """Build a schedule from ISO date strings, as printed in a notice's table.

        >>> YearSchedule.from_iso(2027, ["2027-01-01"], [], "example").off_days
        frozenset({datetime.date(2027, 1, 1)})
        """
        try:
            off = frozenset(map(dt.date.fromisoformat, off_days))
            makeup = frozenset(map(dt.date.fromisoformat, makeup_workdays))
        except (TypeError, ValueError) as error:
            raise InvalidArgument(f"not an ISO date list: {error}") from None
        return cls(year, off, makeup, source)

    def working_ordinals(self) -> tuple[int, ...]:
        """Ordinals of the year's working days, ascending."""
        off, makeup = self.off_days, self.makeup_workdays
        return _ordinals(self.year, lambda d: (d.weekday() < 5 or d in makeup) and d not in off)


#: Notices added as data before ``holidays`` ships them: ``{year: YearSchedule}``.
#: Used instead of ``holidays`` for those years. Empty while ``holidays`` is current.
OVERRIDES: Final[Mapping[int, YearSchedule]] = MappingProxyType({})


def _ordinals(year: int, is_working: Callable[[dt.date], bool]) -> tuple[int, ...]:
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    return tuple(o for o in range(first, last + 1) if is_working(dt.date.fromordinal(o)))


def _holidays_years(years: Iterable[int]) -> dict[int, tuple[int, ...]]:
    """Working-day tables of ``years`` from ``holidays.China`` (defaults: the notices)."""
    from importlib.metadata import version

    from holidays.countries.china import China  # deferred: building it costs ~0.1 s

    wanted = sorted(years)
    cn = China(years=wanted)  # type: ignore[no-untyped-call]
    makeup = frozenset(cn.weekend_workdays)
    # A year whose notice holidays encodes has its special days (extra days off, make-up
    # days) listed; without them holidays would silently give a statutory-days guess.
    known = set(getattr(cn, "special_public_holidays", {})) | {d.year for d in makeup}
    tables: dict[int, tuple[int, ...]] = {}
    for year in wanted:
        if year not in known:
            raise CalendarNotPublished(
                year,
                f"the installed holidays {version('holidays')} does not know the {year} "
                "notice; upgrade holidays",
            )
        tables[year] = _ordinals(year, lambda d: (d.weekday() < 5 or d in makeup) and d not in cn)
    return tables


@cache
def _statutory_days(year: int) -> frozenset[int]:
    """Ordinals of the statutory holidays of 全国年节及纪念日放假办法 in ``year``: days off
    by law whatever the year's notice adds around them (as ``holidays.China`` computes
    them with ``observed=False``)."""
    from holidays.countries.china import China

    statutory = China(years=year, observed=False)  # type: ignore[no-untyped-call]
    return frozenset(d.toordinal() for d in statutory if d.year == year)


def _estimated_year(year: int) -> tuple[int, ...]:
    statutory = _statutory_days(year)
    return _ordinals(year, lambda d: d.weekday() < 5 and d.toordinal() not in statutory)


def _ordinal(day: object) -> int:
    if type(day) is dt.date:
        return day.toordinal()
    raise InvalidArgument(f"expected a datetime.date, not {type(day).__name__} {day!r}")


def _year_after(ordinal: int) -> int:
    """The year of the day after ``ordinal`` (the first day a count looks at)."""
    day = dt.date.fromordinal(ordinal)
    return day.year + 1 if (day.month, day.day) == (12, 31) else day.year


@dataclass(frozen=True, slots=True)
class _Span:
    """Working-day ordinals over a run of consecutive official years."""

    lo: int  # ordinal of 1 January of the first year
    hi: int  # ordinal of 31 December of the last year
    ordinals: list[int]
    members: frozenset[int]
    first_day: dt.date
    count: int


@dataclass(frozen=True)
class WorkCalendar:
    """A working-day calendar: official years, overrides and the opt-in estimate.

    :data:`CALENDAR` is the instance the module functions use. Tables are built lazily
    on first use and cached on the instance (they depend only on its fields, which are
    frozen). ``overrides`` maps each year to its :class:`YearSchedule`.

    >>> cal = WorkCalendar(last_official_year=2025)
    >>> cal.is_official_year(2026)
    False
    """

    first_official_year: int = FIRST_OFFICIAL_YEAR
    last_official_year: int = LAST_OFFICIAL_YEAR
    overrides: Mapping[int, YearSchedule] = field(default_factory=lambda: OVERRIDES)
    _tables: dict[tuple[int, bool], tuple[int, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _span: _Span | None = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("first_official_year", "last_official_year"):
            if type(getattr(self, name)) is not int:
                raise InvalidArgument(f"{name} must be an int")
        overrides = dict(self.overrides)
        for year, schedule in overrides.items():
            if not isinstance(schedule, YearSchedule) or schedule.year != year:
                raise InvalidArgument(f"overrides[{year!r}] must be the YearSchedule of {year}")
        object.__setattr__(self, "overrides", MappingProxyType(overrides))

    def official_years(self) -> frozenset[int]:
        """Every year with an official schedule (``holidays`` range plus overrides)."""
        return frozenset(range(self.first_official_year, self.last_official_year + 1)) | set(
            self.overrides
        )

    def is_official_year(self, year: int) -> bool:
        """True when ``year``'s notice is known (no estimate needed)."""
        if type(year) is not int:
            raise InvalidArgument(f"year must be an int, not {year!r}")
        return year in self.overrides or (
            self.first_official_year <= year <= self.last_official_year
        )

    def year_table(self, year: int, allow_estimate: bool = False) -> tuple[int, ...]:
        """Sorted ordinals of ``year``'s working days; raises for an unknown year.

        An official year always uses its notice, whatever ``allow_estimate`` says.
        """
        official = self.is_official_year(year)
        if not official and not (allow_estimate and year in ESTIMATE_YEARS):
            detail = (
                ""
                if year in ESTIMATE_YEARS
                else f"estimates cover {ESTIMATE_YEARS.start}–{ESTIMATE_YEARS.stop - 1} only"
            )
            raise CalendarNotPublished(year, detail)
        key = (year, not official)
        table = self._tables.get(key)
        if table is None:
            if year in self.overrides:
                table = self.overrides[year].working_ordinals()
            elif official:
                # One holidays object for every year it serves (cheaper than one per year).
                years = self.official_years() - set(self.overrides)
                self._tables.update(((y, False), t) for y, t in _holidays_years(years).items())
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
            span = _Span(
                dt.date(years[0], 1, 1).toordinal() if years else 0,
                dt.date(years[-1], 12, 31).toordinal() if years else -1,
                ordinals,
                frozenset(ordinals),
                dt.date(years[0] if years else dt.MAXYEAR, 1, 1),
                len(ordinals),
            )
            object.__setattr__(self, "_span", span)
        return span

    # --- the operations ------------------------------------------------------------

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
            if i < span.count:
                return dt.date.fromordinal(span.ordinals[i])
        # Day by year from the first day counted (the day after ``day``, Art. 201).
        year = _year_after(o)
        remaining = n
        while True:
            table = self.year_table(year, allow_estimate)
            i = bisect_right(table, o)
            if remaining <= len(table) - i:
                return dt.date.fromordinal(table[i + remaining - 1])
            remaining -= len(table) - i
            year += 1

    def working_days_between(
        self, start: dt.date, end: dt.date, *, allow_estimate: bool = False
    ) -> int:
        """Working days in ``(start, end]`` (see :func:`working_days_between`)."""
        a, b = _ordinal(start), _ordinal(end)
        if b < a:
            return -self.working_days_between(end, start, allow_estimate=allow_estimate)
        if a == b:  # (start, start] is empty: no calendar needed
            return 0
        span = self._span or self.span()
        if span.lo <= a and b <= span.hi:
            return bisect_right(span.ordinals, b) - bisect_right(span.ordinals, a)
        count = 0
        for year in range(_year_after(a), end.year + 1):
            table = self.year_table(year, allow_estimate)
            count += bisect_right(table, b) - bisect_right(table, a)
        return count

    def working_days_bounds(self, start: dt.date, end: dt.date) -> tuple[int, int]:
        """The least and the most :meth:`working_days_between` can be, whatever the
        unpublished years' notices turn out to say (see :func:`working_days_bounds`)."""
        a, b = _ordinal(start), _ordinal(end)
        if b < a:
            low, high = self.working_days_bounds(end, start)
            return -high, -low
        low = high = 0
        for year in range(_year_after(a), end.year + 1):
            if self.is_official_year(year):
                table = self.year_table(year)
                known = bisect_right(table, b) - bisect_right(table, a)
                low, high = low + known, high + known
            else:  # any day of an unpublished year may turn out a (make-up) working day,
                # except its statutory holidays, which are days off by law
                first = max(a, dt.date(year, 1, 1).toordinal() - 1)
                last = min(b, dt.date(year, 12, 31).toordinal())
                high += last - first
                if year in ESTIMATE_YEARS:
                    high -= sum(1 for o in _statutory_days(year) if first < o <= last)
        return low, high


#: The calendar the module-level functions use.
CALENDAR: Final = WorkCalendar()

_DATE: Final = dt.date
_from_ordinal: Final = dt.date.fromordinal
_bisect_right: Final = bisect_right


def is_official_year(year: int) -> bool:
    """True when ``year``'s holiday notice is known to ipcomp.

    >>> is_official_year(2026), is_official_year(2027)
    (True, False)
    """
    return CALENDAR.is_official_year(year)


def is_working_day(day: dt.date, *, allow_estimate: bool = False) -> bool:
    """True when ``day`` is a working day under the State Council's notice for its year.

    ``day`` must be a ``datetime.date`` (a ``datetime`` is refused with
    :class:`~ipcomp.InvalidArgument`). Raises :class:`~ipcomp.CalendarNotPublished`
    for a year without a notice unless ``allow_estimate`` is true.

    >>> is_working_day(dt.date(2023, 10, 7))   # Saturday, make-up working day
    True
    >>> is_working_day(dt.date(2023, 10, 2))   # National Day holiday, a Monday
    False
    """
    return CALENDAR.is_working_day(day, allow_estimate=allow_estimate)


def add_working_days(day: dt.date, n: int, *, allow_estimate: bool = False) -> dt.date:
    """The ``n``-th working day after ``day``; ``day`` itself is not counted (民法典 Art. 201).

    ``n`` must be an ``int >= 1`` (not a ``bool``), else :class:`~ipcomp.InvalidArgument`.
    Raises :class:`~ipcomp.CalendarNotPublished` when the count reaches a year without a
    notice, unless ``allow_estimate`` is true.

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

    So "late by k working days" is ``working_days_between(deadline, applied_on)``, and
    ``working_days_between(day, add_working_days(day, n)) == n``.

    >>> working_days_between(dt.date(2023, 10, 18), dt.date(2023, 10, 13))
    -3
    """
    return CALENDAR.working_days_between(start, end, allow_estimate=allow_estimate)


def working_days_bounds(start: dt.date, end: dt.date) -> tuple[int, int]:
    """``(least, most)`` working days in ``(start, end]`` whatever the notices of the
    unpublished years turn out to say: their days count 0 towards the least and 1 each
    towards the most, except their statutory holidays (days off by law, 全国年节及纪念日放假办法),
    which count 0. Equal, and equal to :func:`working_days_between`, when every year
    involved is published. Never estimates, never raises :class:`~ipcomp.CalendarNotPublished`.

    Lets a caller decide what the known days already decide (D10): an application whose
    earlier days hold fewer than 10 working days even at most is in time.

    >>> working_days_bounds(dt.date(2026, 12, 25), dt.date(2027, 1, 3))   # 4 known + 2
    (4, 6)
    """
    return CALENDAR.working_days_bounds(start, end)
