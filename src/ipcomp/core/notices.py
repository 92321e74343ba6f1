"""The State Council's holiday notices as data (Art. 8(3); D10).

Each year's 国务院办公厅关于XXXX年部分节假日安排的通知 is one JSON file, read into a
:class:`HolidayNotice`: the notice's citation, every day of each official off-block in
the year (weekend days inside a block included) and every weekend day declared a working
day (调休上班), plus, as ``amendments``, later notices that changed days of the same year
(the 2020 Spring Festival extension, 国办发明电〔2020〕1号; a New Year block of the next
year's notice that starts in December). A notice holds the days of its own year only, so
a notice for one year never changes another year.

ipcomp ships the notices of 2020–2026 in this format (``ipcomp/core/notice_files/``);
:class:`~ipcomp.Calendar` adds further years from files (docs/calendar.md).

>>> notice = HolidayNotice.model_validate({
...     "year": 2027,
...     "notice": {"number": None, "date": "2026-11-10", "title": "示例（虚构）"},
...     "days_off": ["2027-01-01", "2027-01-02", "2027-01-03"],
...     "make_up_workdays": [],
... })
>>> notice.citation()
'示例（虚构）（2026-11-10）'
>>> len(notice.working_ordinals())
260

References:
    国务院办公厅关于2020…2026年部分节假日安排的通知; 国办发明电〔2020〕1号.
Checked with:
    ``tests/data/cn_workdays_2020_2027.json``, every day of 2020–2026, in
    ``tests/core/test_notices.py``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from .dates import Day
from .errors import InvalidNotice
from .noticeref import NoticeRef, Origin, resolve, working_ordinals

__all__ = [
    "NOTICE_KEYS",
    "NOTICE_SCHEMA_ID",
    "HolidayNotice",
    "NoticeAmendment",
    "NoticeCitation",
    "NoticeRef",
    "Origin",
    "notice_json_schema",
    "read_notice",
]

#: The keys a notice file may have (anything else is refused, so that a typo such as
#: ``make_up_workday`` cannot silently drop days).
NOTICE_KEYS: Final = (
    "$schema",
    "$comment",
    "year",
    "notice",
    "days_off",
    "make_up_workdays",
    "amendments",
    "sources",
    "note",
    "unreviewed",
)
#: The ``$id`` of the notice file's JSON Schema (``ipcomp schema --notice``).
NOTICE_SCHEMA_ID: Final = (
    "https://github.com/ipcomp/ipcomp/blob/main/docs/calendar.md#notice-schema"
)


_WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
_Text = Annotated[str, StringConstraints(strict=True, min_length=1, max_length=500)]
_Year = Annotated[int, Field(strict=True, ge=2000, le=2099)]
_Days = tuple[Day, ...]
_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class NoticeCitation(BaseModel):
    """Which State Council notice: its document number, date and title."""

    model_config = _FROZEN

    number: _Text | None = Field(
        description="the document number, e.g. 国办发明电〔2022〕16号; null when the "
        "published text shows none"
    )
    date: Day = Field(description="the date of the notice (YYYY-MM-DD)")
    title: _Text = Field(description="the title, e.g. 国务院办公厅关于2023年部分节假日安排的通知")
    url: _Text | None = Field(None, description="where the official text is published")

    def citation(self) -> str:
        """The number when the notice has one, else its title and date.

        >>> NoticeCitation(number=None, date="2025-11-04", title="通知").citation()
        '通知（2025-11-04）'
        """
        return self.number or f"{self.title}（{self.date.isoformat()}）"


class NoticeAmendment(BaseModel):
    """A later notice that changed days of the year: its days override the notice's (and
    earlier amendments'): a day off here that was a make-up working day is no longer
    worked (2020-02-01, cancelled by 国办发明电〔2020〕1号)."""

    model_config = _FROZEN

    notice: NoticeCitation
    days_off: _Days = Field((), description="days of the year this notice made days off")
    make_up_workdays: _Days = Field(
        (), description="weekend days of the year this notice made working days"
    )
    note: _Text | None = None


def _problem(loc: tuple[str | int, ...], day: dt.date, message: str) -> InitErrorDetails:
    # the message holds no braces (dates, years and fixed text only): no template fields
    return InitErrorDetails(
        type=PydanticCustomError("holiday_notice", message),
        loc=loc,
        input=day.isoformat(),
    )


class HolidayNotice(BaseModel):
    """One year of the State Council's holiday notices, as a notice file holds it.

    ``days_off``: every day of each official off-block in ``year``, weekend days inside a
    block included; ``make_up_workdays``: every weekend day of ``year`` declared a working
    day (调休上班); ``amendments``: later notices that changed days of ``year``, applied in
    order. Refused, each error naming the date: a date outside ``year``, a make-up day
    that is not a Saturday or Sunday, a day both off and worked in one notice, a date
    listed twice, an amendment that lists a day it does not change, and a file still
    marked ``unreviewed``. Unknown keys are refused. The day lists are kept sorted.

    >>> HolidayNotice.model_validate({
    ...     "year": 2027, "notice": {"number": None, "date": "2026-11-10", "title": "t"},
    ...     "days_off": ["2027-02-15"], "make_up_workdays": ["2027-02-15"]})
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 2 validation errors for HolidayNotice
    ...
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", defer_build=True, populate_by_name=True, title="HolidayNotice"
    )

    schema_ref: str | None = Field(None, alias="$schema", description="the schema's location")
    comment: str | None = Field(None, alias="$comment", description="free text, ignored")
    year: _Year = Field(description="the calendar year the notice arranges")
    notice: NoticeCitation
    days_off: _Days = Field(
        description="every day of every off-block in the year, weekend days included"
    )
    make_up_workdays: _Days = Field(
        description="every Saturday or Sunday of the year declared a working day (调休上班)"
    )
    amendments: tuple[NoticeAmendment, ...] = Field(
        (), description="later notices changing days of the year, in order"
    )
    sources: tuple[_Text, ...] = Field(
        (), description="other copies of the text checked, cross-checks"
    )
    note: _Text | None = None
    unreviewed: str | None = Field(
        None,
        description="set by `ipcomp calendar candidate`: a notice still to be checked "
        "against the published text; refused until the key is deleted",
    )

    @field_validator("unreviewed")
    @classmethod
    def _reviewed(cls, value: str | None) -> None:
        if value is not None:
            raise PydanticCustomError(
                "holiday_notice_unreviewed",
                "an unreviewed candidate: check every day against the State Council's "
                "notice, fill in the notice's number, date and url, then delete the key "
                "'unreviewed'",
            )
        return value

    @model_validator(mode="after")
    def _check(self) -> HolidayNotice:
        problems: list[InitErrorDetails] = []
        year = self.year
        off: set[dt.date] = set()
        working: set[dt.date] = set()
        parts: list[tuple[tuple[str | int, ...], Sequence[dt.date], Sequence[dt.date]]] = [
            ((), self.days_off, self.make_up_workdays)
        ]
        parts += [
            (("amendments", i), a.days_off, a.make_up_workdays)
            for i, a in enumerate(self.amendments)
        ]
        for prefix, days_off, make_up in parts:
            seen: dict[dt.date, tuple[str | int, ...]] = {}
            for name, days in (("days_off", days_off), ("make_up_workdays", make_up)):
                for i, day in enumerate(days):
                    loc = (*prefix, name, i)
                    iso = day.isoformat()
                    if day.year != year:
                        problems.append(
                            _problem(
                                loc,
                                day,
                                f"{iso} is outside {year}: a notice file holds the days of "
                                f"its own year; a day of {day.year} belongs in the {day.year} "
                                "file (as an amendment when a later notice sets it)",
                            )
                        )
                    if name == "make_up_workdays" and day.weekday() < 5:
                        problems.append(
                            _problem(
                                loc,
                                day,
                                f"{iso} is a {_WEEKDAYS[day.weekday()]}: a make-up working "
                                "day (调休上班) is a Saturday or Sunday",
                            )
                        )
                    if day in seen:
                        where = _loc_text(seen[day])
                        what = "listed twice" if seen[day][-2] == name else "both off and worked"
                        problems.append(_problem(loc, day, f"{iso} is {what} (also {where})"))
                        continue
                    seen[day] = loc
            if prefix:  # an amendment lists only the days it changes
                for day in days_off:
                    if day in off:
                        problems.append(
                            _problem(
                                (*prefix, "days_off", list(days_off).index(day)),
                                day,
                                f"{day.isoformat()} is a day off already: an amendment lists "
                                "only the days it changes",
                            )
                        )
                for day in make_up:
                    if day in working:
                        problems.append(
                            _problem(
                                (*prefix, "make_up_workdays", list(make_up).index(day)),
                                day,
                                f"{day.isoformat()} is a make-up working day already: an "
                                "amendment lists only the days it changes",
                            )
                        )
                if not days_off and not make_up:
                    problems.append(
                        InitErrorDetails(
                            type=PydanticCustomError(
                                "holiday_notice_empty_amendment",
                                "an amendment lists at least one day it changes",
                            ),
                            loc=prefix,
                            input=None,
                        )
                    )
            off = (off - set(make_up)) | set(days_off)
            working = (working - set(days_off)) | set(make_up)
        if problems:
            raise ValidationError.from_exception_data("HolidayNotice", problems)
        # canonical order: the same days in another order are the same notice
        state = self.__dict__
        state["days_off"] = tuple(sorted(self.days_off))
        state["make_up_workdays"] = tuple(sorted(self.make_up_workdays))
        state["amendments"] = tuple(
            a.model_copy(
                update={
                    "days_off": tuple(sorted(a.days_off)),
                    "make_up_workdays": tuple(sorted(a.make_up_workdays)),
                }
            )
            for a in self.amendments
        )
        return self

    # --- what the notice says ---------------------------------------------------------

    def citation(self) -> str:
        """The notice's number (or title and date), as results cite it."""
        return self.notice.citation()

    def resolved(self) -> tuple[frozenset[dt.date], frozenset[dt.date]]:
        """``(days off, make-up working days)`` of the year, amendments applied in order.

        >>> n = HolidayNotice.model_validate({"year": 2027,
        ...     "notice": {"number": "N", "date": "2026-11-10", "title": "t"},
        ...     "days_off": ["2027-02-12"], "make_up_workdays": ["2027-02-20"],
        ...     "amendments": [{"notice": {"number": "M", "date": "2027-01-26", "title": "u"},
        ...                     "days_off": ["2027-02-20"]}]})
        >>> sorted(d.isoformat() for d in n.resolved()[0]), n.resolved()[1]
        (['2027-02-12', '2027-02-20'], frozenset())
        """
        return resolve(
            self.days_off,
            self.make_up_workdays,
            [(a.days_off, a.make_up_workdays) for a in self.amendments],
        )

    def working_ordinals(self) -> tuple[int, ...]:
        """Ordinals of the year's working days, ascending: Monday–Friday and the make-up
        days, minus the days off."""
        return working_ordinals(self.year, *self.resolved())

    def ref(self, origin: Origin) -> NoticeRef:
        """How a result cites this notice."""
        return NoticeRef(
            year=self.year,
            origin=origin,
            number=self.notice.number,
            date=self.notice.date,
            amended_by=tuple(a.notice.citation() for a in self.amendments),
        )

    def to_json(self) -> str:
        """The notice as a notice file (keys as in the file, ``$schema`` included).

        >>> n = HolidayNotice.model_validate({"year": 2027,
        ...     "notice": {"number": None, "date": "2026-11-10", "title": "t"},
        ...     "days_off": [], "make_up_workdays": []})
        >>> HolidayNotice.model_validate_json(n.to_json()) == n
        True
        """
        data = _without_empty(self.model_dump(mode="json", by_alias=True))
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _without_empty(data: dict[str, Any]) -> dict[str, Any]:
    """A dumped notice without its unset optional keys (``number`` stays: required)."""
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict):
            value = _without_empty(value)
        elif isinstance(value, list) and value and isinstance(value[0], dict):
            value = [_without_empty(v) for v in value]
        if value is None and key != "number":
            continue
        if value == [] and key in ("amendments", "sources"):
            continue
        out[key] = value
    return out


