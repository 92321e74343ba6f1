"""A compensation scheme as validated data: who pays how much, under which caps, on
which conditions, citing which articles.

ipcomp's engine (:mod:`ipcomp.engine`) knows no scheme: it reads a :class:`Scheme`. The
Weihai measures are the first one (:mod:`ipcomp.schemes.weihai_2020`); others are JSON
files of the same shape (``ipcomp schema --model scheme`` prints its JSON Schema), loaded
with :func:`~ipcomp.schemes.load_scheme`. A typo in a scheme file is a
``pydantic.ValidationError`` naming the key.

The shape (every IP-pledge risk-compensation scheme seen so far has it):

* **payers** (:class:`Payer`): public funds, and guarantors, each paying a rate of the
  IP-part principal loss, optionally only on direct or only on indirect pledges, and
  optionally from a fund pool that pays only up to its remaining balance;
* **caps** (:class:`Cap`): per-loan limits, cumulative over the claims on the loan, on
  one payer or on several together (who gives way first is ``cut_order``): a fixed
  amount, a share of the principal, or the bank's assessed cap of the business year;
* **rules** (:class:`Rule`): the eligibility checks in order, each a named rule of the
  engine or a yes/no requirement on a fact (:data:`RULE_KINDS`);
* **codes** (:class:`CodeText`): for every finding code the scheme can produce, the
  article it cites (English and Chinese), whether it blocks, and its meaning;
* the scheme's own numbers and names: validity, business year, application window,
  minimum rating, eligible IP kinds, the region, the platform, the bodies.

>>> from ipcomp.schemes import get_scheme
>>> weihai = get_scheme("weihai_2020")
>>> [(p.id, str(p.rate)) for p in weihai.payers]
[('provincial', '0.40'), ('municipal', '0.20')]
>>> weihai.codes["CLAIM_LATE"].article.zh
'第八条第（三）项'
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from ..core.dates import Day
from ..core.enums import IPKind, Rating
from ..core.money import Money, Rate
from ..core.sme import SIZE_STANDARDS
from ..findings import Code

__all__ = [
    "RULE_KINDS",
    "SUBJECTS",
    "Cap",
    "Citation",
    "CodeText",
    "Parameter",
    "Payer",
    "Region",
    "Rule",
    "Scheme",
    "Text",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)

Subject = Literal["enterprise", "bank", "loan", "claim"]
#: The facts a rule can look at, in the order :func:`~ipcomp.assess` checks them.
SUBJECTS: Final[tuple[Subject, ...]] = ("enterprise", "bank", "loan", "claim")
_Id = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
_Line = Annotated[str, StringConstraints(min_length=1, max_length=500)]

#: The named rules of the engine: ``kind`` → (subject, the codes it may give). A rule of
#: kind ``requirement`` is a yes/no fact of its subject (D4: unknown fails like false).
RULE_KINDS: Final[Mapping[str, tuple[Subject, tuple[Code, ...]]]] = {
    "requirement": ("enterprise", ()),  # subject and code come from the rule itself
    "registered_in_region": ("enterprise", (Code.ENTERPRISE_NOT_IN_WEIHAI,)),
    "sme_size": ("enterprise", (Code.ENTERPRISE_NOT_SME, Code.ENTERPRISE_SIZE_UNKNOWN)),
    "rating": ("enterprise", (Code.ENTERPRISE_RATING_BELOW_C, Code.ENTERPRISE_RATING_MISSING)),
    "bank_reported": ("bank", (Code.BANK_NOT_REPORTED_IN_WEIHAI,)),
    "assessed_caps_within_max": ("bank", (Code.BANK_ASSESSED_CAP_ABOVE_MAX,)),
    "eligible_ip": ("loan", (Code.LOAN_NO_ELIGIBLE_IP,)),
    "pledges_registered": ("loan", (Code.LOAN_PLEDGE_NOT_REGISTERED,)),
    "disbursed_in_force": ("loan", (Code.LOAN_OUTSIDE_VALIDITY,)),
    "principal_loss": ("claim", (Code.CLAIM_NO_PRINCIPAL_LOSS,)),
    "non_performing": ("claim", (Code.CLAIM_NOT_NON_PERFORMING,)),
    "recognised": ("claim", (Code.CLAIM_NOT_RECOGNISED,)),
    "application_deadline": (
        "claim",
        (
            Code.CLAIM_LATE,
            Code.CLAIM_DEADLINE_UNKNOWN,
            Code.NOTE_DEADLINE_ESTIMATED,
            Code.NOTE_CALENDAR_ENTERED,
        ),
    ),
    "applied_after_bank_reported": ("claim", (Code.BANK_NOT_REPORTED_IN_WEIHAI,)),
    "paid_before_plausible": ("claim", (Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE,)),
    "no_fraud": ("claim", (Code.CLAIM_FRAUD,)),
    "applied_in_force": ("claim", (Code.NOTE_POLICY_EXPIRED,)),
}
#: Codes of portfolios (:func:`~ipcomp.assess_portfolio`): every scheme's table names them.
PORTFOLIO_CODES: Final = (
    Code.CLAIM_LOAN_CONFLICT,
    Code.CLAIM_LIKELY_DUPLICATE,
    Code.CLAIM_IP_LOSSES_EXCEED_PRINCIPAL,
    Code.RECOVERY_NOT_APPLIED,
)


class Text(BaseModel):
    """A text in Chinese and English."""

    model_config = _FROZEN

    zh: _Line
    en: _Line


class Citation(BaseModel):
    """Where a rule or a number comes from: ``Art. 8(2)`` / ``第八条第（二）项``."""

    model_config = _FROZEN

    en: _Line
    zh: _Line


class Parameter(BaseModel):
    """What a parameter of the scheme rests on (OpenFisca-style metadata, for the docs):
    the article, a reference, and whether the value is the text's own or a decision."""

    model_config = _FROZEN

    article: Citation
    status: Literal["text", "decision"]
    description: _Line
    reference: str = ""
    decisions: tuple[str, ...] = ()


