"""What ipcomp takes from ``holidays``, pinned (D10; issue 14 item 12, issue 15 item 3).

The official years no longer come from ``holidays`` (they are the shipped notice files),
but ``holidays`` still gives the statutory days of unpublished years (the opt-in estimate,
the bounds of lateness) and drafts candidate notices for years ipcomp does not vouch for.
These tests fail loudly when an installed ``holidays`` release disagrees with the
reference data on any of that; the release itself must lie in the range
``pyproject.toml`` declares (the policy for raising the bound: docs/calendar.md).
"""

from __future__ import annotations

import datetime as dt
import re
from importlib.metadata import requires, version
from typing import Any

import pytest

from ipcomp import CalendarNotPublished, InvalidNotice
from ipcomp.core import _holidays
from ipcomp.core.notices import parse_notice
from ipcomp.core.workdays import BUILTIN_YEARS, ESTIMATE_YEARS, builtin_notice

D = dt.date

#: Days of a year set by the *next* year's notice (its New Year block): holidays lists
#: them under neither year's holidays, and they are weekend days, so they change nothing.
SPILL_OVER = {2022: {D(2022, 12, 31)}, 2023: {D(2023, 12, 30), D(2023, 12, 31)}}


def _release(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split("."))


def test_the_installed_holidays_is_in_the_declared_range() -> None:
    """D10 (I35): pyproject.toml bounds holidays on both sides, and the installed release lies
    in the range (so an untested release cannot change results between installs)."""
    (spec,) = [r for r in requires("ipcomp") or [] if re.match(r"holidays\b", r)]
    low = re.search(r">=\s*([0-9.]+)", spec)
    high = re.search(r"<\s*([0-9.]+)", spec)
    assert low is not None, spec
    assert high is not None, spec
    installed = _release(version("holidays"))
    assert _release(low.group(1)) <= installed < _release(high.group(1))
    assert _holidays.holidays_version() == version("holidays")


@pytest.mark.parametrize("year", list(BUILTIN_YEARS))
def test_a_candidate_from_holidays_reproduces_the_shipped_notice(year: int) -> None:
    """D10 (I34): for every shipped year, the candidate notice holidays drafts has exactly the
    shipped days off and make-up days (but for the weekend days a later notice set), so
    the same working days: a newer holidays release that changes a 2020–2026 day fails
    here."""
    candidate = _holidays.holidays_candidate(year)
    assert candidate["unreviewed"] == (
        f"a candidate from holidays {version('holidays')} (holidays.China, its defaults), "
        "not the notice itself"
    )
    off, working = builtin_notice(year).resolved()
    assert {D.fromisoformat(d) for d in candidate["days_off"]} == off - SPILL_OVER.get(year, set())
    assert {D.fromisoformat(d) for d in candidate["make_up_workdays"]} == working
    reviewed = {**candidate, "notice": {**candidate["notice"], "date": f"{year - 1}-11-01"}}
    del reviewed["unreviewed"]
    notice = parse_notice(reviewed)
    assert notice.working_ordinals() == builtin_notice(year).working_ordinals()


def test_an_unreviewed_candidate_is_refused() -> None:
    """D10 (I34): a candidate as drafted is refused until an operator has reviewed it (the
    mark deleted, the notice's date filled in)."""
    with pytest.raises(InvalidNotice) as caught:
        parse_notice(_holidays.holidays_candidate(2026))
    assert [r.split(":")[0] for r in caught.value.reasons] == ["notice.date", "unreviewed"]


def test_no_candidate_for_a_year_holidays_does_not_know() -> None:
    """D10: the installed release does not know the 2027 notice (none is published in the
    reference data): no candidate, the reason naming the release."""
    with pytest.raises(CalendarNotPublished) as caught:
        _holidays.holidays_candidate(2027)
    assert caught.value.year == 2027
    assert caught.value.detail == (
        f"the installed holidays {version('holidays')} has no candidate either: it does not "
        "know the 2027 notice"
    )


