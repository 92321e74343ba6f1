"""Art. 8(2) — how much is paid on a claim (D5–D9, D14).

1. IP-part loss (D9): the recognised IP-part loss when stated; else the whole loss when
   the whole principal is IP-secured; else loss × IP principal ÷ principal, rounded to
   the fen half up **first**.
2. Shares (D14): provincial = rate × IP-part loss, municipal = rate × IP-part loss, each
   rounded once to the fen half up (when the rates sum to exactly 1 and both round a
   half fen up, the municipal share is one fen less, so the shares never exceed the loss).
3. Cap (D5–D8): per loan, cumulatively: in the bank's first business year (D7) the
   first-year cap; later, the cap of the bank's assessment for that business year, never
   above ``later_year_cap_max``; the first-year cap (with ``NOTE_NO_ASSESSMENT``) when
   no assessment is on record. Scope (D6): the municipal share only by default; under
   ``"government_total"`` provincial + municipal, cutting the municipal share first.
   An optional provincial cap limits the provincial share on its own.
4. total = provincial + municipal; the bank bears IP-part loss − total.

Amounts are exact decimals to the fen; every operation runs in a private exact context
(100 digits, ROUND_HALF_UP), and the pro-rata quotient in integer fen, so no decimal
context of the caller can change a result.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Final

from ..core._args import expect
from ..core._build import build
from ..core.money import _EXACT, FEN, div_round_half_up, format_yuan, from_fen, to_fen
from ..facts import Claim, as_claim
from ..findings import Code, Finding, make_finding
from ..results import CapBasis, Compensation, LossBasis
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .deadlines import _business_year, _first_business_year

__all__ = ["claim_date", "compensate", "ip_part_loss"]

# Every operation in the exact context (prec 100, ROUND_HALF_UP): the caller's decimal
# context (getcontext()) never changes a result. Amounts have at most 15 digits.
_add, _sub, _mul, _quantize = _EXACT.add, _EXACT.subtract, _EXACT.multiply, _EXACT.quantize
_ZERO: Final = Decimal("0.00")


def claim_date(claim: Claim) -> dt.date:
    """The date that places a claim in a business year (D7): the application date; before
    it has applied, the recognition date; before that, the loan's disbursement date."""
    return claim.applied_on or claim.recognized_on or claim.loan.disbursed_on


def ip_part_loss(claim: Claim, policy: Policy = WEIHAI_2020) -> tuple[int, LossBasis]:
    """The IP-part principal loss in fen, and how it was found (Art. 8(1); D9).

    >>> from ipcomp.testing import example_claim
    >>> ip_part_loss(example_claim())
    (80000000, 'whole_loan')
    """
    amount, basis = _ip_part_loss(claim)
    return to_fen(amount), basis


def _ip_part_loss(claim: Claim) -> tuple[Decimal, LossBasis]:
    if claim.ip_principal_loss is not None:
        return claim.ip_principal_loss, "stated"
    loan = claim.loan
    if loan.ip_principal is None or loan.ip_principal == loan.principal:
        return claim.principal_loss, "whole_loan"
    # policy.combined_loan_method == "pro_rata", the only method the measures allow;
    # rounded once, in integer fen (the quotient is not a finite decimal in general).
    fen = div_round_half_up(
        to_fen(claim.principal_loss) * to_fen(loan.ip_principal), to_fen(loan.principal)
    )
    return from_fen(fen), "pro_rata"


@lru_cache(maxsize=64)
def _no_assessment_note(year: int, cap: Decimal) -> Finding:
    # The same few (year, cap) pairs recur across a portfolio; findings are immutable.
    return make_finding(
        Code.NOTE_NO_ASSESSMENT,
        f"{year}年度无该行绩效考核核定的补偿上限，按首年度上限 {format_yuan(cap)} 元计算。",
        f"no performance assessment of the bank for business year {year}; the "
        f"first-year cap {format_yuan(cap)} applies.",
    )


def compensate(claim: Claim, policy: Policy = WEIHAI_2020) -> Compensation:
    """The compensation arithmetic of Art. 8(2), whatever the claim's eligibility.

    >>> from ipcomp.testing import example_claim
    >>> c = compensate(example_claim())
    >>> c.ip_loss, c.provincial, c.municipal, c.bank_share
    (Decimal('800000.00'), Decimal('320000.00'), Decimal('160000.00'), Decimal('320000.00'))
    """
    return _compensate(as_claim(claim), expect(policy, Policy, "policy"))


