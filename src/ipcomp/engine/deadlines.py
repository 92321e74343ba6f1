"""Dates of the measures: the application deadline, business years, report dates and
the validity window (Art. 8(3), 11, 14; D7, D10, D12, D13).

Every function refuses a non-date (a ``datetime`` included), a non-:class:`~ipcomp.Policy`
policy or a non-:class:`~ipcomp.Bank` bank with :class:`~ipcomp.InvalidArgument`.

>>> import datetime as dt
>>> application_deadline(dt.date(2023, 9, 28))
datetime.date(2023, 10, 18)
>>> business_year(dt.date(2024, 2, 29)), business_year(dt.date(2024, 3, 1))
(2023, 2024)
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Literal

from ..core.errors import InvalidArgument
from ..core.workdays import CALENDAR, Calendar, add_working_days, as_calendar, is_working_day
from ..facts import Bank
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy

if TYPE_CHECKING:
    from ..schemes.model import Scheme

__all__ = [
    "application_deadline",
    "business_year",
    "first_business_year",
    "in_force",
    "report_due_dates",
]


def _require_date(day: object, name: str) -> dt.date:
    if type(day) is not dt.date:
        raise InvalidArgument(f"{name} must be a datetime.date, not {type(day).__name__} {day!r}")
    return day


def _require_policy(policy: object) -> Scheme:
    """The scheme of a :class:`~ipcomp.Policy` or of a :class:`~ipcomp.schemes.Scheme`."""
    from .plan import plan_of

    return plan_of(policy).scheme  # type: ignore[arg-type]


def application_deadline(
    recognized_on: dt.date, policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> dt.date:
    """Last day to apply: the ``policy.application_window``-th (10th) working day after
    recognition, the day of recognition not counted (Art. 8(3); D10, 民法典 Art. 201).

    An application on the deadline is in time. Working days are ``calendar``'s (by
    default the built-in one). Raises :class:`~ipcomp.CalendarNotPublished` when the
    count reaches a year ``calendar`` holds no notice for, unless
    ``policy.calendar_estimate`` is true.

    >>> application_deadline(dt.date(2020, 9, 28))   # across National Day + Mid-Autumn 2020
    datetime.date(2020, 10, 19)
    """
    policy = _require_policy(policy)
    return add_working_days(
        recognized_on,
        policy.application_window,
        allow_estimate=policy.calendar_estimate,
        calendar=calendar,
    )


def business_year(day: dt.date, policy: Policy | Scheme = WEIHAI_2020) -> int:
    """The fund's business year containing ``day``, named by the year it starts in (D7).

    Business years run from ``policy.business_year_start`` (1 March) to the day before it
    in the next year.

    >>> business_year(dt.date(2021, 1, 15))
    2020
    """
    return _business_year(_require_date(day, "day"), _require_policy(policy))


def _business_year(day: dt.date, policy: Policy | Scheme) -> int:
    """:func:`business_year` without argument checks, for the library's own use."""
    month, first = policy.business_year_start
    return day.year if (day.month, day.day) >= (month, first) else day.year - 1


def first_business_year(bank: Bank, policy: Policy | Scheme = WEIHAI_2020) -> int:
    """The bank's first business year under the measures (D7, D8).

    The business year containing the later of the policy's start and the day the bank
    reported its filing to Weihai (Art. 6(3)); the policy's start when it has not
    reported.

    >>> from ipcomp import Bank
    >>> bank = Bank(name="B", meets_fund_conditions=True, ip_credit_system=True,
    ...             responsible_staff=True, filed_in_shandong=True,
    ...             reported_in_weihai_on=dt.date(2021, 4, 1))
    >>> first_business_year(bank)
    2021
    """
    if not isinstance(bank, Bank):
        raise InvalidArgument(f"bank must be an ipcomp.Bank, not {type(bank).__name__}")
    return _first_business_year(bank, _require_policy(policy))


def _first_business_year(bank: Bank, policy: Policy | Scheme) -> int:
    """:func:`first_business_year` without argument checks, for the library's own use."""
    reported = bank.reported_in_weihai_on
    start = policy.effective_from if reported is None else max(policy.effective_from, reported)
    return _business_year(start, policy)


def in_force(day: dt.date, policy: Policy | Scheme = WEIHAI_2020) -> bool:
    """True when ``day`` lies in the validity window, both ends included (Art. 14; D13).

    >>> in_force(dt.date(2026, 8, 22)), in_force(dt.date(2026, 8, 23))
    (True, False)
    """
    day = _require_date(day, "day")
    policy = _require_policy(policy)
    return policy.effective_from <= day <= policy.effective_until


def report_due_dates(
    year: int,
    *,
    roll: Literal["preceding", "following"] | None = None,
    allow_estimate: bool = False,
    calendar: Calendar = CALENDAR,
) -> tuple[dt.date, dt.date]:
    """The two reporting dates of ``year``: 30 June and 30 November (Art. 11; D12).

    ``roll="preceding"`` / ``"following"`` moves a date that is not a working day to the
    nearest working day before / after it (on ``calendar``, by default the built-in
    one); ``None`` keeps the calendar dates.

    >>> report_due_dates(2024)
    (datetime.date(2024, 6, 30), datetime.date(2024, 11, 30))
    >>> report_due_dates(2024, roll="preceding")   # both fall on a weekend
    (datetime.date(2024, 6, 28), datetime.date(2024, 11, 29))
    """
    if type(year) is not int or not 2000 <= year <= 2099:
        raise InvalidArgument(f"year must be an int in 2000..2099, not {year!r}")
    if roll is not None and (type(roll) is not str or roll not in ("preceding", "following")):
        raise InvalidArgument(f"roll must be None, 'preceding' or 'following', not {roll!r}")
    calendar = as_calendar(calendar)
    dates = (dt.date(year, 6, 30), dt.date(year, 11, 30))
    if roll is None:
        return dates
    step = dt.timedelta(days=-1 if roll == "preceding" else 1)

    def rolled(day: dt.date) -> dt.date:
        while not is_working_day(day, allow_estimate=allow_estimate, calendar=calendar):
            day += step
        return day

    return rolled(dates[0]), rolled(dates[1])
