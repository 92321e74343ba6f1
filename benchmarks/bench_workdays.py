"""``add_working_days(d, 10)`` against holidays, chinesecalendar and a bare bisect; and on
a calendar with an entered 2027 notice against the default calendar (issue 11)."""

from __future__ import annotations

import datetime as dt
import random
from bisect import bisect_right

from _harness import Config, Row, Skip, fmt_time, interleave, paired_ratio, verdict

from ipcomp import Calendar, add_working_days
from ipcomp.testing import example_notice

__all__ = ["run"]

FIRST, LAST = dt.date(2021, 1, 1), dt.date(2025, 12, 15)


def run(cfg: Config) -> tuple[list[Row], list[str]]:
    try:
        import chinese_calendar
        import holidays
    except ImportError as error:  # pragma: no cover - bench extra missing
        raise Skip(f"install the bench extra: {error}") from None

    days = [dt.date.fromordinal(o) for o in range(FIRST.toordinal(), LAST.toordinal() + 1)]
    random.Random(10).shuffle(days)
    days = days[: cfg.pick(600, len(days))]
    # Built once, outside the timing, for every year a count can reach.
    cn = holidays.China(years=range(2020, 2028))
    makeup = set(cn.weekend_workdays)
    w = [
        o
        for o in range(dt.date(2020, 1, 1).toordinal(), dt.date(2027, 12, 31).toordinal() + 1)
        if (
            (dt.date.fromordinal(o).weekday() < 5 or dt.date.fromordinal(o) in makeup)
            and dt.date.fromordinal(o) not in cn
        )
    ]
    entered = Calendar.default().with_notice(example_notice(2027))  # fictitious 2027 notice
    nth = cn.get_nth_working_day
    find = chinese_calendar.find_workday
    fromordinal = dt.date.fromordinal

    def ipcomp_() -> int:
        f = add_working_days
        for d in days:
            f(d, 10)
        return len(days)

    def entered_() -> int:
        f = add_working_days
        cal = entered
        for d in days:
            f(d, 10, calendar=cal)
        return len(days)

    def holidays_() -> int:
        for d in days:
            nth(d, 10)
        return len(days)

    def chinese_calendar_() -> int:
        for d in days:
            find(10, d)
        return len(days)

    def bisect_() -> int:
        for d in days:
            fromordinal(w[bisect_right(w, d.toordinal()) + 9])
        return len(days)

    mine = [add_working_days(d, 10) for d in days]
    agree_h = sum(a == nth(d, 10) for a, d in zip(mine, days, strict=True))
    agree_e = sum(
        a == add_working_days(d, 10, calendar=entered) for a, d in zip(mine, days, strict=True)
    )
    agree_b = sum(
        a == fromordinal(w[bisect_right(w, d.toordinal()) + 9])
        for a, d in zip(mine, days, strict=True)
    )
    working = [(a, d) for a, d in zip(mine, days, strict=True) if chinese_calendar.is_workday(d)]
    agree_c = sum(a == find(10, d) for a, d in working)
    notes = [
        f"working days: {len(days)} start dates {FIRST}…{LAST} (shuffled); ipcomp agrees "
        f"with holidays on {agree_h}/{len(days)} and with the bisect on "
        f"{agree_b}/{len(days)}; `find_workday(10, d)` counts from the next working day "
        f"*including* d, so it is compared on working days only: {agree_c}/{len(working)}. "
        f"With a (fictitious) 2027 notice entered, `add_working_days(d, 10, calendar=...)` "
        f"gives the same dates on {agree_e}/{len(days)} (its 2020–2026 are the built-in ones)."
    ]

    t = interleave(
        {
            "ipcomp": ipcomp_,
            "entered": entered_,
            "holidays": holidays_,
            "chinese_calendar": chinese_calendar_,
            "bisect": bisect_,
        },
        rounds=cfg.pick(7, 21),
    )
    rows = []
    for base, label, target, ok in (
        ("holidays", "`holidays.China().get_nth_working_day(d, 10)`", "≥ 30× faster", 30.0),
        ("chinese_calendar", "`chinese_calendar.find_workday(10, d)`", "—", None),
        ("bisect", "bare bisect over a list of ordinals", "≤ 2× the bisect", None),
    ):
        ratio = paired_ratio(t, "ipcomp", base)
        if base == "bisect":
            cell, result = f"{ratio:.2f}×", verdict(ratio <= 2)
        else:
            speedup = 1 / ratio
            cell = f"{ratio:.4f}× ({speedup:,.0f}× faster)"
            result = verdict(speedup >= ok) if ok else "info"
        rows.append(
            Row(
                "working days, per call",
                "`add_working_days(d, 10)`",
                label,
                fmt_time(t.median("ipcomp")),
                fmt_time(t.median(base)),
                cell,
                target,
                result,
            )
        )
    for base, label, target, ok, faster in (
        (
            "ipcomp",
            "the default calendar, `add_working_days(d, 10)`",
            "≤ 1.2× the default",
            1.2,
            False,
        ),
        ("holidays", "`holidays.China().get_nth_working_day(d, 10)`", "≥ 30× faster", 30.0, True),
    ):
        ratio = paired_ratio(t, "entered", base)
        if faster:
            cell, result = f"{ratio:.4f}× ({1 / ratio:,.0f}× faster)", verdict(1 / ratio >= ok)
        else:
            cell, result = f"{ratio:.2f}×", verdict(ratio <= ok)
        rows.append(
            Row(
                "working days, per call, with an entered 2027 notice",
                "`add_working_days(d, 10, calendar=cal)`",
                label,
                fmt_time(t.median("entered")),
                fmt_time(t.median(base)),
                cell,
                target,
                result,
            )
        )
    return rows, notes
