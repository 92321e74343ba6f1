"""Portfolios over time: claims carried per loan, money back, and the fund's statement
(Weihai: Art. 7(4), 8(2), 9, 10, 11; D5, D7, D14, D15).

:func:`assess_portfolio` judges claims as the fund meets them, in **time order**: by
application date, then recognition date (a claim not yet applied for, or not yet
recognised, comes after those that are), then input order. For each loan it adds what
the earlier *eligible* claims of the portfolio were paid to what a later claim states
as paid before (``municipal_paid_before`` and the others: what was paid *outside* the
portfolio), so the per-loan caps of Art. 8(2) hold across claims (D5). The results do
not depend on the input order otherwise, and come back in input order.

On top of each claim's own findings, a portfolio finds:

* ``CLAIM_LOAN_CONFLICT`` — the claim's loan facts (principal, IP principal, enterprise,
  lending bank, disbursement date) differ from an earlier claim's on the same loan id
  (a data error naming both; I67);
* ``CLAIM_LIKELY_DUPLICATE`` — an earlier claim on the loan has the same recognition
  date (blocking, I66);
* ``CLAIM_IP_LOSSES_EXCEED_PRINCIPAL`` — with this claim, the IP-part losses of the
  loan's eligible claims exceed its IP principal (Art. 8(1), D9; blocking).

Money comes back through :class:`RecoveryEvent` s: a ``recovery`` on the IP part
(Art. 7(4), D14) is shared pro rata to what each payer and the bank bore on the loan's
claims paid by then; a ``fraud`` event (Art. 9, 10, D15) returns to each payer
everything it paid on the loan's claims before that day (I68). A fund pool (a scheme's
payer with ``pool``) pays the claims in time order, never more than what remains.

The :class:`Portfolio` holds every result, every event's split, the statement per bank
and business year (D7), each loan's position (cap headroom), and the next report dates
of Art. 11 per bank after its ``as_of`` date.

Two claims on one loan of 9,000,000 whose bank's assessed cap is 1,200,000: the city
pays 20% of 4,000,000 on the first, and on the second only what the cap leaves
(400,000, not 600,000), whatever the order of the input:

>>> from ipcomp.testing import example_claim, example_loan
>>> loan = example_loan(principal="9000000")
>>> first = example_claim(loan=loan, principal_loss="4000000")
>>> second = example_claim(loan=loan, principal_loss="3000000", recognized_on="2023-11-01",
...                        applied_on="2023-11-06")
>>> p = assess_portfolio([second, first])
>>> [str(r.assessment.compensation.municipal) for r in p.results]
['400000.00', '800000.00']
>>> p.results[0].earlier, str(p.totals.paid["municipal"]), str(p.loans[0].headroom["municipal"])
((1,), '1200000.00', '0.00')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, model_validator

from .core._args import iterable
from .core._build import build
from .core.dates import Day
from .core.errors import InvalidArgument, IpcompError
from .core.money import _EXACT, Money, format_yuan, from_fen, to_fen
from .core.workdays import CALENDAR, Calendar, as_calendar
from .engine.assess import _assess
from .engine.compensation import _ip_part_loss, claim_date
from .engine.deadlines import _business_year
from .engine.plan import Plan, plan_of
from .engine.recovery import largest_remainder
from .facts import Claim, as_claim
from .findings import Code, Finding
from .results import Assessment
from .schemes.weihai_2020.policy import WEIHAI_2020

if TYPE_CHECKING:
    from .schemes.model import Scheme
    from .schemes.weihai_2020.policy import Policy

__all__ = [
    "ClaimOutOfOrder",
    "ClaimResult",
    "LoanPosition",
    "MoneyBack",
    "Portfolio",
    "PortfolioBook",
    "RecoveryEvent",
    "StatementRow",
    "assess_portfolio",
]

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)
_ZERO = Decimal("0.00")
_Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
_add, _sub = _EXACT.add, _EXACT.subtract


class RecoveryEvent(BaseModel):
    """Money back on a loan after payment (Art. 7(4), 9, 10; D14, D15).

    ``kind="recovery"``: ``amount`` recovered on the IP part on day ``on`` (at most what
    the paid claims' IP-part losses leave); ``kind="fraud"``: fraud found on ``on`` —
    everything paid on the loan's claims before that day goes back (no ``amount``).

    >>> RecoveryEvent(loan_id="WH-1", on="2024-05-06", amount="100000").amount
    Decimal('100000.00')
    """

    model_config = _FROZEN

    loan_id: _Id
    on: Day
    kind: Literal["recovery", "fraud"] = "recovery"
    amount: Money | None = None

    @model_validator(mode="after")
    def _amount(self) -> RecoveryEvent:
        if self.kind == "recovery" and not self.amount:
            raise ValueError("a recovery needs an amount greater than 0")
        if self.kind == "fraud" and self.amount is not None:
            raise ValueError("a fraud event takes no amount: everything paid goes back")
        return self


class ClaimResult(BaseModel):
    """One claim of a portfolio: its assessment, and what the portfolio carried into it.

    ``index`` is the claim's position in the input (0-based); ``carried`` what each
    payer had paid on the loan earlier *in the portfolio* (added to what the claim
    states as paid before); ``earlier`` the indexes of the earlier eligible claims on the
    loan that were carried, in time order.
    """

    model_config = _FROZEN

    index: int
    loan_id: str
    bank: str
    business_year: int
    assessment: Assessment
    carried: dict[str, Money] = {}
    earlier: tuple[int, ...] = ()


class MoneyBack(BaseModel):
    """What one :class:`RecoveryEvent` sends back: to each payer (``to_payers``) and
    kept by the bank (``to_bank``); ``findings`` say why an event was not applied (an
    unknown loan, nothing paid yet, more than could be recovered)."""

    model_config = _FROZEN

    index: int
    event: RecoveryEvent
    bank: str | None
    business_year: int
    applied: bool
    to_payers: dict[str, Money] = {}
    to_bank: Money = _ZERO
    findings: tuple[Finding, ...] = ()

    @property
    def total(self) -> Decimal:
        """Everything this event moved."""
        return from_fen(sum(to_fen(v) for v in self.to_payers.values()) + to_fen(self.to_bank))


class StatementRow(BaseModel):
    """The fund's statement for one bank and business year (D7), or for the whole
    portfolio (``bank`` and ``business_year`` ``None``): claims, eligible claims, what
    each payer paid, got back from recoveries and from fraud returns, and its net
    outlay (paid − recovered − returned); ``recovered_to_bank`` is the banks' part of
    the recoveries (D14)."""

    model_config = _FROZEN

    bank: str | None
    business_year: int | None
    claims: int
    eligible: int
    paid: dict[str, Money]
    paid_total: Money
    recovered: dict[str, Money]
    recovered_to_bank: Money
    returned: dict[str, Money]
    net: dict[str, Money]

    @property
    def net_municipal_outlay(self) -> Decimal:
        """What the city is out of pocket (Weihai's municipal payer), net."""
        return self.net.get("municipal", _ZERO)


class LoanPosition(BaseModel):
    """One loan at the end of the portfolio: what each payer paid on it (gross), the cap
    in force as of its latest eligible claim for each cap of the scheme, and the
    headroom left under it (never negative; D5)."""

    model_config = _FROZEN

    loan_id: str
    bank: str
    claims: int
    eligible: int
    paid: dict[str, Money]
    caps: dict[str, Money]
    headroom: dict[str, Money]


class Portfolio(BaseModel):
    """The result of :func:`assess_portfolio` (see the module docstring)."""

    model_config = _FROZEN

    scheme: str
    payers: tuple[str, ...]
    results: tuple[ClaimResult, ...]
    money_back: tuple[MoneyBack, ...] = ()
    statement: tuple[StatementRow, ...] = ()
    totals: StatementRow
    loans: tuple[LoanPosition, ...] = ()
    as_of: dt.date | None = None
    report_dates: dict[str, tuple[dt.date, ...]] = {}

    @property
    def assessments(self) -> list[Assessment]:
        """The assessments, in input order."""
        return [r.assessment for r in self.results]

    def to_frame(self, what: Literal["claims", "statement", "loans"] = "statement") -> Any:
        """The statement (default), the claims or the loans as a pandas DataFrame,
        amounts as exact ``Decimal`` yuan (needs the ``pandas`` extra).

        >>> from ipcomp.testing import example_claim
        >>> assess_portfolio([example_claim()]).to_frame().loc[0, "paid_municipal"]
        Decimal('160000.00')
        """
        try:
            import pandas as pd
        except ImportError as exc:  # pragma: no cover - exercised only without the extra
            raise ImportError(
                "Portfolio.to_frame needs pandas: pip install pandas (the pandas extra)"
            ) from exc
        if what == "statement":
            rows = [_flat(row) for row in (*self.statement, self.totals)]
        elif what == "loans":
            rows = [_flat(loan) for loan in self.loans]
        elif what == "claims":
            rows = [_claim_row(r, self.payers) for r in self.results]
        else:
            raise InvalidArgument(f"what must be 'statement', 'claims' or 'loans', not {what!r}")
        return pd.DataFrame(rows)


def _flat(model: BaseModel) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in model:
        if isinstance(value, dict):
            out.update({f"{name}_{k}": v for k, v in value.items()})
        else:
            out[name] = value
    return out


def _claim_row(result: ClaimResult, payers: Sequence[str]) -> dict[str, Any]:
    a = result.assessment
    c = a.compensation
    row: dict[str, Any] = {
        "index": result.index,
        "loan_id": result.loan_id,
        "bank": result.bank,
        "business_year": result.business_year,
        "eligible": a.eligible,
        "deadline": a.deadline,
        "codes": ";".join(dict.fromkeys(f.code.value for f in a.findings)),
        "earlier": ";".join(map(str, result.earlier)),
    }
    paid = None if c is None else {s.payer: s.paid for s in c.shares}  # a share per payer
    for payer in payers:
        row[f"paid_{payer}"] = None if paid is None else paid[payer]
        row[f"carried_{payer}"] = result.carried.get(payer, _ZERO)
    row["total"] = None if c is None else c.total
    return row


# --- the pass over the claims ---------------------------------------------------------------


class ClaimOutOfOrder(IpcompError, ValueError):  # noqa: N818 - reads as a fact
    """A claim given to a :class:`PortfolioBook` out of time order: it comes before a
    claim already booked on its loan (or, in a scheme with a fund pool, before any claim
    already booked), so booking it now would give other results than
    :func:`assess_portfolio`."""


@dataclass
class _Loan:
    """What the portfolio knows of one loan while it goes through the claims."""

    #: recognition and application dates of the claim whose loan facts the others are
    #: compared with (formatted only for a conflict's message)
    first_dates: tuple[dt.date | None, dt.date | None]
    facts: tuple[Any, ...]
    bank: str
    carried: list[Decimal]
    last: tuple[Any, ...]  # the time key of the latest claim booked on the loan
    earlier: list[int] = field(default_factory=list)
    recognised: set[dt.date] = field(default_factory=set)
    ip_losses: Decimal = _ZERO
    claims: int = 0
    eligible: int = 0
    caps: dict[str, Decimal] = field(default_factory=dict)
    #: per paid claim, its date and what each payer, then the bank, bore on it, in fen;
    #: kept only for the loans that money-back events name (None otherwise)
    history: list[tuple[dt.date, tuple[int, ...]]] | None = None


@dataclass
class _Sums:
    """The statement's sums for one bank and business year (or the whole portfolio)."""

    n: int
    claims: int = 0
    eligible: int = 0
    paid: list[int] = field(default_factory=list)
    recovered: list[int] = field(default_factory=list)
    returned: list[int] = field(default_factory=list)
    to_bank: int = 0

    def __post_init__(self) -> None:
        self.paid = [0] * self.n
        self.recovered = [0] * self.n
        self.returned = [0] * self.n


def _dates(recognised: dt.date | None, applied: dt.date | None) -> str:
    return f"recognised {recognised or '-'}, applied {applied or '-'}"


def _facts(claim: Claim) -> tuple[Any, ...]:
    loan = claim.loan
    return (
        loan.principal,
        loan.secured_principal,
        loan.enterprise,
        loan.bank.name,
        loan.disbursed_on,
    )


_FACT_NAMES = ("principal", "IP principal", "enterprise", "bank", "disbursement date")


def _when(claim: Claim) -> tuple[Any, ...]:
    """The time key of a claim: application date, then recognition date (missing ones
    last)."""
    applied, recognised = claim.applied_on, claim.recognized_on
    return (
        applied is None,
        applied or dt.date.max,
        recognised is None,
        recognised or dt.date.max,
    )


class PortfolioBook:
    """A portfolio booked claim by claim, in time order — :func:`assess_portfolio` for
    claims that arrive already in that order (a stream, a file sorted by date or by
    loan), in memory that grows with the number of loans, not of claims.

    :meth:`add` judges one claim at once, carrying what earlier claims on its loan were
    paid (as :func:`assess_portfolio` does) and returns its :class:`ClaimResult`; the
    book keeps only each loan's running position and the statement's sums. A claim that
    comes before one already booked on its loan (time order of :func:`assess_portfolio`:
    application date, then recognition date; ties keep the order of booking) raises
    :class:`ClaimOutOfOrder` and changes nothing (:meth:`in_order` asks first); in a
    scheme with a fund pool the order is over the whole portfolio. ``events`` (money
    back) are given up front and applied by :meth:`portfolio`, which gives the
    statement, the loans' positions and the money back as a :class:`Portfolio` whose
    ``results`` are empty (the book streamed them).

    >>> from ipcomp.testing import example_claim, example_loan
    >>> loan = example_loan(principal="9000000")
    >>> book = PortfolioBook()
    >>> str(book.add(example_claim(loan=loan, principal_loss="4000000")).assessment.compensation.municipal)
    '800000.00'
    >>> later = example_claim(loan=loan, principal_loss="3000000", recognized_on="2023-11-01",
    ...                       applied_on="2023-11-06")
    >>> r = book.add(later)
    >>> str(r.assessment.compensation.municipal), r.earlier
    ('400000.00', (0,))
    >>> str(book.portfolio().totals.paid["municipal"])
    '1200000.00'
    """

    def __init__(
        self,
        policy: Policy | Scheme = WEIHAI_2020,
        *,
        events: Iterable[RecoveryEvent] = (),
        calendar: Calendar = CALENDAR,
    ) -> None:
        self._plan = plan = plan_of(policy)
        self._calendar = as_calendar(calendar)
        self._events = [
            _event(e, i)
            for i, e in enumerate(iterable(events, "events", of="ipcomp.RecoveryEvent"))
        ]
        self._watched = {e.loan_id for e in self._events}
        self._loans: dict[str, _Loan] = {}
        self._pools: list[Decimal | None] | None = list(plan.pools) if plan.has_pools else None
        self._last: tuple[Any, ...] | None = None  # the latest time key (fund pools)
        self._count = 0
        self._latest: dt.date | None = None
        self._n = n = len(plan.payer_ids)
        self._sums: dict[tuple[str, int], _Sums] = {}
        self._total = _Sums(n)

    @property
    def claims(self) -> int:
        """How many claims were booked."""
        return self._count

    def in_order(self, claim: Claim) -> bool:
        """Whether :meth:`add` would take ``claim`` now (it is not before a claim
        already booked on its loan, or, with a fund pool, before any claim booked).

        >>> from ipcomp.testing import example_claim
        >>> book = PortfolioBook()
        >>> _ = book.add(example_claim(applied_on="2023-10-09"))
        >>> book.in_order(example_claim(applied_on="2023-10-08"))
        False
        """
        claim = as_claim(claim, "claim")
        return self._in_order(claim, _when(claim))

    def _in_order(self, claim: Claim, when: tuple[Any, ...]) -> bool:
        if self._pools is not None:
            return self._last is None or when >= self._last
        state = self._loans.get(claim.loan.loan_id)
        return state is None or when >= state.last

    def add(self, claim: Claim, index: int | None = None) -> ClaimResult:
        """Book ``claim`` (see the class docstring) and return its result; ``index``
        (default: how many claims were booked before it) is the claim's number in the
        results (:attr:`ClaimResult.index`, :attr:`ClaimResult.earlier`).

        >>> from ipcomp.testing import example_claim
        >>> PortfolioBook().add(example_claim(), index=7).index
        7
        """
        claim = as_claim(claim, "claim")
        if index is None:
            index = self._count
        elif type(index) is not int or index < 0:
            raise InvalidArgument(f"index must be an int >= 0, not {index!r}")
        when = _when(claim)
        if not self._in_order(claim, when):
            raise ClaimOutOfOrder(
                f"the claim on loan {claim.loan.loan_id} ({_dates(claim.recognized_on, claim.applied_on)}) comes before a "
                "claim already booked"
                + (" in the portfolio (the scheme has a fund pool)" if self._pools else " on it")
                + ": give the claims in time order (application date, then recognition "
                "date), or use assess_portfolio"
            )
        return self._add(index, claim, when)

    def _add(self, index: int, claim: Claim, when: tuple[Any, ...]) -> ClaimResult:
        plan = self._plan
        loan_id = claim.loan.loan_id
        state = self._loans.get(loan_id)
        facts = _facts(claim)
        extra: list[Finding] = []
        if state is None:
            state = self._loans[loan_id] = _Loan(
                (claim.recognized_on, claim.applied_on),
                facts,
                claim.loan.bank.name,
                [_ZERO] * self._n,
                when,
                history=[] if loan_id in self._watched else None,
            )
        elif facts != state.facts:
            extra.append(_conflict(claim, state, plan))
        state.claims += 1
        state.last = when
        self._last = when
        self._count += 1
        recognised = claim.recognized_on
        if recognised is not None:
            if recognised in state.recognised:
                extra.append(_duplicate(recognised, plan))
            else:
                state.recognised.add(recognised)
        ip_loss, _ = _ip_part_loss(claim)
        total_ip = _add(state.ip_losses, ip_loss)
        if total_ip > claim.loan.secured_principal and state.earlier:
            extra.append(_too_much_loss(total_ip, claim, state, plan))
        carried = list(state.carried)
        earlier = tuple(state.earlier)
        pools = self._pools
        assessment = _assess(
            claim, plan, self._calendar, carried if any(carried) else None, pools, extra
        )
        comp = assessment.compensation
        on = claim_date(claim)
        if self._latest is None or on > self._latest:
            self._latest = on
        year = comp.business_year if comp is not None else _business_year(on, plan.scheme)
        bank = claim.loan.bank.name
        sums = self._sums.get((bank, year))
        if sums is None:
            sums = self._sums[(bank, year)] = _Sums(self._n)
        total = self._total
        sums.claims += 1
        total.claims += 1
        if comp is not None:
            state.eligible += 1
            state.ip_losses = total_ip
            state.earlier.append(index)
            sums.eligible += 1
            total.eligible += 1
            for i, share in enumerate(comp.shares):
                paid = share.paid
                state.carried[i] = _add(state.carried[i], paid)
                if pools is not None and pools[i] is not None:
                    pools[i] = _sub(pools[i], paid)  # type: ignore[arg-type]
                fen = to_fen(paid)
                sums.paid[i] += fen
                total.paid[i] += fen
            if state.history is not None:
                given = (*(to_fen(s.paid) for s in comp.shares), to_fen(comp.bank_share))
                state.history.append((on, given))
            state.caps = _caps_of(comp, plan)
        return build(
            ClaimResult,
            {
                "index": index,
                "loan_id": loan_id,
                "bank": bank,
                "business_year": year,
                "assessment": assessment,
                "carried": {p: v for p, v in zip(plan.payer_ids, carried, strict=True) if v},
                "earlier": earlier,
            },
        )

    def portfolio(self, as_of: dt.date | None = None) -> Portfolio:
        """The statement so far, the loans' positions and the money back of the events,
        as a :class:`Portfolio` without ``results`` (see the class docstring); ``as_of``
        as in :func:`assess_portfolio`.

        >>> PortfolioBook().portfolio().totals.claims
        0
        """
        return self._portfolio((), _as_of(as_of))

    def _portfolio(self, results: tuple[ClaimResult, ...], as_of: dt.date | None) -> Portfolio:
        plan = self._plan
        sums = {key: _copy(s) for key, s in self._sums.items()}
        total = _copy(self._total)
        backs = _money_back(self._events, self._loans, plan, sums, total)
        dates = [d for d in (self._latest, *(e.on for e in self._events)) if d is not None]
        day = as_of or max(dates, default=None)
        return build(
            Portfolio,
            {
                "scheme": plan.id,
                "payers": plan.payer_ids,
                "results": results,
                "money_back": tuple(backs),
                "statement": tuple(_row(k[0], k[1], sums[k], plan) for k in sorted(sums)),
                "totals": _row(None, None, total, plan),
                "loans": tuple(_positions(self._loans, plan)),
                "as_of": day,
                "report_dates": _report_dates({s.bank for s in self._loans.values()}, plan, day),
            },
        )


def _as_of(as_of: object) -> dt.date | None:
    """``as_of`` checked: a ``datetime.date`` or ``None``."""
    if as_of is not None and type(as_of) is not dt.date:
        raise InvalidArgument(f"as_of must be a datetime.date, not {type(as_of).__name__}")
    return as_of


def _copy(sums: _Sums) -> _Sums:
    out = _Sums(sums.n, sums.claims, sums.eligible)
    out.paid = list(sums.paid)
    out.recovered, out.returned, out.to_bank = (
        list(sums.recovered),
        list(sums.returned),
        sums.to_bank,
    )
    return out


def assess_portfolio(
    claims: Iterable[Claim],
    policy: Policy | Scheme = WEIHAI_2020,
    *,
    events: Iterable[RecoveryEvent] = (),
    as_of: dt.date | None = None,
    calendar: Calendar = CALENDAR,
) -> Portfolio:
    """Assess a portfolio over time: claims in time order, payments carried per loan,
    money back from ``events``, the fund's statement (see the module docstring).

    ``as_of`` (default: the latest date in the portfolio) is the day the statement's
    next report dates (Art. 11) are counted from; working days are counted on
    ``calendar`` (default: the built-in one). The claims are held in memory to be put in
    time order; for claims already in that order, :class:`PortfolioBook` streams.

    >>> from ipcomp.testing import example_claim
    >>> p = assess_portfolio([example_claim()],
    ...                      events=[RecoveryEvent(loan_id="WH-2022-0001", on="2024-01-10",
    ...                                            amount="100000")])
    >>> {k: str(v) for k, v in p.money_back[0].to_payers.items()}, str(p.money_back[0].to_bank)
    ({'provincial': '40000.00', 'municipal': '20000.00'}, '40000.00')
    """
    book = PortfolioBook(policy, events=events, calendar=calendar)
    items = [
        as_claim(c, f"claims[{i}]")
        for i, c in enumerate(iterable(claims, "claims", of="ipcomp.Claim"))
    ]
    as_of = _as_of(as_of)
    whens = [_when(c) for c in items]
    results: list[ClaimResult | None] = [None] * len(items)
    for index in sorted(range(len(items)), key=lambda i: (whens[i], i)):
        results[index] = book._add(index, items[index], whens[index])
    return book._portfolio(tuple(r for r in results if r is not None), as_of)


def _event(value: object, index: int) -> RecoveryEvent:
    if isinstance(value, RecoveryEvent):
        return value
    if isinstance(value, Mapping):
        return RecoveryEvent.model_validate(value)
    raise InvalidArgument(
        f"events[{index}] must be an ipcomp.RecoveryEvent (or a mapping of its fields), "
        f"not {type(value).__name__}"
    )


def _caps_of(comp: Any, plan: Plan) -> dict[str, Decimal]:
    """The amount of each cap in force on the claim, read from a share it limits first
    (a cap that limits no payer first is not reported)."""
    amounts: dict[str, Decimal] = {}
    for index, cap in enumerate(plan.caps):
        for payer in cap.members:
            if plan.cap_of[payer] == index:
                amounts[cap.id] = comp.shares[payer].cap
                break
    return amounts


# The messages name the earlier claim by its dates, not by its place in the input: a
# result never depends on the input order (ClaimResult.earlier gives the indexes).
def _conflict(claim: Claim, state: _Loan, plan: Plan) -> Finding:
    differ = [
        name for name, a, b in zip(_FACT_NAMES, _facts(claim), state.facts, strict=True) if a != b
    ]
    names = ", ".join(differ)
    first = _dates(*state.first_dates)
    return plan.finding(
        Code.CLAIM_LOAN_CONFLICT,
        f"贷款 {claim.loan.loan_id} 的事实（{names}）与该贷款此前的申请（{first}）不一致（数据错误），"
        "不予补偿。",
        f"the facts of loan {claim.loan.loan_id} ({names}) differ from those of the earlier "
        f"claim on it ({first}); this claim is not paid (data error).",
    )


def _duplicate(day: dt.date, plan: Plan) -> Finding:
    return plan.finding(
        Code.CLAIM_LIKELY_DUPLICATE,
        f"与同一笔贷款此前的申请认定日相同（{day}），疑为重复申请，不予补偿。",
        f"an earlier claim on the same loan has the same recognition date ({day}): likely a "
        "duplicate, not paid.",
    )


def _too_much_loss(total: Decimal, claim: Claim, state: _Loan, plan: Plan) -> Finding:
    principal = claim.loan.secured_principal
    count = len(state.earlier)
    return plan.finding(
        Code.CLAIM_IP_LOSSES_EXCEED_PRINCIPAL,
        f"连同此前 {count} 笔已补偿的申请，该笔贷款知识产权部分损失合计 {format_yuan(total)} 元，"
        f"超过知识产权质押部分本金 {format_yuan(principal)} 元，不予补偿。",
        f"with the {count} earlier paid claim(s) the IP-part losses on the loan come to "
        f"{format_yuan(total)}, above its IP principal {format_yuan(principal)}: not paid.",
    )


# --- money back -----------------------------------------------------------------------------


def _money_back(
    moves: list[RecoveryEvent],
    loans: dict[str, _Loan],
    plan: Plan,
    sums: dict[tuple[str, int], _Sums],
    total: _Sums,
) -> list[MoneyBack]:
    """Apply the events in date order (then input order), adding what goes back to the
    statement's ``sums`` and ``total``."""
    out: list[MoneyBack | None] = [None] * len(moves)
    n = len(plan.payer_ids)
    back: dict[str, list[int]] = {}  # per loan: fen already back to each payer, then bank
    returned: set[str] = set()
    for index in sorted(range(len(moves)), key=lambda i: (moves[i].on, i)):
        event = moves[index]
        state = loans.get(event.loan_id)
        year = _business_year(event.on, plan.scheme)
        if state is None:
            out[index] = _refused(index, event, None, year, "unknown", plan)
            continue
        assert state.history is not None  # every loan an event names keeps its history
        paid = [given for on, given in state.history if on <= event.on]
        if not paid:
            out[index] = _refused(index, event, state.bank, year, "nothing paid", plan)
            continue
        if event.loan_id in returned:
            out[index] = _refused(index, event, state.bank, year, "returned", plan)
            continue
        given = [sum(column) for column in zip(*paid, strict=True)]  # each payer, then bank
        already = back.setdefault(event.loan_id, [0] * (n + 1))
        if event.kind == "fraud":
            split = [given[i] - already[i] for i in range(n)] + [0]
            returned.add(event.loan_id)
        else:
            assert event.amount is not None
            amount = to_fen(event.amount)
            room = sum(given) - sum(already)
            if amount > room:
                out[index] = _refused(index, event, state.bank, year, f"above:{room}", plan)
                continue
            split = _within(
                largest_remainder(amount, given),
                [g - a for g, a in zip(given, already, strict=True)],
            )
        for i, fen in enumerate(split):
            already[i] += fen
        row = sums.get((state.bank, year))
        if row is None:
            row = sums[(state.bank, year)] = _Sums(n)
        for target in (row, total):
            into = target.returned if event.kind == "fraud" else target.recovered
            for i in range(n):
                into[i] += split[i]
            target.to_bank += split[n]
        out[index] = build(
            MoneyBack,
            {
                "index": index,
                "event": event,
                "bank": state.bank,
                "business_year": year,
                "applied": True,
                "to_payers": {p: from_fen(split[i]) for i, p in enumerate(plan.payer_ids)},
                "to_bank": from_fen(split[n]),
                "findings": (),
            },
        )
    return [m for m in out if m is not None]


def _within(split: list[int], room: list[int]) -> list[int]:
    """``split`` with no party given more than its ``room`` (what it bore and has not
    had back yet): the surplus fen go to the parties with room left, in order (I68)."""
    surplus = 0
    out = []
    for share, left in zip(split, room, strict=True):
        taken = min(share, left)
        surplus += share - taken
        out.append(taken)
    for i, left in enumerate(room):
        if not surplus:
            break
        extra = min(surplus, left - out[i])
        out[i] += extra
        surplus -= extra
    return out


def _refused(
    index: int, event: RecoveryEvent, bank: str | None, year: int, why: str, plan: Plan
) -> MoneyBack:
    loan = event.loan_id
    if why == "unknown":
        zh, en = f"组合中没有贷款 {loan} 的申请。", f"no claim of the portfolio is on loan {loan}."
    elif why == "nothing paid":
        zh = f"{event.on} 之前贷款 {loan} 尚无已补偿的申请，无可追回。"
        en = f"nothing had been paid on loan {loan} by {event.on}: nothing to recover."
    elif why == "returned":
        zh = f"贷款 {loan} 已因弄虚作假全额退回补偿。"
        en = f"the compensation on loan {loan} was already returned in full after fraud."
    else:
        room = from_fen(int(why.split(":")[1]))
        zh = f"追回金额超过该贷款尚可追回的知识产权部分损失 {format_yuan(room)} 元。"
        en = f"the amount recovered exceeds what the loan's IP-part losses leave to recover, {format_yuan(room)}."
    finding = plan.finding(Code.RECOVERY_NOT_APPLIED, zh, en)
    return build(
        MoneyBack,
        {
            "index": index,
            "event": event,
            "bank": bank,
            "business_year": year,
            "applied": False,
            "to_payers": {},
            "to_bank": _ZERO,
            "findings": (finding,),
        },
    )


# --- the statement --------------------------------------------------------------------------


def _row(bank: str | None, year: int | None, sums: _Sums, plan: Plan) -> StatementRow:
    payers = plan.payer_ids
    return build(
        StatementRow,
        {
            "bank": bank,
            "business_year": year,
            "claims": sums.claims,
            "eligible": sums.eligible,
            "paid": {p: from_fen(sums.paid[i]) for i, p in enumerate(payers)},
            "paid_total": from_fen(sum(sums.paid)),
            "recovered": {p: from_fen(sums.recovered[i]) for i, p in enumerate(payers)},
            "recovered_to_bank": from_fen(sums.to_bank),
            "returned": {p: from_fen(sums.returned[i]) for i, p in enumerate(payers)},
            "net": {
                p: from_fen(sums.paid[i] - sums.recovered[i] - sums.returned[i])
                for i, p in enumerate(payers)
            },
        },
    )


def _positions(loans: dict[str, _Loan], plan: Plan) -> Iterator[LoanPosition]:
    for loan_id in sorted(loans):
        state = loans[loan_id]
        paid = dict(zip(plan.payer_ids, state.carried, strict=True))
        headroom = {}
        for cap in plan.caps:
            if cap.id in state.caps:
                used = sum((paid[plan.payer_ids[i]] for i in cap.members), _ZERO)
                headroom[cap.id] = max(_sub(state.caps[cap.id], used), _ZERO)
        yield build(
            LoanPosition,
            {
                "loan_id": loan_id,
                "bank": state.bank,
                "claims": state.claims,
                "eligible": state.eligible,
                "paid": paid,
                "caps": dict(state.caps),
                "headroom": headroom,
            },
        )


def _report_dates(
    banks: set[str], plan: Plan, day: dt.date | None
) -> dict[str, tuple[dt.date, ...]]:
    """Art. 11, D12: for each bank, the next report due date of the scheme after ``day``."""
    if day is None:
        return {}
    dates = sorted(
        dt.date(year, month, d)
        for year in (day.year, day.year + 1)
        for month, d in plan.scheme.report_dates
    )
    upcoming = next((d for d in dates if d > day), None)
    if upcoming is None:  # pragma: no cover - next year's dates always follow
        return {}
    return dict.fromkeys(sorted(banks), (upcoming,))
