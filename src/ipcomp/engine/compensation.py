"""How much is paid on a claim (Weihai: Art. 8(2); D5–D9, D14): the formula of
:mod:`ipcomp.engine.arithmetic` on one claim, with the scheme's payers and caps.

1. IP-part loss (Art. 8(1), D9): the recognised IP-part loss when stated; else the whole
   loss when the whole principal is IP-secured; else loss × IP principal ÷ principal,
   rounded to the fen half up **first**.
2. Shares (D14): each payer's rate × the IP-part loss, rounded once to the fen half up
   (only on the loans the payer pays on: direct or indirect pledges); never more in
   total than the loss (I23).
3. Caps (D5–D8): per loan, cumulatively — the earlier payments on the loan count. An
   ``assessed`` cap (Weihai's municipal cap) is the first-year cap in the bank's first
   business year (D7), later the bank's assessment for the claim's business year, never
   above its maximum, and the first-year cap with ``NOTE_NO_ASSESSMENT`` when there is no
   assessment (D8). Scope (D6): the payers a cap names, the first in its cut order
   giving way first.
4. Fund pools: a payer paying from a pool pays at most its remaining balance.
5. total = Σ shares; the bank bears the IP-part loss − total.

Amounts are exact decimals to the fen (D14). :func:`compensate` is the arithmetic
whatever the claim's eligibility (docs/spec/api.md): an ineligible claim gets the amounts it
*would* be paid and the notes of that arithmetic; :func:`~ipcomp.assess` pays, and
reports those notes, only when the claim is eligible (I65).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from ..core._build import build
from ..core.money import _EXACT, MAX_AMOUNT, format_yuan
from ..facts import Bank, Claim, as_claim
from ..findings import Code, Finding
from ..results import CapBasis, Compensation, LossBasis, Share
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .arithmetic import DECIMAL, assessed_cap, ip_part
from .deadlines import _business_year, _first_business_year
from .plan import Plan, plan_of

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["cap_basis", "claim_date", "compensate", "ip_part_loss", "stated_paid_before"]

_ZERO: Final = Decimal("0.00")
_add, _sub = _EXACT.add, _EXACT.subtract


def claim_date(claim: Claim) -> dt.date:
    """The date that places a claim in a business year (D7): the application date; before
    it has applied, the recognition date; before that, the loan's disbursement date."""
    return claim.applied_on or claim.recognized_on or claim.loan.disbursed_on


def ip_part_loss(claim: Claim) -> tuple[int, LossBasis]:
    """The IP-part principal loss in fen, and how it was found (Art. 8(1); D9).

    >>> from ipcomp.testing import example_claim
    >>> ip_part_loss(example_claim())
    (80000000, 'whole_loan')
    """
    amount, basis = _ip_part_loss(claim)
    return int(amount.scaleb(2, _EXACT)), basis


def _ip_part_loss(claim: Claim) -> tuple[Decimal, LossBasis]:
    loan = claim.loan
    stated = claim.ip_principal_loss
    if stated is not None:
        return stated, "stated"
    ip_principal = loan.ip_principal
    if ip_principal is None or ip_principal == loan.principal:
        # ip_part's where-selects settled: the whole loss (the usual case; speed)
        return claim.principal_loss, "whole_loan"
    amount = ip_part(
        DECIMAL, claim.principal_loss, ip_principal, loan.principal, True, _ZERO, False
    )
    return amount, "pro_rata"


def cap_basis(bank: Bank, year: int, first_year: int) -> tuple[CapBasis, Decimal | None]:
    """Which cap an ``assessed`` cap is in ``year`` (D7, D8): ``"first_year"`` up to the
    bank's first business year; later ``"assessed"`` with the bank's assessed cap, or
    ``"no_assessment"`` when it has none for that year. The second item is the
    assessed cap (``None`` unless ``"assessed"``).

    >>> from ipcomp.testing import example_bank
    >>> cap_basis(example_bank(), 2023, 2020), cap_basis(example_bank(), 2024, 2020)
    (('assessed', Decimal('1200000.00')), ('no_assessment', None))
    """
    if year <= first_year:
        return "first_year", None
    assessed = bank.assessed_caps.get(year)
    if assessed is None:
        return "no_assessment", None
    return "assessed", assessed