def test_the_statutory_days_are_the_law(reference_data: dict[str, Any]) -> None:
    """D10: the statutory days holidays gives for the estimate are the 2027 days of
    全国年节及纪念日放假办法 in the reference data, and in every shipped year they are days
    off of the notice (law days are never worked)."""
    listed = reference_data["years"]["2027"]["statutory_days_only"].values()
    expected = {D.fromisoformat(d).toordinal() for days in listed for d in days}
    assert _holidays.statutory_days(2027) == expected
    for year in BUILTIN_YEARS:
        off, _ = builtin_notice(year).resolved()
        statutory = {D.fromordinal(o) for o in _holidays.statutory_days(year)}
        assert statutory <= off, year
    assert len(expected) == 13  # the 2024 revision: 除夕 and 2 May added
    assert 2027 in ESTIMATE_YEARS


class _FakeChina:
    """A stand-in for holidays.China that knows only 1 January of each year."""

    def __init__(self, years: list[int], special: dict[int, Any] | None, makeup: list[dt.date]):
        if special is not None:
            self.special_public_holidays = special
        self.weekend_workdays = frozenset(makeup)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and (day.month, day.day) == (1, 1)


@pytest.mark.parametrize(
    ("special", "makeup"),
    [({2030: ()}, []), (None, [D(2030, 1, 5)]), ({}, [D(2030, 1, 5)])],
    ids=["special days only", "make-up days only (no special list)", "make-up days only"],
)
def test_a_year_holidays_encodes_is_known_by_its_special_or_make_up_days(
    monkeypatch: pytest.MonkeyPatch, special: dict[int, Any] | None, makeup: list[dt.date]
) -> None:
    """D10 (I34): holidays knows a year's notice when it lists special days (extra days off)
    or make-up working days for it — either suffices; with neither it has no candidate
    (it would give a statutory-days guess)."""
    import holidays.countries.china as china

    monkeypatch.setattr(china, "China", lambda years: _FakeChina(years, special, makeup))
    candidate = _holidays.holidays_candidate(2030)
    assert candidate["days_off"] == ["2030-01-01"]  # a Tuesday: no weekend next to it
    assert candidate["make_up_workdays"] == [d.isoformat() for d in makeup]
    assert candidate["notice"]["title"] == "国务院办公厅关于2030年部分节假日安排的通知"
    monkeypatch.setattr(china, "China", lambda years: _FakeChina(years, {}, []))
    with pytest.raises(CalendarNotPublished, match="has no candidate either"):
        _holidays.holidays_candidate(2030)


def test_the_shipped_statutory_days_are_those_of_the_installed_holidays() -> None:
    """D10, I80: the table of statutory days ipcomp ships for 2000–2100 is what
    ``holidays.China(observed=False)`` gives for each of those years (after raising the
    holidays bound: ``python scripts/statutory_days.py`` rewrites it)."""
    import datetime as dt

    from holidays.countries.china import China

    from ipcomp.core import _holidays

    for year in range(2000, 2101):
        expected = {d.toordinal() for d in China(years=year, observed=False) if d.year == year}
        assert _holidays.statutory_days(year) == expected, year
    # outside the table: the installed holidays itself
    _holidays.statutory_days.cache_clear()
    assert dt.date(1999, 1, 1).toordinal() in _holidays.statutory_days(1999)
    assert _holidays._table()["2027"][0] == "01-01"


def test_an_estimate_imports_no_holidays() -> None:
    """I80: estimating a 2027 deadline reads the shipped table; ``holidays`` stays
    unimported (a fresh process)."""
    import subprocess
    import sys

    code = (
        "import sys, datetime as dt; from ipcomp import add_working_days; "
        "add_working_days(dt.date(2026, 12, 28), 10, allow_estimate=True); "
        "print('holidays' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
