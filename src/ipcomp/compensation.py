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

All arithmetic is in integer fen, so no decimal context can change a result.
"""

from __future__ import annotations

import datetime as dt

from ._args import as_claim, expect
from ._build import build
from .deadlines import _business_year, _first_business_year
from .findings import Code, Finding, make_finding
from .models import Claim
from .money import div_round_half_up, format_yuan, from_fen, rate_ratio, to_fen
from .policy import WEIHAI_2020, Policy
from .results import CapBasis, Compensation, LossBasis

__all__ = ["claim_date", "compensate", "ip_part_loss"]


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
    if claim.ip_principal_loss is not None:
        return to_fen(claim.ip_principal_loss), "stated"
    loan = claim.loan
    loss = to_fen(claim.principal_loss)
    if loan.ip_principal is None or loan.ip_principal == loan.principal:
        return loss, "whole_loan"
    # policy.combined_loan_method == "pro_rata", the only method the measures allow
    return (
        div_round_half_up(loss * to_fen(loan.ip_principal), to_fen(loan.principal)),
        "pro_rata",
    )


def _share(ip_fen: int, rate: tuple[int, int]) -> int:
    return div_round_half_up(ip_fen * rate[0], rate[1])


def compensate(claim: Claim, policy: Policy = WEIHAI_2020) -> Compensation:
    """The compensation arithmetic of Art. 8(2), whatever the claim's eligibility.

    >>> from ipcomp.testing import example_claim
    >>> c = compensate(example_claim())
    >>> c.ip_loss, c.provincial, c.municipal, c.bank_share
    (Decimal('800000.00'), Decimal('320000.00'), Decimal('160000.00'), Decimal('320000.00'))
    """
    return _compensate(as_claim(claim), expect(policy, Policy, "policy"))


def _compensate(claim: Claim, policy: Policy) -> Compensation:
    """:func:`compensate` on arguments already checked (used by :func:`~ipcomp.assess`)."""
    ip_fen, loss_basis = ip_part_loss(claim, policy)
    prov_unc = _share(ip_fen, rate_ratio(policy.provincial_rate))
    # Rates summing to exactly 1 can round both halves up (0.5 × 1 fen twice): the
    # shares never exceed the loss, so the municipal share gives up that fen (D14).
    mun_unc = min(_share(ip_fen, rate_ratio(policy.municipal_rate)), ip_fen - prov_unc)
    bank = claim.loan.bank
    year = _business_year(claim_date(claim), policy)
    first_year = _first_business_year(bank, policy)
    notes: list[Finding] = []
    cap_basis: CapBasis
    if year <= first_year:
        cap, cap_basis = policy.first_year_cap, "first_year"
    elif year in bank.assessed_caps:
        cap = min(bank.assessed_caps[year], policy.later_year_cap_max)
        cap_basis = "assessed"
    else:
        cap, cap_basis = policy.first_year_cap, "no_assessment"
        notes.append(
            make_finding(
                Code.NOTE_NO_ASSESSMENT,
                f"{year}年度无该行绩效考核核定的补偿上限，按首年度上限 "
                f"{format_yuan(policy.first_year_cap)} 元计算。",
                f"no performance assessment of the bank for business year {year}; the "
                f"first-year cap {format_yuan(policy.first_year_cap)} applies.",
            )
        )
    cap_fen = to_fen(cap)
    mun_before = to_fen(claim.municipal_paid_before) if claim.municipal_paid_before else 0
    prov_before = to_fen(claim.provincial_paid_before) if claim.provincial_paid_before else 0

    prov = prov_unc
    if policy.provincial_cap is not None:
        prov = min(prov, max(0, to_fen(policy.provincial_cap) - prov_before))
    if policy.cap_scope == "municipal":
        mun = min(mun_unc, max(0, cap_fen - mun_before))
    else:  # "government_total": cut the municipal share first, then the provincial
        room = max(0, cap_fen - mun_before - prov_before)
        excess = max(0, prov + mun_unc - room)
        mun = mun_unc - min(excess, mun_unc)
        prov -= excess - (mun_unc - mun)
    capped = mun < mun_unc or prov < prov_unc
    if capped:
        cuts = [
            (zh, en, f"{format_yuan(from_fen(before))} → {format_yuan(from_fen(after))}")
            for zh, en, before, after in (
                ("市级", "municipal", mun_unc, mun),
                ("省级", "provincial", prov_unc, prov),
            )
            if after < before
        ]
        notes.append(
            make_finding(
                Code.NOTE_CAP_APPLIED,
                "补偿上限削减了补偿金额："
                + "，".join(f"{zh} {cut} 元" for zh, _, cut in cuts)
                + "。",
                "a cap reduced the payment: "
                + ", ".join(f"{en} {cut}" for _, en, cut in cuts)
                + ".",
            )
        )
    # Every field is computed above from validated inputs, and the sums hold by
    # construction (pinned by tests/spec/test_d14.py): skip re-validation (speed).
    provincial_uncapped = from_fen(prov_unc)
    municipal_uncapped = from_fen(mun_unc)
    return build(
        Compensation,
        ip_loss=from_fen(ip_fen),
        provincial=from_fen(prov) if capped else provincial_uncapped,
        municipal_uncapped=municipal_uncapped,
        municipal_cap=cap,
        municipal=from_fen(mun) if capped else municipal_uncapped,
        total=from_fen(prov + mun),
        bank_share=from_fen(ip_fen - prov - mun),
        capped=capped,
        business_year=year,
        notes=tuple(notes),
        provincial_uncapped=provincial_uncapped,
        provincial_rate=policy.provincial_rate,
        municipal_rate=policy.municipal_rate,
        ip_loss_basis=loss_basis,
        cap_basis=cap_basis,
        cap_scope=policy.cap_scope,
        first_business_year=first_year,
        municipal_paid_before=claim.municipal_paid_before,
        provincial_paid_before=claim.provincial_paid_before,
    )