class Payer(BaseModel):
    """One payer: a fund or a guarantor paying ``rate`` of the IP-part principal loss.

    ``applies_to``: ``"indirect"`` pays only on loans that are not direct pledges
    (``Loan.direct`` false, e.g. a guarantee company holding the pledge), ``"direct"``
    only on direct ones, ``"all"`` on every loan. ``pool``: the payer pays from a fund
    pool of this balance, in time order, never more than what remains (a portfolio
    keeps the balance; a lone claim sees the whole pool).
    """

    model_config = _FROZEN

    id: _Id
    name: Text
    rate: Rate
    article: Citation
    fund: Text | None = None
    applies_to: Literal["all", "direct", "indirect"] = "all"
    pool: Money | None = None


class Cap(BaseModel):
    """A per-loan limit on what ``payers`` pay together, cumulative over the claims on
    the loan (D5): earlier payments of those payers on the loan count against it.

    ``kind``: ``"fixed"`` — ``amount``; ``"principal_share"`` — ``share`` × the loan's
    principal, rounded half up to the fen; ``"assessed"`` — ``first_year`` in the bank's
    first business year, later the bank's assessed cap for the claim's business year,
    never above ``later_year_max``, and ``first_year`` (with ``NOTE_NO_ASSESSMENT``)
    when no assessment is on record (D7, D8). ``cut_order``: who gives way first when
    the cap binds (default: the payers in reverse order).
    """

    model_config = _FROZEN

    id: _Id
    payers: tuple[_Id, ...] = Field(min_length=1)
    cut_order: tuple[_Id, ...] = ()
    kind: Literal["fixed", "principal_share", "assessed"]
    amount: Money | None = None
    share: Rate | None = None
    first_year: Money | None = None
    later_year_max: Money | None = None
    article: Citation

    @model_validator(mode="after")
    def _consistent(self) -> Cap:
        needs = {"fixed": ("amount",), "principal_share": ("share",)}.get(
            self.kind, ("first_year", "later_year_max")
        )
        given = {"amount", "share", "first_year", "later_year_max"}
        for name in sorted(given):
            wanted = name in needs
            if (getattr(self, name) is None) == wanted:
                verb = "needs" if wanted else "takes no"
                raise ValueError(f"a cap of kind {self.kind!r} {verb} {name!r}")
        if len(set(self.payers)) != len(self.payers):
            raise ValueError(f"cap {self.id!r} names a payer twice")
        if self.cut_order and sorted(self.cut_order) != sorted(self.payers):
            raise ValueError(
                f"cap {self.id!r}: cut_order must list exactly its payers {list(self.payers)}"
            )
        return self

    @property
    def cuts(self) -> tuple[str, ...]:
        """Who gives way first: ``cut_order``, or the payers in reverse order."""
        return self.cut_order or tuple(reversed(self.payers))