def _compensate(claim: Claim, policy: Policy) -> Compensation:
    """:func:`compensate` on arguments already checked (used by :func:`~ipcomp.assess`).

    The hot path of :func:`~ipcomp.assess`: helpers are inlined here (see ``benchmarks/``).
    """
    loan = claim.loan
    # Art. 8(1), D9: the IP-part loss (:func:`ip_part_loss`).
    ip_loss, loss_basis = _ip_part_loss(claim)
    # D14: each share is rate × IP-part loss rounded once to the fen, half up (exact: the
    # context has 100 digits, the factors at most 15 and MAX_RATE_DIGITS = 64).
    prov_unc = _quantize(_mul(ip_loss, policy.provincial_rate), FEN)
    mun_unc = _quantize(_mul(ip_loss, policy.municipal_rate), FEN)
    # Rates summing to exactly 1 can round both halves up (0.5 × 1 fen twice): the
    # shares never exceed the loss, so the municipal share gives up that fen (D14).
    rest = _sub(ip_loss, prov_unc)
    mun_unc = min(mun_unc, rest)
    # D7, D8: the cap of the claim's business year.
    bank = loan.bank
    year = _business_year(claim_date(claim), policy)
    first_year = _first_business_year(bank, policy)
    notes: tuple[Finding, ...] = ()
    cap_basis: CapBasis
    if year <= first_year:
        cap, cap_basis = policy.first_year_cap, "first_year"
    else:
        assessed = bank.assessed_caps.get(year)
        if assessed is not None:
            cap, cap_basis = min(assessed, policy.later_year_cap_max), "assessed"
        else:
            cap, cap_basis = policy.first_year_cap, "no_assessment"
            notes = (_no_assessment_note(year, cap),)
    mun_paid, prov_paid = claim.municipal_paid_before, claim.provincial_paid_before
    prov = prov_unc
    if policy.provincial_cap is not None:
        prov = min(prov, max(_ZERO, _sub(policy.provincial_cap, prov_paid)))
    if policy.cap_scope == "municipal":
        mun = min(mun_unc, max(_ZERO, _sub(cap, mun_paid)))
    else:  # "government_total": cut the municipal share first, then the provincial
        room = max(_ZERO, _sub(_sub(cap, mun_paid), prov_paid))
        excess = max(_ZERO, _sub(_add(prov, mun_unc), room))
        mun = _sub(mun_unc, min(excess, mun_unc))
        prov = _sub(prov, _sub(excess, _sub(mun_unc, mun)))
    capped = mun < mun_unc or prov < prov_unc
    if capped:
        notes += (_cap_note(mun_unc, mun, prov_unc, prov),)
    total = _add(prov, mun)
    # Every field is computed above from validated inputs, and the sums hold by
    # construction (pinned by tests/schemes/weihai_2020/test_d14.py): skip re-validation (speed).
    return build(
        Compensation,
        {
            "ip_loss": ip_loss,
            "provincial": prov,
            "municipal_uncapped": mun_unc,
            "municipal_cap": cap,
            "municipal": mun,
            "total": total,
            "bank_share": _sub(ip_loss, total),
            "capped": capped,
            "business_year": year,
            "notes": notes,
            "provincial_uncapped": prov_unc,
            "provincial_rate": policy.provincial_rate,
            "municipal_rate": policy.municipal_rate,
            "ip_loss_basis": loss_basis,
            "cap_basis": cap_basis,
            "cap_scope": policy.cap_scope,
            "first_business_year": first_year,
            "municipal_paid_before": mun_paid,
            "provincial_paid_before": prov_paid,
        },
    )


def _cap_note(mun_unc: Decimal, mun: Decimal, prov_unc: Decimal, prov: Decimal) -> Finding:
    """``NOTE_CAP_APPLIED``: each share the caps cut, from → to (D5, D6)."""
    cuts = [
        (zh, en, f"{format_yuan(before)} → {format_yuan(after)}")
        for zh, en, before, after in (
            ("市级", "municipal", mun_unc, mun),
            ("省级", "provincial", prov_unc, prov),
        )
        if after < before
    ]
    return make_finding(
        Code.NOTE_CAP_APPLIED,
        "补偿上限削减了补偿金额：" + "，".join(f"{zh} {cut} 元" for zh, _, cut in cuts) + "。",
        "a cap reduced the payment: " + ", ".join(f"{en} {cut}" for _, en, cut in cuts) + ".",
    )
