"""The facts: enterprises, banks, pledges, loans and claims (Art. 3, 4, 6, 7, 8).

Frozen pydantic v2 models with ``extra="forbid"``: malformed input raises
``pydantic.ValidationError`` naming the field; cross-field rules are checked on
construction. ``None`` for a yes/no fact means *unknown*: it fails its check with the
check's own code (D4), never passes silently.

>>> e = Enterprise(name="威海示例科技有限公司", industry="INDUSTRY", legal_person=True,
...                operating=True, via_platform=True, rating="B",
...                credit_code="91371000MA3C4L3X17", employees=80, revenue="25000000")
>>> e.effective_division_code
'371000'
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, KeysView, Mapping, ValuesView
from decimal import Decimal
from typing import Annotated, Any, Final, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import core_schema

from .core.dates import MAX_DATE, MIN_DATE, Day
from .core.enums import Industry, IPKind, Rating, RiskClass
from .core.errors import InvalidArgument
from .core.money import Money, PositiveMoney
from .core.sme import HeadCountSchema
from .core.uscc import division_code_of, uscc_problem

__all__ = [
    "MAX_DATE",
    "MIN_DATE",
    "AssessedCaps",
    "Bank",
    "Claim",
    "Day",
    "Enterprise",
    "Loan",
    "PaidBefore",
    "Pledge",
]

_MIN_BUSINESS_YEAR, _MAX_BUSINESS_YEAR = 2000, 2099
_Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
#: Persons employed; more than 10^8 is a data error.
_Count = Annotated[
    int,
    HeadCountSchema(100_000_000),
    WithJsonSchema({"type": "integer", "minimum": 0, "maximum": 100_000_000}),
]
_Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
_BusinessYear = Annotated[int, Field(ge=_MIN_BUSINESS_YEAR, le=_MAX_BUSINESS_YEAR)]
#: A GB/T 2260 administrative division code: six ASCII digits (checked natively).
_DivisionCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{6}$")]


def _valid_credit_code(value: str) -> str:
    value = value.strip().upper()
    problem = uscc_problem(value)
    if problem:
        raise ValueError(f"not a valid unified social credit code: {problem}")
    return value


#: A unified social credit code (GB 32100-2015), stripped and upper-cased; checked only
#: when given (``None`` never reaches the check: speed).
_CreditCode = Annotated[str, AfterValidator(_valid_credit_code)]

_FROZEN = ConfigDict(frozen=True, extra="forbid", validate_default=True, defer_build=True)


def _flag(value: object) -> object:
    # pydantic reads 1.0, 0.0 and any Decimal as a boolean (Decimal('1E-9999') as False):
    # a yes/no fact is true or false (or text saying so), never a number with a fraction
    if isinstance(value, float | Decimal):
        raise ValueError(f"{str(value)[:30]} is not a yes/no fact: use true or false")
    return value


class _FlagSchema:
    """A yes/no fact: pydantic's boolean, minus floats and Decimals from Python (JSON is
    read natively, as before)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        plain = core_schema.bool_schema()
        return core_schema.json_or_python_schema(
            json_schema=plain,
            python_schema=core_schema.no_info_before_validator_function(_flag, plain),
        )


_Flag = Annotated[bool, _FlagSchema(), WithJsonSchema({"type": "boolean"})]

#: A business year as a key of ``assessed_caps``: the int 2023 or the text "2023" exactly.
_YEAR_TEXT = r"^[0-9]{4}$"
_YEAR_MESSAGE = (
    'a business year is written 2023 or "2023": four digits, 2000 to 2099, without '
    "blanks, signs or leading zeros"
)


def _year_key() -> core_schema.CoreSchema:
    bounded = core_schema.int_schema(ge=_MIN_BUSINESS_YEAR, le=_MAX_BUSINESS_YEAR)
    return core_schema.union_schema(
        [
            core_schema.chain_schema([core_schema.int_schema(strict=True), bounded]),
            core_schema.chain_schema(
                [core_schema.str_schema(strict=True, pattern=_YEAR_TEXT), bounded]
            ),
        ],
        custom_error_type="business_year",
        custom_error_message=_YEAR_MESSAGE,
    )


def _distinct_years(value: object) -> object:
    """The int 2023 and the text "2023" are one year: refused together (I45)."""
    if isinstance(value, Mapping) and len(value) > 1:
        seen: dict[int, object] = {}
        for key in value:
            if type(key) is int:
                year = key
            elif isinstance(key, str) and key.isascii() and key.isdigit() and len(key) == 4:
                year = int(key)
            else:
                continue
            if year in seen:
                raise ValueError(
                    f"the business years {seen[year]!r} and {key!r} are the same year: "
                    "give each year once"
                )
            seen[year] = key
    return value