class Rule(BaseModel):
    """One eligibility check, in the order :func:`~ipcomp.assess` runs them.

    ``kind`` names a rule of the engine (:data:`RULE_KINDS`). A ``requirement`` is a
    yes/no fact (``fact``, a ``bool | None`` field of ``subject``) that must be true; it
    gives ``code`` with the ``requirement`` text when false or unknown (D4).
    """

    model_config = _FROZEN

    kind: str
    subject: Subject | None = None
    fact: _Id | None = None
    code: Code | None = None
    requirement: Text | None = None

    @model_validator(mode="after")
    def _known(self) -> Rule:
        if self.kind not in RULE_KINDS:
            raise ValueError(
                f"unknown rule kind {self.kind!r}; known: {', '.join(sorted(RULE_KINDS))}"
            )
        parts = (self.subject, self.fact, self.code, self.requirement)
        if self.kind == "requirement":
            if any(p is None for p in parts):
                raise ValueError("a requirement needs subject, fact, code and requirement")
            _check_yes_no_fact(self.subject, self.fact)  # type: ignore[arg-type]
        elif any(p is not None for p in parts[1:]) or self.subject not in (
            None,
            RULE_KINDS[self.kind][0],
        ):
            raise ValueError(
                f"rule {self.kind!r} takes no fact, code or requirement (its subject is "
                f"{RULE_KINDS[self.kind][0]})"
            )
        return self

    @property
    def id(self) -> str:
        """The rule's id, as the scheme's text cites it: its kind, or ``subject.fact`` for a
        requirement (e.g. ``enterprise.legal_person``)."""
        return f"{self.subject}.{self.fact}" if self.kind == "requirement" else self.kind

    @property
    def of(self) -> Subject:
        """The subject the rule looks at."""
        return self.subject or RULE_KINDS[self.kind][0]

    @property
    def codes(self) -> tuple[Code, ...]:
        """The codes this rule may give."""
        return (self.code,) if self.code is not None else RULE_KINDS[self.kind][1]


def _check_yes_no_fact(subject: Subject, fact: str) -> None:
    from .. import facts

    models: dict[str, type[BaseModel]] = {
        "enterprise": facts.Enterprise,
        "bank": facts.Bank,
        "loan": facts.Loan,
        "claim": facts.Claim,
    }
    model = models[subject]
    field = model.model_fields.get(fact)
    if field is None or not _yes_no(field.annotation):
        raise ValueError(f"{subject}.{fact} is not a yes/no fact (bool | None) of {model.__name__}")