def stated_paid_before(claim: Claim, plan: Plan) -> list[Decimal]:
    """What the claim states each of the scheme's payers paid before on the loan (D5)."""
    if plan.two_funds:  # the common case (speed)
        return [claim.provincial_paid_before, claim.municipal_paid_before]
    other = claim.paid_before
    out = []
    for payer in plan.payer_ids:
        if payer == "municipal":
            out.append(claim.municipal_paid_before)
        elif payer == "provincial":
            out.append(claim.provincial_paid_before)
        else:
            out.append(other.get(payer, _ZERO))
    return out


def compensate(claim: Claim, policy: Policy | Scheme = WEIHAI_2020) -> Compensation:
    """The compensation arithmetic (Weihai: Art. 8(2)), whatever the claim's eligibility.

    >>> from ipcomp.testing import example_claim
    >>> c = compensate(example_claim())
    >>> c.ip_loss, c.provincial, c.municipal, c.bank_share
    (Decimal('800000.00'), Decimal('320000.00'), Decimal('160000.00'), Decimal('320000.00'))
    >>> [(s.payer, s.paid) for s in c.shares]
    [('provincial', Decimal('320000.00')), ('municipal', Decimal('160000.00'))]
    """
    return _compensate(as_claim(claim), plan_of(policy))


def _compensate(
    claim: Claim,
    plan: Plan,
    carried: Sequence[Decimal] | None = None,
    pools: Sequence[Decimal | None] | None = None,
) -> Compensation:
    """:func:`compensate` on checked arguments. ``carried``: what each payer paid on the
    loan earlier in a portfolio, on top of what the claim states (D5); ``pools``: what
    remains of each payer's fund pool (default: the whole pool).

    The hot path of :func:`~ipcomp.assess`: the plan's precomputed layout is read here
    directly (see docs/performance.md)."""
    loan = claim.loan
    bank = loan.bank
    scheme = plan.scheme
    ip_loss, loss_basis = _ip_part_loss(claim)
    before = stated_paid_before(claim, plan)
    if carried is not None:
        before = [_add(a, b) for a, b in zip(before, carried, strict=True)]
    year = _business_year(claim_date(claim), scheme)
    first_year = _first_business_year(bank, scheme)
    notes: tuple[Finding, ...] = ()
    amounts: list[Decimal] = []
    befores: list[list[Decimal]] = []
    basis: CapBasis = "none"
    for cap in plan.caps:
        if cap.kind == "assessed":
            basis, assessed = cap_basis(bank, year, first_year)
            amount: Decimal = assessed_cap(
                DECIMAL, basis == "assessed", assessed or _ZERO, cap.first_year, cap.later_year_max
            )
            if basis == "no_assessment":
                notes += (_no_assessment_note(year, amount, plan),)
        elif cap.kind == "fixed":
            assert cap.amount is not None
            amount = cap.amount
        else:
            assert cap.share is not None
            amount = DECIMAL.share(loan.principal, cap.share)
        amounts.append(amount)
        befores.append([before[i] for i in cap.members])
    pays = () if plan.pays_everywhere else [_pays(a, loan.direct) for a in plan.applies_to]
    left = () if not plan.has_pools else plan.pools if pools is None else pools
    # the formula of arithmetic.shares, compiled for this scheme's shape (speed)
    uncapped, capped, paid = plan.decimal_shares(ip_loss, pays, amounts, befores, left)  # type: ignore[misc]
    cut = capped != uncapped
    if cut:
        notes += (_cap_note(uncapped, capped, plan),)
    pooled = plan.has_pools and paid != capped
    if pooled:
        notes += (_pool_note(capped, paid, plan),)
    total = _ZERO
    for amount in paid:
        total = _add(total, amount)
    cap_of = plan.cap_of
    names_zh, names_en, rates = plan.names_zh, plan.names_en, plan.rates
    share_list = []
    for i, payer in enumerate(plan.payer_ids):
        j = cap_of[i]
        share_list.append(
            build(
                Share,
                {
                    "payer": payer,
                    "name_zh": names_zh[i],
                    "name_en": names_en[i],
                    "rate": rates[i],
                    "uncapped": uncapped[i],
                    "paid": paid[i],
                    "paid_before": before[i],
                    "cap": None if j is None else amounts[j],
                },
            )
        )
    p, m, mun_cap = plan.provincial, plan.municipal, plan.municipal_cap
    if mun_cap is not None and plan.caps[mun_cap].kind != "assessed":
        basis = "fixed" if plan.caps[mun_cap].kind == "fixed" else "principal_share"
    return build(
        Compensation,
        {
            "ip_loss": ip_loss,
            "provincial": _ZERO if p is None else paid[p],
            "municipal_uncapped": _ZERO if m is None else uncapped[m],
            "municipal_cap": MAX_AMOUNT if mun_cap is None else amounts[mun_cap],
            "municipal": _ZERO if m is None else paid[m],
            "total": total,
            "bank_share": _sub(ip_loss, total),
            "capped": cut or pooled,
            "business_year": year,
            "notes": notes,
            "provincial_uncapped": _ZERO if p is None else uncapped[p],
            "provincial_rate": None if p is None else plan.rates[p],
            "municipal_rate": None if m is None else plan.rates[m],
            "ip_loss_basis": loss_basis,
            "cap_basis": basis if mun_cap is not None else "none",
            "cap_scope": plan.scope,
            "first_business_year": first_year,
            "municipal_paid_before": _ZERO if m is None else before[m],
            "provincial_paid_before": _ZERO if p is None else before[p],
            "shares": tuple(share_list),
            "scheme": plan.id,
        },
    )