class AssessedCaps(Mapping[int, Decimal]):
    """An immutable, hashable ``{business_year: cap}`` mapping (D8).

    Accepts any mapping on input; business years are named by the calendar year they
    start in, as the int ``2023`` or the text ``"2023"`` exactly (``"2023 "``,
    ``"02023"`` and ``"+2023"`` are refused, and so are ``2023`` and ``"2023"`` together,
    I45); caps are :data:`~ipcomp.money.Money`.

    >>> caps = AssessedCaps({2022: Decimal("1200000.00")})
    >>> caps[2022], 2023 in caps, hash(caps) == hash(AssessedCaps(caps))
    (Decimal('1200000.00'), False, True)
    """

    __slots__ = ("_items",)

    def __init__(self, data: Mapping[int, Decimal] | None = None) -> None:
        # by year, so that equal mappings hash alike
        self._items: dict[int, Decimal] = dict(sorted(data.items())) if data else {}

    def __getitem__(self, year: int) -> Decimal:
        return self._items[year]

    # The Mapping mixins would go through __getitem__ and KeyError (speed).
    def __contains__(self, year: object) -> bool:
        return year in self._items

    def get(self, year: int, default: Decimal | None = None) -> Decimal | None:  # type: ignore[override]
        """The cap of ``year``, or ``default``."""
        return self._items.get(year, default)

    def items(self) -> ItemsView[int, Decimal]:
        """``(business_year, cap)`` pairs, by year (a read-only view)."""
        return self._items.items()

    def keys(self) -> KeysView[int]:
        """The business years, in order (a read-only view)."""
        return self._items.keys()

    def values(self) -> ValuesView[Decimal]:
        """The caps, by year (a read-only view)."""
        return self._items.values()

    def __iter__(self) -> Iterator[int]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"AssessedCaps({self._items!r})"

    @classmethod
    def _of_validated(cls, items: dict[int, Decimal]) -> AssessedCaps:
        """From the fresh dict validation made: no copy, sorted only when it has to be."""
        caps = cls.__new__(cls)
        caps._items = dict(sorted(items.items())) if len(items) > 1 else items
        return caps

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        plain = handler.generate_schema(dict[_BusinessYear, Money])
        checked = core_schema.dict_schema(
            keys_schema=_year_key(), values_schema=handler.generate_schema(Money)
        )
        validate = core_schema.json_or_python_schema(
            json_schema=checked,  # JSON keys are text: only exact repeats could collide
            python_schema=core_schema.no_info_before_validator_function(_distinct_years, checked),
        )
        return core_schema.no_info_after_validator_function(
            cls._of_validated,
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                dict, return_schema=plain
            ),
        )


_PayerId = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]


def _other_payers(items: dict[str, Decimal]) -> PaidBefore:
    if not items:  # the usual case: nothing paid before by other payers (speed)
        return _NO_OTHER_PAYERS
    named = sorted({"provincial", "municipal"} & set(items))
    if named:
        raise ValueError(
            f"paid_before names {', '.join(named)}: give those as "
            f"{' and '.join(n + '_paid_before' for n in named)}"
        )
    mapping = PaidBefore.__new__(PaidBefore)
    mapping._items = dict(sorted(items.items()))
    return mapping


class PaidBefore(Mapping[str, Decimal]):
    """An immutable, hashable ``{payer id: amount}`` mapping: what payers other than the
    provincial and the municipal fund (a guarantor, say) paid before on the loan (D5).

    >>> PaidBefore({"guarantor": Decimal("100.00")})["guarantor"]
    Decimal('100.00')
    """

    __slots__ = ("_items",)

    def __init__(self, data: Mapping[str, Decimal] | None = None) -> None:
        self._items: dict[str, Decimal] = dict(sorted(data.items())) if data else {}

    def __getitem__(self, payer: str) -> Decimal:
        return self._items[payer]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __hash__(self) -> int:
        return hash(tuple(self._items.items()))

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self._items == dict(other.items())
        return NotImplemented

    def __repr__(self) -> str:
        return f"PaidBefore({self._items!r})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        plain = handler.generate_schema(dict[_PayerId, Money])
        return core_schema.no_info_after_validator_function(
            _other_payers,
            plain,
            serialization=core_schema.plain_serializer_function_ser_schema(
                dict, return_schema=plain
            ),
        )


#: The empty :class:`PaidBefore`, shared (it is immutable).
_NO_OTHER_PAYERS: Final = PaidBefore()


