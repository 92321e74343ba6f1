"""SME size classes as data: the 2011 standard (工信部联企业〔2011〕300号), Art. 3(1).

A standard is a :class:`SizeStandard`: for each :class:`~ipcomp.enums.Industry`, the
indicators it uses and three thresholds per indicator. The classifier below knows
nothing of 2011; a successor standard is a new ``SizeStandard`` object, not new code.

Semantics (docs/schemes/weihai_2020/policy.md, "SME size classes"):

* a firm is an SME when **any** indicator is below its ceiling ("以下" is strict; the
  ceilings are joined by 或), so it is *large* only when **every** indicator is at or
  above its ceiling;
* within SMEs, *medium* when **all** indicators reach the medium floors ("及以上"
  includes the figure; floors are joined by 且), else *small* when all reach the small
  floors, else *micro*.

Units: employees in persons; revenue (营业收入) and total assets (资产总额) in **yuan**,
like every amount in ipcomp (the standard's table is in 万元 and is multiplied by 10,000
here).

References:
    工业和信息化部、国家统计局、发展改革委、财政部《关于印发中小企业划型标准规定的通知》
    （工信部联企业〔2011〕300号）, 2011-06-18, Art. 4.
Limitations:
    Industry scope follows GB/T 4754-2011 as the standard says; mapping a firm's
    activity to one of the 16 rows is the caller's job.

>>> classify_size(Industry.INDUSTRY, employees=1500, revenue=30_000_000)
<SizeClass.MEDIUM: 'MEDIUM'>
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Any, Final

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, WithJsonSchema
from pydantic_core import core_schema

from .enums import Industry, SizeClass
from .errors import IpcompError, MissingIndicator
from .money import Money

__all__ = [
    "SIZE_STANDARDS",
    "SME_2011",
    "HeadCount",
    "Indicator",
    "IndustryRow",
    "SizeStandard",
    "classify_size",
]


class Indicator(StrEnum):
    """The indicators of the SME standard; values are the keyword names."""

    EMPLOYEES = "employees"  # X 从业人员 (persons)
    REVENUE = "revenue"  # Y 营业收入 (yuan)
    TOTAL_ASSETS = "total_assets"  # Z 资产总额 (yuan)


@dataclass(frozen=True, slots=True)
class IndustryRow:
    """One row of a size standard: thresholds per indicator (units as ``Indicator``)."""

    number: int
    name_zh: str
    scope: str
    ceiling: Mapping[Indicator, int]
    medium_floor: Mapping[Indicator, int]
    small_floor: Mapping[Indicator, int]
    #: ``(indicator, ceiling, medium floor, small floor)`` for each indicator the row
    #: uses, in the standard's order X, Y, Z: the thresholds above, laid out for
    #: :func:`size_of` (derived, not an input).
    thresholds: tuple[tuple[Indicator, int | Decimal, int | Decimal, int | Decimal], ...] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        keys = set(self.ceiling)
        if not keys or set(self.medium_floor) != keys or set(self.small_floor) != keys:
            raise IpcompError(
                f"size-standard row {self.number} ({self.name_zh}): the ceiling, medium "
                "floor and small floor must name the same, non-empty set of indicators"
            )

        # Money thresholds as Decimal: amounts are Decimal, and Decimal-to-Decimal
        # comparisons are about twice as fast as Decimal-to-int (same results, exact).
        def value(i: Indicator, v: int) -> int | Decimal:
            return v if i is Indicator.EMPLOYEES else Decimal(v)

        thresholds = tuple(
            (
                i,
                value(i, self.ceiling[i]),
                value(i, self.medium_floor[i]),
                value(i, self.small_floor[i]),
            )
            for i in Indicator
            if i in self.ceiling
        )
        object.__setattr__(self, "thresholds", thresholds)

    @property
    def indicators(self) -> tuple[Indicator, ...]:
        """The indicators this row uses, in the standard's order X, Y, Z."""
        return tuple(i for i in Indicator if i in self.ceiling)


@dataclass(frozen=True, slots=True)
class SizeStandard:
    """A versioned SME size standard: a name, its source, and a row per industry."""

    name: str
    source: str
    rows: Mapping[Industry, IndustryRow]


_WAN = 10_000  # 1 万元 in yuan
X, Y, Z = Indicator.EMPLOYEES, Indicator.REVENUE, Indicator.TOTAL_ASSETS
_POSITION: Final = {X: 0, Y: 1, Z: 2}  # of each indicator among size_of's arguments


def _row(
    number: int,
    name_zh: str,
    scope: str,
    ceiling: dict[Indicator, int],
    medium: dict[Indicator, int],
    small: dict[Indicator, int],
) -> IndustryRow:
    def yuan(thresholds: dict[Indicator, int]) -> Mapping[Indicator, int]:
        return MappingProxyType({k: v if k is X else v * _WAN for k, v in thresholds.items()})

    return IndustryRow(number, name_zh, scope, yuan(ceiling), yuan(medium), yuan(small))


