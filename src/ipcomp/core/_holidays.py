"""What ipcomp takes from the ``holidays`` package (D10): nothing for the official years.

The official calendar comes from the notice files shipped with ipcomp (and any entered
by the user); ``holidays`` serves only

* the **statutory days** of 全国年节及纪念日放假办法 for a year without a notice
  (``holidays.China(observed=False)``): the opt-in estimate and the bounds of
  :func:`~ipcomp.core.workdays.working_days_bounds` — for 2000–2100 read from a table
  written from ``holidays`` and shipped with ipcomp (``statutory_days.json``, I80), so
  that ``holidays`` is not imported for them (about a second: it loads every country);
* **candidates**: a notice for a year ipcomp does not vouch for, drafted from a newer
  ``holidays`` release for an operator to review (``ipcomp calendar candidate YEAR``).

``holidays`` is imported here only, and only when one of these is asked for. Both uses
are pinned against the reference data in ``tests/core/test_holidays_pin.py``, and the
installed release is bounded in ``pyproject.toml`` (policy for raising the bound:
docs/calendar.md).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import Any, Final

from .errors import CalendarNotPublished

__all__ = ["holidays_candidate", "holidays_version", "statutory_days"]


def holidays_version() -> str:
    """The installed ``holidays`` release (``"not installed"`` when it is missing)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("holidays")
    except PackageNotFoundError:  # pragma: no cover - a declared dependency
        return "not installed"


_TABLE: Final = Path(__file__).resolve().parent / "statutory_days.json"


@cache
def _table() -> dict[str, list[str]]:
    years: dict[str, list[str]] = json.loads(_TABLE.read_text(encoding="utf-8"))["years"]
    return years


@cache
def statutory_days(year: int) -> frozenset[int]:
    """Ordinals of the statutory holidays of 全国年节及纪念日放假办法 in ``year``: days off
    by law whatever the year's notice adds around them (``holidays.China`` with
    ``observed=False``).

    For 2000–2100 (every year an estimate covers) from the table shipped with ipcomp
    (``statutory_days.json``, written from ``holidays`` by ``scripts/statutory_days.py``,
    decision I80): no ``holidays`` import, and the same days whatever release is
    installed. Other years from the installed ``holidays``.

    >>> sorted(dt.date.fromordinal(o).isoformat() for o in statutory_days(2027))[:5]
    ['2027-01-01', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']
    """
    days = _table().get(str(year))
    if days is not None:
        return frozenset(dt.date.fromisoformat(f"{year}-{d}").toordinal() for d in days)
    from holidays.countries.china import China

    statutory = China(years=year, observed=False)  # type: ignore[no-untyped-call]
    return frozenset(d.toordinal() for d in statutory if d.year == year)


def holidays_candidate(year: int) -> dict[str, Any]:
    """A draft notice file for ``year`` from the installed ``holidays``, marked
    ``unreviewed`` (so that it is refused until an operator has checked it against the
    State Council's notice and deleted the mark).

    ``days_off`` are the maximal runs of days off (holidays plus the weekend days next to
    them, not make-up days) that contain a holiday of ``year``; ``make_up_workdays`` are
    ``holidays``' weekend working days of ``year``. Raises
    :class:`~ipcomp.CalendarNotPublished` when the installed release does not know the
    year's notice (it lists neither special days off nor make-up days for it).
    """
    from holidays.countries.china import China

    release = holidays_version()
    cn = China(years=[year - 1, year, year + 1])  # type: ignore[no-untyped-call]
    makeup = {d for d in cn.weekend_workdays if d.year == year}
    # A year whose notice holidays encodes has its special days (extra days off, make-up
    # days) listed; without them holidays would give a statutory-days guess.
    known = set(getattr(cn, "special_public_holidays", {})) | {d.year for d in makeup}
    if year not in known:
        raise CalendarNotPublished(
            year,
            f"the installed holidays {release} has no candidate either: it does not know "
            f"the {year} notice",
        )

    def off(day: dt.date) -> bool:
        return day in cn or (day.weekday() >= 5 and day not in cn.weekend_workdays)

    days_off: set[dt.date] = set()
    day = dt.date(year, 1, 1) - dt.timedelta(days=14)
    end = dt.date(year, 12, 31) + dt.timedelta(days=14)
    while day <= end:
        if not off(day):
            day += dt.timedelta(days=1)
            continue
        run = []
        while off(day):
            run.append(day)
            day += dt.timedelta(days=1)
        if any(d in cn and d.year == year for d in run):
            days_off.update(d for d in run if d.year == year)
    return {
        "$comment": f"drafted by `ipcomp calendar candidate {year}` from holidays {release}",
        "unreviewed": f"a candidate from holidays {release} (holidays.China, its defaults), "
        "not the notice itself",
        "year": year,
        "notice": {
            "number": None,
            "date": None,
            "title": f"国务院办公厅关于{year}年部分节假日安排的通知",
            "url": None,
        },
        "days_off": sorted(d.isoformat() for d in days_off),
        "make_up_workdays": sorted(d.isoformat() for d in makeup),
        "sources": [f"holidays=={release} (vacanza/holidays holidays/countries/china.py)"],
    }
