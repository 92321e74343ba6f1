"""The official mainland-China working-day calendar (Art. 8(3); D10).

Working days follow the State Council General Office's annual holiday notices
(国务院办公厅关于XXXX年部分节假日安排的通知), including weekend make-up working days
(调休上班) and later amendments such as the 2020 extension of the Spring Festival
holiday (国办发明电〔2020〕1号). A :class:`Calendar` is an immutable value holding the
years it vouches for, each from a notice (:class:`~ipcomp.HolidayNotice`):

* **built-in**: the notices of ``FIRST_OFFICIAL_YEAR``…``LAST_OFFICIAL_YEAR`` (2020–2026),
  shipped with ipcomp as data (``ipcomp/core/notice_files/``) and checked day by day
  against the reference data in the test suite; :meth:`Calendar.default` holds these;
* **entered**: a newly published notice added as data, the day it appears
  (:meth:`Calendar.with_notice`, ``--calendar FILE``; docs/calendar.md). Adding a year
  returns a new calendar; nothing global changes.

Any other year raises :class:`~ipcomp.CalendarNotPublished` instead of being guessed.
An explicit opt-in (``allow_estimate=True``) gives, for a year without a notice, an
estimate: Monday–Friday minus the statutory holidays of 全国年节及纪念日放假办法 (as
``holidays.China(observed=False)`` computes them), with no make-up days. Estimates exist
for :data:`ESTIMATE_YEARS` only; beyond them even an opt-in raises. ``holidays`` is
imported only for estimates (and for candidates, ``ipcomp calendar candidate``): the
built-in calendar never imports it.

Each year's working days are precomputed once per calendar into a sorted tuple of
ordinals, and the consecutive official years are merged, so :func:`add_working_days` is
one binary search, for the default calendar and for one with entered years alike.

Counting follows 民法典 Art. 201: the first day of a period is not counted, so every
operation looks at the days *after* its start (``(start, end]``).

References:
    国务院办公厅关于2020…2026年部分节假日安排的通知; 国办发明电〔2020〕1号;
    全国年节及纪念日放假办法 (国务院令第795号 revision, from 2025);
    民法典 Art. 201 (the first day of a period is not counted).
Checked with:
    ``tests/data/cn_workdays_2020_2027.json`` (every day 2020–2026), the
    ``chinese-calendar`` package and ``holidays``, in ``tests/core/``.
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
import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, NoReturn, final

from pydantic import BaseModel, ConfigDict

from ._args import expect, iterable
from ._build import build
from ._holidays import statutory_days
from .errors import CalendarNotPublished, InvalidArgument, InvalidNotice
from .noticeref import NoticeRef, Origin, resolve, working_ordinals

if TYPE_CHECKING:
    from .notices import HolidayNotice
# The notice-file models (.notices) are imported where a notice is given or asked for:
# a first assessment on the built-in calendar needs only the light .noticeref (issue 15).

__all__ = [
    "BUILTIN_YEARS",
    "CALENDAR",
    "ESTIMATE_YEARS",
    "FIRST_OFFICIAL_YEAR",
    "LAST_OFFICIAL_YEAR",
    "Calendar",
    "CalendarChange",
    "add_working_days",
    "is_official_year",
    "is_working_day",
    "working_days_between",
    "working_days_bounds",
]

#: First year whose schedule ipcomp ships (the measures start in 2020).
FIRST_OFFICIAL_YEAR: Final = 2020
#: Last year whose notice ships with ipcomp (the built-in calendar's last year).
LAST_OFFICIAL_YEAR: Final = 2026
#: The years of the notices shipped with ipcomp (``ipcomp/core/notice_files/YEAR.json``).
BUILTIN_YEARS: Final = range(FIRST_OFFICIAL_YEAR, LAST_OFFICIAL_YEAR + 1)
#: Years for which an estimate can be given on request (``allow_estimate=True``).
ESTIMATE_YEARS: Final = range(2000, 2101)

_NOTICE_FILES: Final = Path(__file__).resolve().parent / "notice_files"


@cache
def _builtin_data(year: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((_NOTICE_FILES / f"{year}.json").read_bytes())
    return data


@cache
def builtin_notice(year: int) -> HolidayNotice:
    """The notice ipcomp ships for ``year`` (one of :data:`BUILTIN_YEARS`), validated."""
    from .notices import parse_notice

    return parse_notice(_builtin_data(year), str(_NOTICE_FILES / f"{year}.json"))


# The tables and citations of the shipped notices are read straight from their files,
# without building the notice model (a first assessment in a fresh process needs only
# these; issue 15): the files are validated, and these pinned to the validated notices,
# in tests/core/test_notices.py.


def _days(values: list[str]) -> list[dt.date]:
    return [dt.date.fromisoformat(v) for v in values]


@cache
def _builtin_table(year: int) -> tuple[int, ...]:
    data = _builtin_data(year)
    amendments = [
        (_days(a.get("days_off", [])), _days(a.get("make_up_workdays", [])))
        for a in data.get("amendments", [])
    ]
    off, working = resolve(_days(data["days_off"]), _days(data["make_up_workdays"]), amendments)
    return working_ordinals(year, off, working)


def _citation(notice: dict[str, Any]) -> str:
    number: str | None = notice["number"]
    return number or f"{notice['title']}（{notice['date']}）"


@cache
def _builtin_ref(year: int) -> NoticeRef:
    data = _builtin_data(year)
    return build(
        NoticeRef,
        {
            "year": year,
            "origin": "built-in",
            "number": data["notice"]["number"],
            "date": dt.date.fromisoformat(data["notice"]["date"]),
            "amended_by": tuple(_citation(a["notice"]) for a in data.get("amendments", [])),
        },
    )


@cache
def _estimated_year(year: int) -> tuple[int, ...]:
    statutory = statutory_days(year)
    first = dt.date(year, 1, 1).toordinal()
    last = dt.date(year, 12, 31).toordinal()
    return tuple(o for o in range(first, last + 1) if (o - 1) % 7 < 5 and o not in statutory)


@cache
def _estimate_ref(year: int) -> NoticeRef:
    return NoticeRef(year=year, origin="estimate")


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


class CalendarChange(BaseModel):
    """What replacing a year's notice changed (:meth:`Calendar.with_notice` with
    ``replace=True``): the notices before and after, the days that stopped being
    working days and the days that became working days."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    year: int
    replaced: NoticeRef
    by: NoticeRef
    now_off: tuple[dt.date, ...] = ()
    now_working: tuple[dt.date, ...] = ()

    def __str__(self) -> str:
        def days(values: tuple[dt.date, ...]) -> str:
            return ", ".join(d.isoformat() for d in values) or "none"

        return (
            f"{self.replaced} replaced by {self.by}; now days off: "
            f"{days(self.now_off)}; now working days: {days(self.now_working)}"
        )


