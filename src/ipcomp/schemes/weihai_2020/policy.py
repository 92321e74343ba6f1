"""Every number and switch of the measures, as data (Art. 3, 4, 8, 14; D2, D5–D14).

:data:`WEIHAI_2020` is the policy as published. :meth:`Policy.derive` returns a
validated what-if variant ("what if the city paid 30%?"); the original is frozen and can
never change.

>>> variant = WEIHAI_2020.derive(municipal_rate="0.30")
>>> variant.municipal_rate, WEIHAI_2020.municipal_rate
(Decimal('0.30'), Decimal('0.20'))
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictInt,
    field_validator,
    model_validator,
)

from ...core.dates import Day
from ...core.enums import IPKind, Rating
from ...core.money import Money, Rate
from ...core.sme import SIZE_STANDARDS

if TYPE_CHECKING:
    from ..model import Scheme

__all__ = ["WEIHAI_2020", "Policy"]


class Policy(BaseModel):
    """The parameters of the measures, each with its article, source and status.

    "text" marks a value the measures state; "decision" marks one of our readings of a
    silent text (docs/schemes/weihai_2020/policy.md D-numbers), kept as a parameter so analysts can change it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=True, defer_build=True)

    provincial_rate: Rate = Field(
        default=Decimal("0.40"),
        description="Art. 8(2) (text): the Shandong provincial fund pays 40% of the "
        "principal loss on the IP part (省级承担40%).",
    )
    municipal_rate: Rate = Field(
        default=Decimal("0.20"),
        description="Art. 8(2) (text): the city pays 20% of the principal loss on the IP "
        "part (市级承担20%).",
    )
    first_year_cap: Money = Field(
        default=Decimal("1000000.00"),
        description="Art. 8(2) (text), D5/D8: cap on the city's compensation for a single "
        "loan in the bank's first business year, 1,000,000 CNY (单笔最高不超过100万元).",
    )
    later_year_cap_max: Money = Field(
        default=Decimal("1500000.00"),
        description="Art. 8(2) (text), D8: in later years the per-loan cap follows the "
        "bank's performance assessment, at most 1,500,000 CNY (最高不超过150万元).",
    )
    cap_scope: Literal["municipal", "government_total"] = Field(
        default="municipal",
        description="D6 (decision): the cap limits the municipal share only; "
        "'government_total' caps provincial + municipal, cutting the municipal share first.",
    )
    provincial_cap: Money | None = Field(
        default=None,
        description="D6 (decision): per-loan cap on the provincial share; none in the text.",
    )
    application_window: Annotated[StrictInt, Field(ge=1, le=366)] = Field(
        default=10,
        description="Art. 8(3) (text), D10: the bank applies within 10 working days after "
        "recognition (10个工作日内), the day of recognition not counted (民法典 Art. 201).",
    )
    late_application: Literal["bar", "flag"] = Field(
        default="bar",
        description="D11 (decision): a late application is barred ('bar'); 'flag' keeps it "
        "eligible with a non-blocking CLAIM_LATE finding.",
    )
    business_year_start: tuple[StrictInt, StrictInt] = Field(
        default=(3, 1),
        description="Art. 5, D7 (decision): the fund's business year starts on 1 March "
        "(month, day); assessments read '2023年度（2023年3月至2024年2月）'.",
    )
    combined_loan_method: Literal["pro_rata"] = Field(
        default="pro_rata",
        description="Art. 8(1), D9 (decision): without a stated IP-part loss, the IP part "
        "of a combined loan's loss is the loss × IP principal ÷ principal.",
    )
    eligible_ip_kinds: frozenset[IPKind] = Field(
        default=frozenset({IPKind.PATENT, IPKind.TRADEMARK}),
        description="Art. 4 (text): patent rights and trademark rights (专利权、商标权).",
    )
    min_rating: Rating = Field(
        default=Rating.C,
        description="Art. 3(2) (text), D2: business rating C or above (C级以上, C included).",
    )
    effective_from: Day = Field(
        default=dt.date(2020, 8, 23),
        description="Art. 14 (text), D13: in force from 2020-08-23 (inclusive).",
    )
    effective_until: Day = Field(
        default=dt.date(2026, 8, 22),
        description="Art. 14 (text), D13: valid until 2026-08-22 (inclusive).",
    )
    calendar_estimate: bool = Field(
        default=False,
        description="D10 (decision): allow deadlines in years without a published holiday "
        "schedule to rest on a weekend-and-statutory-days estimate (NOTE_DEADLINE_ESTIMATED).",
    )
    size_standard: str = Field(
        default="SME_2011",
        description="Art. 3(1) (text): the SME size standard, by name in "
        "ipcomp.sme.SIZE_STANDARDS; 'SME_2011' is 工信部联企业〔2011〕300号, the standard the "
        "measures cite. A successor standard is a new data object registered there.",
    )

    _scheme: Any = PrivateAttr(default=None)

    @field_validator("size_standard")
    @classmethod
    def _known_standard(cls, value: str) -> str:
        if value not in SIZE_STANDARDS:
            raise ValueError(
                f"unknown size standard {value!r}; known: {', '.join(sorted(SIZE_STANDARDS))}"
            )
        return value

    @field_validator("business_year_start")
    @classmethod
    def _real_month_day(cls, value: tuple[int, int]) -> tuple[int, int]:
        month, day = value
        try:
            dt.date(2021, month, day)  # a non-leap year: 29 February is refused
        except (ValueError, OverflowError):
            raise ValueError(
                f"({month}, {day}) is not a (month, day) that exists in every year"
            ) from None
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        if self.provincial_rate + self.municipal_rate > 1:
            raise ValueError(
                f"provincial_rate {self.provincial_rate} + municipal_rate "
                f"{self.municipal_rate} exceed 1: the funds cannot pay more than the loss"
            )
        if self.effective_until < self.effective_from:
            raise ValueError("effective_until must not be before effective_from")
        return self

    # Equal and hashed by the parameters alone: the cached scheme is not part of the value.
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    def __hash__(self) -> int:
        return hash((type(self), *self.__dict__.values()))

    @property
    def scheme(self) -> Scheme:
        """This policy as a :class:`~ipcomp.schemes.Scheme` (the engine's input): the
        Weihai 2020 scheme with these parameters (built once, then kept).

        >>> WEIHAI_2020.derive(cap_scope="government_total").scheme.caps[0].payers
        ('provincial', 'municipal')
        """
        scheme: Scheme | None = self._scheme
        if scheme is None:
            scheme = _as_scheme(self)
            self._scheme = scheme
        return scheme

    def derive(self, **changes: Any) -> Policy:
        """A validated copy with ``changes`` applied; unknown names are refused.

        >>> WEIHAI_2020.derive(municipal_rate=0.3)
        Traceback (most recent call last):
        ...
        pydantic_core._pydantic_core.ValidationError: 1 validation error for Policy
        municipal_rate
          Value error, float 0.3 refused as a rate: ...
        """
        return type(self).model_validate({**dict(self), **changes})