def _yes_no(annotation: Any) -> bool:
    """Whether a field's type is ``bool | None`` (``bool`` possibly ``Annotated``)."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) not in (typing.Union, types.UnionType) or len(args) != 2:
        return False
    kinds = {typing.get_args(a)[0] if typing.get_origin(a) is typing.Annotated else a for a in args}
    return kinds == {bool, type(None)}


class CodeText(BaseModel):
    """What a finding code means in this scheme: the article it cites, whether it
    blocks, what it means (``{placeholders}`` are scheme fields, e.g.
    ``{application_window}``), and the decisions behind it."""

    model_config = _FROZEN

    article: Citation
    blocking: bool
    meaning: _Line
    decisions: tuple[str, ...] = ()


class Region(BaseModel):
    """Where an eligible enterprise is registered (D1): division-code prefixes."""

    model_config = _FROZEN

    prefixes: tuple[Annotated[str, StringConstraints(pattern=r"^[0-9]{2,6}$")], ...] = Field(
        min_length=1
    )
    name: Text


class Scheme(BaseModel):
    """A risk-compensation scheme, validated; see the module docstring.

    Frozen. :meth:`derive` gives a validated what-if variant.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True, title="Scheme")

    id: _Id
    name: Text
    source: _Line
    example: bool = False
    region: Region
    place: Text
    platform: Text
    recognising_authority: Text
    reporting_bodies: Text
    effective_from: Day
    effective_until: Day
    business_year_start: tuple[StrictInt, StrictInt] = (1, 1)
    size_standard: str = "SME_2011"
    min_rating: Rating = Rating.C
    eligible_ip_kinds: frozenset[IPKind]
    application_window: Annotated[StrictInt, Field(ge=1, le=366)] = 10
    late_application: Literal["bar", "flag"] = "bar"
    calendar_estimate: bool = False
    combined_loan_method: Literal["pro_rata"] = "pro_rata"
    report_dates: tuple[tuple[StrictInt, StrictInt], ...] = ((6, 30), (11, 30))
    payers: tuple[Payer, ...] = Field(min_length=1)
    caps: tuple[Cap, ...] = ()
    rules: tuple[Rule, ...]
    codes: dict[Code, CodeText]
    parameters: dict[str, Parameter] = {}

    @model_validator(mode="before")
    @classmethod
    def _comments(cls, data: Any) -> Any:
        # "$schema", "$comment": notes for readers of a scheme file, not parameters
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if not (isinstance(k, str) and k[:1] == "$")}
        return data

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
    def _year_start(cls, value: tuple[int, int]) -> tuple[int, int]:
        return _month_day(value)

    @field_validator("report_dates")
    @classmethod
    def _report_dates(cls, value: tuple[tuple[int, int], ...]) -> tuple[tuple[int, int], ...]:
        return tuple(_month_day(v) for v in value)

    @model_validator(mode="after")
    def _consistent(self) -> Scheme:
        ids = [p.id for p in self.payers]
        if len(set(ids)) != len(ids):
            raise ValueError(f"payer ids must be unique: {ids}")
        total = sum((p.rate for p in self.payers), Decimal(0))
        if total > 1:
            rates = " + ".join(f"{p.id} {p.rate}" for p in self.payers)
            raise ValueError(
                f"the payers' rates {rates} exceed 1: they cannot pay more than the loss"
            )
        cap_ids = [c.id for c in self.caps]
        if len(set(cap_ids)) != len(cap_ids):
            raise ValueError(f"cap ids must be unique: {cap_ids}")
        for cap in self.caps:
            unknown = sorted(set(cap.payers) - set(ids))
            if unknown:
                raise ValueError(f"cap {cap.id!r} names unknown payers {unknown}; payers: {ids}")
        if self.effective_until < self.effective_from:
            raise ValueError("effective_until must not be before effective_from")
        needed = {code for rule in self.rules for code in rule.codes} | set(PORTFOLIO_CODES)
        if self.caps:
            needed.add(Code.NOTE_CAP_APPLIED)
        if any(cap.kind == "assessed" for cap in self.caps):
            needed.add(Code.NOTE_NO_ASSESSMENT)
        if any(payer.pool is not None for payer in self.payers):
            needed.add(Code.NOTE_POOL_LIMITED)
        missing = sorted(needed - set(self.codes))
        if missing:
            raise ValueError(f"the code table lacks {', '.join(missing)}")
        for code, text in self.codes.items():
            try:
                text.meaning.format(**self._placeholders())
            except (KeyError, IndexError, ValueError) as exc:
                raise ValueError(f"codes.{code}.meaning: bad placeholder {exc}") from None
        return self

    def _placeholders(self) -> dict[str, Any]:
        return {
            "application_window": self.application_window,
            "min_rating": self.min_rating.value,
            "region": self.region.name.en,
            "region_prefixes": "/".join(self.region.prefixes),
            "ip_kinds": ", ".join(sorted(k.value for k in self.eligible_ip_kinds)),
            "effective_from": self.effective_from.isoformat(),
            "effective_until": self.effective_until.isoformat(),
        }

    # Equal by value (fields only).
    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]  # holds dicts: not hashable

    def meaning(self, code: Code | str) -> str:
        """The meaning of ``code`` in this scheme, its placeholders filled in.

        >>> from ipcomp.schemes import get_scheme
        >>> get_scheme("weihai_2020").derive(application_window=15).meaning("CLAIM_LATE")
        'applied after the 15th working day'
        """
        return self.codes[Code(code)].meaning.format(**self._placeholders())

    def ids(self) -> frozenset[str]:
        """Every id the scheme's text may cite: its rules (:attr:`Rule.id`), its payers
        (``payers.<id>``), its caps (``caps.<id>``) and ``report_dates``."""
        return frozenset(
            {
                *(r.id for r in self.rules),
                *(f"payers.{p.id}" for p in self.payers),
                *(f"caps.{c.id}" for c in self.caps),
                "report_dates",
            }
        )

    def payer(self, payer_id: str) -> Payer | None:
        """The payer with this id, or ``None``."""
        return next((p for p in self.payers if p.id == payer_id), None)

    def derive(self, **changes: Any) -> Scheme:
        """A validated copy with ``changes`` applied (a what-if variant).

        >>> from ipcomp.schemes import get_scheme
        >>> get_scheme("weihai_2020").derive(min_rating="B").min_rating
        <Rating.B: 'B'>
        """
        data = {name: getattr(self, name) for name in type(self).model_fields}
        return type(self).model_validate({**data, **changes})


def _month_day(value: tuple[int, int]) -> tuple[int, int]:
    month, day = value
    try:
        dt.date(2021, month, day)  # a non-leap year: 29 February is refused
    except (ValueError, OverflowError):
        raise ValueError(
            f"({month}, {day}) is not a (month, day) that exists in every year"
        ) from None
    return value