def _loc_text(loc: Iterable[str | int]) -> str:
    """``("amendments", 0, "days_off", 2)`` as ``amendments[0].days_off[2]``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _reasons(error: ValidationError) -> list[str]:
    reasons = []
    for e in error.errors(include_url=False):
        where = _loc_text(e["loc"])
        if e["type"] == "extra_forbidden":
            allowed = ", ".join(NOTICE_KEYS) if len(e["loc"]) == 1 else "see the schema"
            reasons.append(f"{where}: unknown key (a typo? allowed keys: {allowed})")
        elif e["type"] == "missing":
            reasons.append(f"{where}: missing (required)")
        else:
            reasons.append(f"{where}: {e['msg']}" if where else e["msg"])
    return reasons


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    twice = sorted({k for k in keys if keys.count(k) > 1})
    if twice:
        raise ValueError(f"the key(s) {', '.join(map(repr, twice))} appear twice in one object")
    return dict(pairs)


def parse_notice(data: object, source: str = "notice") -> HolidayNotice:
    """A :class:`HolidayNotice` from parsed JSON data; :class:`InvalidNotice` listing
    every problem otherwise."""
    if not isinstance(data, Mapping):
        raise InvalidNotice(source, ["a notice file holds one JSON object"])
    try:
        return HolidayNotice.model_validate(data)
    except ValidationError as error:
        raise InvalidNotice(source, _reasons(error)) from None


def read_notice(path: str | Path) -> HolidayNotice:
    """Read a notice file (UTF-8 JSON, docs/calendar.md); :class:`InvalidNotice` with
    every reason when it cannot be read or is not a valid notice.

    >>> from importlib.resources import files
    >>> read_notice(files("ipcomp.core") / "notice_files" / "2023.json").citation()
    '国办发明电〔2022〕16号'
    """
    source = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InvalidNotice(source, [f"cannot read it: {error.strerror or error}"]) from None
    except UnicodeDecodeError as error:
        raise InvalidNotice(source, [f"not UTF-8 text: {error.reason}"]) from None
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except RecursionError:
        raise InvalidNotice(source, ["not JSON: nested too deeply"]) from None
    except ValueError as error:
        raise InvalidNotice(source, [f"not JSON: {error}"]) from None
    return parse_notice(data, source)


def notice_json_schema() -> dict[str, Any]:
    """The JSON Schema of a notice file (``ipcomp schema --notice``).

    >>> notice_json_schema()["required"]
    ['year', 'notice', 'days_off', 'make_up_workdays']
    """
    schema = HolidayNotice.model_json_schema(mode="validation", by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": NOTICE_SCHEMA_ID,
        **schema,
    }