# fmt: off
#: 工信部联企业〔2011〕300号, Art. 4; monetary figures in the table are 万元.
SME_2011: Final = SizeStandard(
    name="SME_2011",
    source="工信部联企业〔2011〕300号《中小企业划型标准规定》第四条 (2011-06-18)",
    rows=MappingProxyType({
        Industry.AGRICULTURE: _row(1, "农、林、牧、渔业", "GB/T 4754 A",
            {Y: 20000}, {Y: 500}, {Y: 50}),
        Industry.INDUSTRY: _row(2, "工业", "GB/T 4754 B, C, D",
            {X: 1000, Y: 40000}, {X: 300, Y: 2000}, {X: 20, Y: 300}),
        Industry.CONSTRUCTION: _row(3, "建筑业", "GB/T 4754 E",
            {Y: 80000, Z: 80000}, {Y: 6000, Z: 5000}, {Y: 300, Z: 300}),
        Industry.WHOLESALE: _row(4, "批发业", "GB/T 4754 51",
            {X: 200, Y: 40000}, {X: 20, Y: 5000}, {X: 5, Y: 1000}),
        Industry.RETAIL: _row(5, "零售业", "GB/T 4754 52",
            {X: 300, Y: 20000}, {X: 50, Y: 500}, {X: 10, Y: 100}),
        Industry.TRANSPORT: _row(6, "交通运输业", "GB/T 4754 54-58 (excl. railways)",
            {X: 1000, Y: 30000}, {X: 300, Y: 3000}, {X: 20, Y: 200}),
        Industry.WAREHOUSING: _row(7, "仓储业", "GB/T 4754 59",
            {X: 200, Y: 30000}, {X: 100, Y: 1000}, {X: 20, Y: 100}),
        Industry.POSTAL: _row(8, "邮政业", "GB/T 4754 60",
            {X: 1000, Y: 30000}, {X: 300, Y: 2000}, {X: 20, Y: 100}),
        Industry.ACCOMMODATION: _row(9, "住宿业", "GB/T 4754 61",
            {X: 300, Y: 10000}, {X: 100, Y: 2000}, {X: 10, Y: 100}),
        Industry.CATERING: _row(10, "餐饮业", "GB/T 4754 62",
            {X: 300, Y: 10000}, {X: 100, Y: 2000}, {X: 10, Y: 100}),
        Industry.INFORMATION_TRANSMISSION: _row(11, "信息传输业", "GB/T 4754 63, 64",
            {X: 2000, Y: 100000}, {X: 100, Y: 1000}, {X: 10, Y: 100}),
        Industry.SOFTWARE_IT: _row(12, "软件和信息技术服务业", "GB/T 4754 65",
            {X: 300, Y: 10000}, {X: 100, Y: 1000}, {X: 10, Y: 50}),
        Industry.REAL_ESTATE_DEVELOPMENT: _row(13, "房地产开发经营", "GB/T 4754 7010",
            {Y: 200000, Z: 10000}, {Y: 1000, Z: 5000}, {Y: 100, Z: 2000}),
        Industry.PROPERTY_MANAGEMENT: _row(14, "物业管理", "GB/T 4754 702",
            {X: 1000, Y: 5000}, {X: 300, Y: 1000}, {X: 100, Y: 500}),
        Industry.LEASING_BUSINESS_SERVICES: _row(15, "租赁和商务服务业", "GB/T 4754 L",
            {X: 300, Z: 120000}, {X: 100, Z: 8000}, {X: 10, Z: 100}),
        Industry.OTHER: _row(16, "其他未列明行业", "M, N, O, Q, R, ...",
            {X: 300}, {X: 100}, {X: 10}),
    }),
)
# fmt: on


#: A head count given as a Decimal may have at most this many digits before its point.
_COUNT_DIGITS: Final = 18


def _head_count(value: object) -> object:
    # True would count as 1 person and 20.0 hides a float column: refuse both, as money does.
    if isinstance(value, bool | float):
        raise ValueError(f"{value!r} is not a head count; use an int")
    if isinstance(value, Decimal):
        # decided here, quickly: Decimal('1E-999999999') or Decimal('1E+999999999') would
        # take pydantic's integer check minutes
        if not value.is_finite() or value.adjusted() >= _COUNT_DIGITS:
            raise ValueError(f"{str(value)[:30]} is not a head count")
        if (value and value.adjusted() < 0) or value.to_integral_value() != value:
            raise ValueError(f"{str(value)[:30]} is not a whole number of persons")
        return int(value)
    return value