def _rebuild(
    builtin: bool, entered: tuple[HolidayNotice, ...], changes: tuple[CalendarChange, ...]
) -> Calendar:
    return Calendar._make(builtin, {n.year: n for n in entered}, changes)


@final
class Calendar:
    """The official working-day calendar: the years it vouches for, each from a notice.

    ``Calendar()`` (the same as :meth:`Calendar.default`) holds the notices shipped with
    ipcomp, 2020–2026; ``Calendar(notices)`` adds the given
    :class:`~ipcomp.HolidayNotice` objects (each for a year not yet vouched for), and
    ``builtin=False`` starts from no year at all. Immutable and hashable: two calendars
    are equal when they hold the same notices. :meth:`with_notice` returns a new
    calendar with one more year (or, with ``replace=True``, a year's notice replaced,
    the change recorded in :attr:`changes`). Tables are built lazily, once per calendar.

    >>> from ipcomp.testing import example_notice
    >>> cal = Calendar.default().with_notice(example_notice(2027))
    >>> cal
    Calendar(built-in 2020–2026, entered 2027)
    >>> cal.is_official_year(2027), Calendar.default().is_official_year(2027)
    (True, False)
    >>> add_working_days(dt.date(2026, 12, 18), 10, calendar=cal)
    datetime.date(2027, 1, 4)
    """

    __slots__ = (
        "_builtin",
        "_by_year",
        "_changes",
        "_entered",
        "_hash",
        "_refs",
        "_span",
        "_tables",
    )
    _builtin: bool
    _entered: tuple[HolidayNotice, ...]
    _by_year: dict[int, HolidayNotice | None]  # the entered notice, or None: built-in
    _changes: tuple[CalendarChange, ...]
    _tables: dict[int, tuple[int, ...]]  # year -> table; -year -> the estimate
    _span: _Span | None
    _refs: dict[tuple[int, int, bool], tuple[NoticeRef, ...]]
    _hash: int

    def __init__(self, notices: Iterable[HolidayNotice] = (), *, builtin: bool = True) -> None:
        if type(builtin) is not bool:
            raise InvalidArgument(f"builtin must be True or False, not {builtin!r}")
        entered: dict[int, HolidayNotice] = {}
        for i, item in enumerate(iterable(notices, "notices", of="ipcomp.HolidayNotice")):
            from .notices import HolidayNotice

            notice = expect(item, HolidayNotice, f"notices[{i}]")
            if notice.year in entered or (builtin and notice.year in BUILTIN_YEARS):
                raise InvalidNotice(f"notices[{i}]", [_vouched(notice.year)])
            entered[notice.year] = notice
        self._init(builtin, entered, ())

    @classmethod
    def _make(
        cls,
        builtin: bool,
        entered: dict[int, HolidayNotice],
        changes: tuple[CalendarChange, ...],
    ) -> Calendar:
        calendar = object.__new__(cls)
        calendar._init(builtin, entered, changes)
        return calendar

    def _init(
        self,
        builtin: bool,
        entered: dict[int, HolidayNotice],
        changes: tuple[CalendarChange, ...],
    ) -> None:
        by_year: dict[int, HolidayNotice | None] = dict.fromkeys(BUILTIN_YEARS) if builtin else {}
        by_year.update(entered)
        notices = tuple(entered[y] for y in sorted(entered))
        for name, value in (
            ("_builtin", builtin),
            ("_entered", notices),
            ("_by_year", by_year),
            ("_changes", changes),
            ("_tables", {}),
            ("_span", None),
            ("_refs", {}),
            ("_hash", hash((builtin, notices))),
        ):
            object.__setattr__(self, name, value)

    @classmethod
    def default(cls) -> Calendar:
        """The built-in calendar: the notices shipped with ipcomp (2020–2026).

        >>> Calendar.default() is CALENDAR
        True
        """
        return CALENDAR

    # --- the value ---------------------------------------------------------------------

    def __setattr__(self, name: str, value: object) -> NoReturn:
        raise AttributeError("a Calendar is immutable: with_notice() returns a new one")

    def __delattr__(self, name: str) -> NoReturn:
        raise AttributeError("a Calendar is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Calendar):
            return NotImplemented
        return self._builtin == other._builtin and self._entered == other._entered

    def __hash__(self) -> int:
        return self._hash

    def __repr__(self) -> str:
        parts = []
        if self._builtin:
            parts.append(f"built-in {BUILTIN_YEARS[0]}–{BUILTIN_YEARS[-1]}")
        if self._entered:
            parts.append("entered " + ", ".join(str(n.year) for n in self._entered))
        return f"Calendar({', '.join(parts) or 'no year'})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self._builtin, self._entered, self._changes))

    @property
    def builtin(self) -> bool:
        """True when the calendar starts from the notices shipped with ipcomp."""
        return self._builtin

    @property
    def entered(self) -> tuple[HolidayNotice, ...]:
        """The notices entered as data (not shipped with ipcomp), by year."""
        return self._entered

    @property
    def changes(self) -> tuple[CalendarChange, ...]:
        """Every replacement of a year's notice that led to this calendar, in order."""
        return self._changes

    @property
    def years(self) -> tuple[int, ...]:
        """Every year the calendar vouches for, ascending."""
        return tuple(sorted(self._by_year))

    def official_years(self) -> frozenset[int]:
        """Every year the calendar vouches for."""
        return frozenset(self._by_year)

    def is_official_year(self, year: int) -> bool:
        """True when the calendar holds ``year``'s notice (no estimate needed)."""
        if type(year) is not int:
            raise InvalidArgument(f"year must be an int, not {year!r}")
        return year in self._by_year

    def origin(self, year: int) -> Origin:
        """``"built-in"`` or ``"entered"``: where ``year``'s notice comes from; raises
        :class:`~ipcomp.CalendarNotPublished` for a year the calendar does not hold."""
        if not self.is_official_year(year):
            raise CalendarNotPublished(year)
        return "built-in" if self._by_year[year] is None else "entered"

    def notice(self, year: int) -> HolidayNotice:
        """``year``'s notice; raises :class:`~ipcomp.CalendarNotPublished` for a year
        the calendar does not hold.

        >>> Calendar.default().notice(2023).citation()
        '国办发明电〔2022〕16号'
        """
        if not self.is_official_year(year):
            raise CalendarNotPublished(year)
        entered = self._by_year[year]
        return builtin_notice(year) if entered is None else entered

    def ref(self, year: int) -> NoticeRef:
        """How results cite ``year``'s notice (year, number, origin)."""
        if self.origin(year) == "built-in":
            return _builtin_ref(year)
        return self.notice(year).ref("entered")

    def notices_between(
        self, start: dt.date, end: dt.date, *, estimated: bool = False
    ) -> tuple[NoticeRef, ...]:
        """The notices the days ``(start, end]`` rest on, one per year the calendar holds
        (with ``estimated``, the estimated years too, as ``origin="estimate"``); empty
        when ``end <= start``.

        >>> [str(r) for r in Calendar.default().notices_between(dt.date(2023, 9, 28),
        ...                                                     dt.date(2023, 10, 18))]
        ['2023: 国办发明电〔2022〕16号, amended by 国办发明电〔2023〕7号 (built-in)']
        """
        if end <= start:
            return ()
        first = start.year + 1 if (start.month, start.day) == (12, 31) else start.year
        key = (first, end.year, estimated)
        refs = self._refs.get(key)
        if refs is None:
            refs = tuple(
                self.ref(year) if year in self._by_year else _estimate_ref(year)
                for year in range(first, end.year + 1)
                if year in self._by_year or (estimated and year in ESTIMATE_YEARS)
            )
            self._refs[key] = refs
        return refs

    def with_notice(self, notice: HolidayNotice, *, replace: bool = False) -> Calendar:
        """A new calendar that also vouches for ``notice.year``.

        A year the calendar already holds is refused (:class:`~ipcomp.InvalidNotice`)
        unless ``replace`` is true: then the notice replaces the year's, and the change
        (the days now off, the days now working) is recorded in :attr:`changes`.
        Replacing a notice with an equal one returns the calendar itself. ``replace`` on
        a year the calendar does not hold is refused too (nothing to replace).

        >>> from ipcomp.testing import example_notice
        >>> Calendar().with_notice(example_notice(2026))
        Traceback (most recent call last):
        ...
        ipcomp.core.errors.InvalidNotice: notice: the calendar already vouches for 2026 (built-in); to replace its notice, enter it with replace=True (command line: --calendar-replace, or calendar check --replace), which records what changed
        """
        from .notices import HolidayNotice

        notice = expect(notice, HolidayNotice, "notice")
        if type(replace) is not bool:
            raise InvalidArgument(f"replace must be True or False, not {replace!r}")
        year = notice.year
        entered = {n.year: n for n in self._entered}
        changes = self._changes
        if year in self._by_year:
            if not replace:
                raise InvalidNotice("notice", [_vouched(year, self.origin(year))])
            if self.notice(year) == notice:
                return self
            before, after = set(self.year_table(year)), set(notice.working_ordinals())
            changes += (
                CalendarChange(
                    year=year,
                    replaced=self.ref(year),
                    by=notice.ref("entered"),
                    now_off=tuple(dt.date.fromordinal(o) for o in sorted(before - after)),
                    now_working=tuple(dt.date.fromordinal(o) for o in sorted(after - before)),
                ),
            )
        elif replace:
            raise InvalidNotice(
                "notice",
                [
                    f"the calendar does not vouch for {year}: there is nothing to replace; "
                    "enter the notice without replace (--calendar)"
                ],
            )
        entered[year] = notice
        return Calendar._make(self._builtin, entered, changes)

    # --- tables --------------------------------------------------------------------------

    def year_table(self, year: int, allow_estimate: bool = False) -> tuple[int, ...]:
        """Sorted ordinals of ``year``'s working days; raises for an unknown year.

        An official year always uses its notice, whatever ``allow_estimate`` says.
        """
        table = self._tables.get(year)
        if table is not None:
            return table
        if year in self._by_year:
            entered = self._by_year[year]
            table = _builtin_table(year) if entered is None else entered.working_ordinals()
            self._tables[year] = table
            return table
        if not (allow_estimate and year in ESTIMATE_YEARS):
            detail = (
                ""
                if year in ESTIMATE_YEARS
                else f"estimates cover {ESTIMATE_YEARS.start}–{ESTIMATE_YEARS.stop - 1} only"
            )
            raise CalendarNotPublished(year, detail)
        return _estimated_year(year)

    def span(self) -> _Span:
        """The consecutive official years from the first one, merged for one bisect."""
        span = self._span
        if span is None:
            years = []
            if self._by_year:
                year = min(self._by_year)
                while year in self._by_year:
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
            if year in self._by_year:
                table = self.year_table(year)
                known = bisect_right(table, b) - bisect_right(table, a)
                low, high = low + known, high + known
            else:  # any day of an unpublished year may turn out a (make-up) working day,
                # except its statutory holidays, which are days off by law
                first = max(a, dt.date(year, 1, 1).toordinal() - 1)
                last = min(b, dt.date(year, 12, 31).toordinal())
                high += last - first
                if year in ESTIMATE_YEARS:
                    high -= sum(1 for o in statutory_days(year) if first < o <= last)
        return low, high


def _vouched(year: int, origin: str = "built-in") -> str:
    return (
        f"the calendar already vouches for {year} ({origin}); to replace its notice, enter "
        "it with replace=True (command line: --calendar-replace, or calendar check "
        "--replace), which records what changed"
    )


#: The built-in calendar (:meth:`Calendar.default`): the default of every function.
CALENDAR: Final = Calendar()

_DATE: Final = dt.date
_from_ordinal: Final = dt.date.fromordinal
_bisect_right: Final = bisect_right


def as_calendar(calendar: object) -> Calendar:
    """``calendar`` when it is a :class:`Calendar`; else :class:`~ipcomp.InvalidArgument`."""
    if isinstance(calendar, Calendar):
        return calendar
    raise InvalidArgument(
        f"calendar must be an ipcomp.Calendar, not {type(calendar).__name__} "
        "(for more years: Calendar.default().with_notice(read_notice(path)))"
    )


def is_official_year(year: int, *, calendar: Calendar = CALENDAR) -> bool:
    """True when ``calendar`` (by default the built-in one) holds ``year``'s notice.

    >>> is_official_year(2026), is_official_year(2027)
    (True, False)
    """
    return as_calendar(calendar).is_official_year(year)


def is_working_day(
    day: dt.date, *, allow_estimate: bool = False, calendar: Calendar = CALENDAR
) -> bool:
    """True when ``day`` is a working day under the State Council's notice for its year.

    ``day`` must be a ``datetime.date`` (a ``datetime`` is refused with
    :class:`~ipcomp.InvalidArgument`). Raises :class:`~ipcomp.CalendarNotPublished`
    for a year ``calendar`` holds no notice for, unless ``allow_estimate`` is true.

    >>> is_working_day(dt.date(2023, 10, 7))   # Saturday, make-up working day
    True
    >>> is_working_day(dt.date(2023, 10, 2))   # National Day holiday, a Monday
    False
    """
    return as_calendar(calendar).is_working_day(day, allow_estimate=allow_estimate)


def add_working_days(
    day: dt.date, n: int, *, allow_estimate: bool = False, calendar: Calendar = CALENDAR
) -> dt.date:
    """The ``n``-th working day after ``day``; ``day`` itself is not counted (民法典 Art. 201).

    ``n`` must be an ``int >= 1`` (not a ``bool``), else :class:`~ipcomp.InvalidArgument`.
    Raises :class:`~ipcomp.CalendarNotPublished` when the count reaches a year
    ``calendar`` holds no notice for, unless ``allow_estimate`` is true.

    >>> add_working_days(dt.date(2020, 1, 23), 1)   # the extended 2020 Spring Festival
    datetime.date(2020, 2, 3)
    """
    # Hot path (one bisect), duplicated from Calendar.add_working_days for speed.
    if type(calendar) is Calendar:
        span = calendar._span or calendar.span()
        if type(day) is _DATE and type(n) is int and n > 0:
            i = _bisect_right(span.ordinals, day.toordinal()) + n - 1
            if day >= span.first_day and i < span.count:
                return _from_ordinal(span.ordinals[i])
    return as_calendar(calendar).add_working_days(day, n, allow_estimate=allow_estimate)


def working_days_between(
    start: dt.date, end: dt.date, *, allow_estimate: bool = False, calendar: Calendar = CALENDAR
) -> int:
    """Working days in ``(start, end]``; negative when ``end < start``.

    So "late by k working days" is ``working_days_between(deadline, applied_on)``, and
    ``working_days_between(day, add_working_days(day, n)) == n``.

    >>> working_days_between(dt.date(2023, 10, 18), dt.date(2023, 10, 13))
    -3
    """
    return as_calendar(calendar).working_days_between(start, end, allow_estimate=allow_estimate)


def working_days_bounds(
    start: dt.date, end: dt.date, *, calendar: Calendar = CALENDAR
) -> tuple[int, int]:
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
    return as_calendar(calendar).working_days_bounds(start, end)
