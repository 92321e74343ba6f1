"""Calendar dates as model fields (I3): ISO ``YYYY-MM-DD`` only, 2000-01-01…2099-12-31.

No scheme knowledge: the measures' dates (validity, business years) are parameters of a
scheme; this module only says what a date in ipcomp's input is.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Final

from pydantic import GetCoreSchemaHandler, WithJsonSchema
from pydantic_core import core_schema

__all__ = ["MAX_DATE", "MIN_DATE", "Day"]

#: Dates outside this range are refused as absurd (the measures run 2020–2026).
MIN_DATE: Final = dt.date(2000, 1, 1)
MAX_DATE: Final = dt.date(2099, 12, 31)


_ISO_DATE_TEXT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ISO_DATE = re.compile(_ISO_DATE_TEXT)


def _plain_date(value: object) -> object:
    # pydantic would read numbers as Unix timestamps and accept datetimes; both are
    # more likely a mistake than a date here.
    kind = type(value)
    if (kind is str and _ISO_DATE.fullmatch(value)) or kind is dt.date:  # type: ignore[call-overload]
        return value  # the common cases first (speed)
    if isinstance(value, bool | int | float | Decimal | bytes):
        raise ValueError(f"{value!r} is not a date; use an ISO date such as '2023-09-28'")
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value!r} is a datetime; pass its .date() explicitly")
    if isinstance(value, str) and not _ISO_DATE.fullmatch(value):
        # pydantic would also read "1695859200" as a Unix timestamp, and take datetime text
        raise ValueError(f"{value[:40]!r} is not an ISO date (YYYY-MM-DD) such as '2023-09-28'")
    return value


class _DaySchema:
    """The schema of :data:`Day`. From JSON, ``YYYY-MM-DD`` text only, checked natively
    (speed): a pattern first (pydantic's date parser alone would also read digits such
    as ``"1695859200"`` as a Unix timestamp), then pydantic-core's date. From Python,
    :func:`_plain_date` first, for the same rule with messages that say what to pass."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        bounded = core_schema.date_schema(ge=MIN_DATE, le=MAX_DATE)
        return core_schema.json_or_python_schema(
            json_schema=core_schema.chain_schema(
                [
                    core_schema.custom_error_schema(
                        core_schema.str_schema(
                            strict=True, pattern=_ISO_DATE_TEXT, strip_whitespace=False
                        ),
                        custom_error_type="date_format",
                        custom_error_message=(
                            "Input should be an ISO date (YYYY-MM-DD) such as '2023-09-28'"
                        ),
                    ),
                    bounded,
                ]
            ),
            python_schema=core_schema.no_info_before_validator_function(_plain_date, bounded),
        )


#: A calendar date between 2000-01-01 and 2099-12-31, as a ``date`` or ISO text.
Day = Annotated[dt.date, _DaySchema, WithJsonSchema({"type": "string", "format": "date"})]