class HeadCountSchema:
    """The schema of a head count from 0 to ``maximum`` (``None``: no limit), for use in
    ``Annotated[int, HeadCountSchema(maximum), ...]``. From Python: :func:`_head_count`, then an int. From
    JSON, the same rule natively (speed): an integer, or text holding one (as Python
    accepts ``"80"``); ``true`` and ``20.0`` get one ``head_count`` error."""

    def __init__(self, maximum: int | None) -> None:
        self.maximum = maximum

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        bounded = core_schema.int_schema(ge=0, le=self.maximum)
        from_json = core_schema.union_schema(
            [
                core_schema.int_schema(strict=True),
                core_schema.chain_schema(
                    [core_schema.str_schema(strict=True), core_schema.int_schema()]
                ),
            ],
            custom_error_type="head_count",
            custom_error_message="Input should be a head count: a whole number of persons",
        )
        return core_schema.json_or_python_schema(
            json_schema=core_schema.chain_schema([from_json, bounded]),
            python_schema=core_schema.no_info_before_validator_function(_head_count, bounded),
        )


#: A head count (从业人员, persons): an ``int`` >= 0; bools and floats are refused.
HeadCount = Annotated[int, HeadCountSchema(None), WithJsonSchema({"type": "integer", "minimum": 0})]


class _Firm(BaseModel):
    """The arguments of :func:`classify_size`, validated together so errors name them."""

    model_config = ConfigDict(frozen=True, title="classify_size", defer_build=True)

    industry: Industry
    employees: HeadCount | None = None
    revenue: Money | None = None
    total_assets: Money | None = None


def classify_size(
    industry: Industry | str,
    *,
    employees: int | None = None,
    revenue: Decimal | int | str | None = None,
    total_assets: Decimal | int | str | None = None,
    standard: SizeStandard = SME_2011,
) -> SizeClass:
    """Size class of a firm under ``standard`` (Art. 3(1); 工信部联企业〔2011〕300号 Art. 4).

    ``revenue`` and ``total_assets`` are yuan (``int``, ``str`` or ``Decimal``; floats
    are refused); ``employees`` is a count. Indicators the industry's row does not use
    are ignored; a missing one it uses raises :class:`~ipcomp.MissingIndicator`.
    Malformed values raise ``pydantic.ValidationError``.

    >>> classify_size(Industry.INDUSTRY, employees=20, revenue=3_000_000)
    <SizeClass.SMALL: 'SMALL'>
    >>> classify_size(Industry.INDUSTRY, employees=1000, revenue=400_000_000)
    <SizeClass.LARGE: 'LARGE'>
    >>> classify_size("OTHER", employees=9, revenue="1000000000000")
    <SizeClass.MICRO: 'MICRO'>
    """
    firm = _Firm(industry=industry, employees=employees, revenue=revenue, total_assets=total_assets)
    return size_of(firm.industry, firm.employees, firm.revenue, firm.total_assets, standard)


def size_of(
    sector: Industry,
    employees: int | None,
    revenue: Decimal | None,
    total_assets: Decimal | None,
    standard: SizeStandard,
) -> SizeClass:
    """:func:`classify_size` for values already validated (e.g. an ``Enterprise``'s)."""
    size = size_or_missing(sector, employees, revenue, total_assets, standard)
    if isinstance(size, SizeClass):
        return size
    raise MissingIndicator(size[0].value, sector.value)


def size_or_missing(
    sector: Industry,
    employees: int | None,
    revenue: Decimal | None,
    total_assets: Decimal | None,
    standard: SizeStandard,
) -> SizeClass | tuple[Indicator, ...]:
    """:func:`size_of`, or every indicator the sector's row needs that is missing, in
    the standard's order (no exception: the rules report them as a finding)."""
    row = standard.rows.get(sector)
    if row is None:
        raise IpcompError(f"size standard {standard.name} has no row for industry {sector}")
    given = (employees, revenue, total_assets)
    large = medium = small = True  # "all indicators reach ..." for each threshold
    for indicator, ceiling, medium_floor, small_floor in row.thresholds:  # X, Y, Z
        value = given[_POSITION[indicator]]
        if value is None:
            return tuple(i for i in row.indicators if given[_POSITION[i]] is None)
        large = large and value >= ceiling
        medium = medium and value >= medium_floor
        small = small and value >= small_floor
    if large:
        return SizeClass.LARGE
    if medium:
        return SizeClass.MEDIUM
    if small:
        return SizeClass.SMALL
    return SizeClass.MICRO


#: The size standards a :class:`~ipcomp.Policy` can name (``Policy.size_standard``).
#: A successor standard is one more data object here, not new code.
SIZE_STANDARDS: Final[Mapping[str, SizeStandard]] = MappingProxyType({SME_2011.name: SME_2011})