#: The measures as published (威海市知识产权质押融资风险补偿实施办法, WHCR-2020-0320001).
# Built from the defaults without validating them, so that `import ipcomp` does not
# build Policy's validator (about 5 ms); the defaults are written in validated form, and
# tests/engine/test_policy.py pins that Policy() gives exactly this.
WEIHAI_2020: Final = Policy.model_construct()


def _as_scheme(policy: Policy) -> Scheme:
    """The Weihai 2020 scheme with ``policy``'s parameters (D5–D14)."""
    from . import SCHEME

    base: Scheme = SCHEME
    if policy == WEIHAI_2020:
        return base
    provincial, municipal = base.payers
    (cap,) = base.caps
    joint = policy.cap_scope == "government_total"  # D6: the city gives way first
    caps = [
        cap.model_copy(
            update={
                "first_year": policy.first_year_cap,
                "later_year_max": policy.later_year_cap_max,
                "payers": ("provincial", "municipal") if joint else ("municipal",),
                "cut_order": ("municipal", "provincial") if joint else (),
            }
        )
    ]
    if policy.provincial_cap is not None:  # I10: each fund's own cap first, then the joint one
        caps.insert(
            0,
            cap.model_copy(
                update={
                    "id": "provincial",
                    "payers": ("provincial",),
                    "kind": "fixed",
                    "amount": policy.provincial_cap,
                    "first_year": None,
                    "later_year_max": None,
                }
            ),
        )
    return base.derive(
        payers=(
            provincial.model_copy(update={"rate": policy.provincial_rate}),
            municipal.model_copy(update={"rate": policy.municipal_rate}),
        ),
        caps=tuple(caps),
        **{
            name: getattr(policy, name)
            for name in (
                "application_window",
                "late_application",
                "business_year_start",
                "combined_loan_method",
                "eligible_ip_kinds",
                "min_rating",
                "effective_from",
                "effective_until",
                "calendar_estimate",
                "size_standard",
            )
        },
    )