def _pays(applies_to: str, direct: bool | None) -> bool | None:
    """Where a payer pays: ``None`` everywhere; else on direct, or on indirect, pledges
    only (a loan whose mode is unknown is neither)."""
    if applies_to == "all":
        return None
    return direct is True if applies_to == "direct" else direct is False


@lru_cache(maxsize=256)
def _no_assessment_note(year: int, cap: Decimal, plan: Plan) -> Finding:
    # The same few (year, cap) pairs recur across a portfolio; findings are immutable.
    return plan.finding(
        Code.NOTE_NO_ASSESSMENT,
        f"{year}年度无该行绩效考核核定的补偿上限，按首年度上限 {format_yuan(cap)} 元计算。",
        f"no performance assessment of the bank for business year {year}; the "
        f"first-year cap {format_yuan(cap)} applies.",
    )


def _cuts(
    before: Sequence[Decimal], after: Sequence[Decimal], plan: Plan
) -> list[tuple[str, str, str]]:
    """Each share that was cut, from → to, the last payer first."""
    return [
        (plan.names_zh[i], plan.names_en[i], f"{format_yuan(before[i])} → {format_yuan(after[i])}")
        for i in reversed(range(len(before)))
        if after[i] < before[i]
    ]


def _cap_note(uncapped: Sequence[Decimal], capped: Sequence[Decimal], plan: Plan) -> Finding:
    """``NOTE_CAP_APPLIED``: each share the caps cut, from → to (D5, D6)."""
    cuts = _cuts(uncapped, capped, plan)
    return plan.finding(
        Code.NOTE_CAP_APPLIED,
        "补偿上限削减了补偿金额：" + "，".join(f"{zh} {cut} 元" for zh, _, cut in cuts) + "。",
        "a cap reduced the payment: " + ", ".join(f"{en} {cut}" for _, en, cut in cuts) + ".",
    )


def _pool_note(capped: Sequence[Decimal], paid: Sequence[Decimal], plan: Plan) -> Finding:
    """``NOTE_POOL_LIMITED``: each share a fund pool's remaining balance cut."""
    cuts = _cuts(capped, paid, plan)
    return plan.finding(
        Code.NOTE_POOL_LIMITED,
        "资金池余额不足，仅按余额补偿："
        + "，".join(f"{zh} {cut} 元" for zh, _, cut in cuts)
        + "。",
        "a fund pool paid only its remaining balance: "
        + ", ".join(f"{en} {cut}" for _, en, cut in cuts)
        + ".",
    )