class _Fact(BaseModel):
    """The facts' base: a copy with changes (``model_copy(update=...)``) is validated
    again, so that it can never hold what the model refuses (a float amount, an unknown
    field)."""

    model_config = _FROZEN

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy; with ``update``, the fields changed and the whole validated again
        (``pydantic.ValidationError`` naming the field).

        >>> from ipcomp.testing import example_claim
        >>> example_claim().model_copy(update={"fraud_found": True}).fraud_found
        True
        """
        if not update:
            return super().model_copy(deep=deep)
        fields = {name: getattr(self, name) for name in type(self).model_fields}
        return self.model_validate({**fields, **update})


class Enterprise(_Fact):
    """The borrowing enterprise as it stood when the loan was granted (Art. 3; D1, D3, D4).

    ``revenue`` and ``total_assets`` are yuan; ``employees`` a head count. The division
    code wins over the one in the credit code (D1); at least one is required.
    """

    model_config = _FROZEN

    name: _Name
    industry: Industry
    legal_person: _Flag | None
    operating: _Flag | None
    via_platform: _Flag | None
    rating: Rating | None
    credit_code: _CreditCode | None = None
    division_code: _DivisionCode | None = None
    employees: _Count | None = None
    revenue: Money | None = None
    total_assets: Money | None = None

    @model_validator(mode="after")
    def _some_division(self) -> Enterprise:
        if self.credit_code is None and self.division_code is None:
            raise ValueError("give credit_code or division_code (or both)")
        return self

    @property
    def effective_division_code(self) -> str:
        """The division code used for D1: the explicit one, else the credit code's."""
        if self.division_code is not None:
            return self.division_code
        assert self.credit_code is not None  # guaranteed by validation
        return division_code_of(self.credit_code)


class Bank(_Fact):
    """A lending bank and its standing under Art. 6 (D7, D8)."""

    model_config = _FROZEN

    name: _Name
    meets_fund_conditions: _Flag | None
    ip_credit_system: _Flag | None
    responsible_staff: _Flag | None
    filed_in_shandong: _Flag | None
    reported_in_weihai_on: Day | None
    assessed_caps: AssessedCaps = Field(default_factory=AssessedCaps)


class Pledge(_Fact):
    """One pledged right (Art. 4, 7(3))."""

    model_config = _FROZEN

    kind: IPKind
    registered: _Flag | None
    number: _Id | None = None


class Loan(_Fact):
    """An IP-pledge loan (Art. 4, 7, 14; D9, D13).

    ``ip_principal`` is the part of the principal secured by the IP pledge in a combined
    loan (组合贷); ``None`` means the whole principal.
    """

    model_config = _FROZEN

    loan_id: _Id
    enterprise: Enterprise
    bank: Bank
    disbursed_on: Day
    principal: PositiveMoney
    pledges: tuple[Pledge, ...] = Field(max_length=1000)
    direct: _Flag | None
    written_contract: _Flag | None
    via_platform: _Flag | None
    ip_principal: Money | None = None

    @model_validator(mode="after")
    def _ip_part_within_principal(self) -> Loan:
        if self.ip_principal is not None and self.ip_principal > self.principal:
            raise ValueError(f"ip_principal {self.ip_principal} exceeds principal {self.principal}")
        return self

    @property
    def secured_principal(self) -> Decimal:
        """The principal secured by the IP pledge (the whole loan when not stated)."""
        return self.principal if self.ip_principal is None else self.ip_principal


class Claim(_Fact):
    """A bank's compensation claim on a loan (Art. 8, 9, 10; D5, D9–D11, D15, D16).

    ``municipal_paid_before`` / ``provincial_paid_before``: compensation already paid on
    the same loan (D5); ``paid_before``: the same for a scheme's other payers, by payer
    id (e.g. ``{"guarantor": "50000.00"}``). ``applied_on`` ``None`` = not applied yet (D11).
    """

    model_config = _FROZEN

    loan: Loan
    principal_loss: Money
    risk_class: RiskClass | None
    overdue: _Flag | None
    recognized_on: Day | None
    applied_on: Day | None
    via_platform: _Flag | None
    ip_principal_loss: Money | None = None
    municipal_paid_before: Money = Decimal("0.00")
    provincial_paid_before: Money = Decimal("0.00")
    fraud_found: _Flag = False
    paid_before: PaidBefore = Field(default_factory=PaidBefore)

    @model_validator(mode="after")
    def _consistent(self) -> Claim:
        loan = self.loan
        loss, ip_loss = self.principal_loss, self.ip_principal_loss
        if loss > loan.principal:
            raise ValueError(f"principal_loss {loss} exceeds the loan's principal {loan.principal}")
        if ip_loss is not None:
            if ip_loss > loss:
                raise ValueError(f"ip_principal_loss {ip_loss} exceeds principal_loss {loss}")
            if ip_loss > loan.secured_principal:
                raise ValueError(
                    f"ip_principal_loss {ip_loss} exceeds the IP principal {loan.secured_principal}"
                )
        recognized, applied, disbursed = self.recognized_on, self.applied_on, loan.disbursed_on
        for name, day in (("recognized_on", recognized), ("applied_on", applied)):
            if day is not None and day < disbursed:
                raise ValueError(f"{name} {day} is before the loan was disbursed ({disbursed})")
        if recognized is not None and applied is not None and applied < recognized:
            raise ValueError(f"applied_on {applied} is before recognized_on {recognized}")
        return self


def as_claim(value: object, name: str = "claim") -> Claim:
    """A :class:`~ipcomp.Claim`, or a mapping validated into one (``ValidationError``)."""
    if isinstance(value, Claim):
        return value
    if isinstance(value, Mapping):
        return Claim.model_validate(value)
    raise InvalidArgument(
        f"{name} must be an ipcomp.Claim (or a mapping of its fields), not {type(value).__name__}"
    )
