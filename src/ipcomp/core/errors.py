"""The package's own errors.

Every error ipcomp raises on purpose derives from :class:`IpcompError`; malformed
model input raises :class:`pydantic.ValidationError` instead (it names the field).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = [
    "CalendarNotPublished",
    "InvalidArgument",
    "InvalidNotice",
    "IpcompError",
    "MissingIndicator",
    "RecoveryExceedsLoss",
]


class IpcompError(Exception):
    """Base class of every error raised deliberately by ipcomp."""


class CalendarNotPublished(IpcompError, LookupError):  # noqa: N818 - public name (docs/spec/api.md)
    """A date falls in a year whose official holiday schedule ipcomp does not know (D10).

    Attributes:
        year: the calendar year without a published schedule.
        detail: why, beyond the year itself ("" when nothing more is known).
    """

    def __init__(self, year: int, detail: str = "") -> None:
        self.year = year
        self.detail = detail
        message = (
            f"no official State Council holiday schedule is known for {year}; "
            "enter the year's notice as data (a notice file: --calendar FILE on the "
            "command line, Calendar.default().with_notice(read_notice(FILE)) in Python; "
            "see docs/calendar.md) or opt in to an estimate with allow_estimate=True "
            "(Policy.calendar_estimate=True for assessments)"
        )
        if detail:
            message = f"{message}. {detail}"
        super().__init__(message)

    def __reduce__(self) -> tuple[type[CalendarNotPublished], tuple[int, str]]:
        return (type(self), (self.year, self.detail))


class MissingIndicator(IpcompError, ValueError):  # noqa: N818 - public name (docs/spec/api.md)
    """An indicator the industry's SME row needs was not given (工信部联企业〔2011〕300号).

    Attributes:
        indicator: ``"employees"``, ``"revenue"`` or ``"total_assets"``.
        industry: the industry whose row needs it.
    """

    def __init__(self, indicator: str, industry: str) -> None:
        self.indicator = indicator
        self.industry = industry
        super().__init__(
            f"the SME size of industry {industry} needs the indicator {indicator!r}, "
            "which was not given"
        )

    def __reduce__(self) -> tuple[type[MissingIndicator], tuple[str, str]]:
        return (type(self), (self.indicator, self.industry))


class RecoveryExceedsLoss(IpcompError, ValueError):  # noqa: N818 - reads as a fact
    """A recovery larger than the IP-part loss it is shared against (Art. 7(4), D14)."""


class InvalidArgument(IpcompError, ValueError):  # noqa: N818 - reads as a fact
    """A malformed argument to one of ipcomp's functions (not a model field)."""


class InvalidNotice(IpcompError, ValueError):  # noqa: N818 - reads as a fact
    """A holiday notice that cannot be used: an unreadable or malformed file, or a year
    the calendar already vouches for (D10).

    Attributes:
        source: the file (or ``"notice"``) the reasons are about.
        reasons: one line per problem, each naming the key and the offending date.
    """

    def __init__(self, source: str, reasons: Sequence[str]) -> None:
        self.source = source
        self.reasons = tuple(reasons)
        super().__init__(f"{source}: " + "; ".join(self.reasons))

    def __reduce__(self) -> tuple[type[InvalidNotice], tuple[str, tuple[str, ...]]]:
        return (type(self), (self.source, self.reasons))
