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
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final

from ..core._build import build_lines, build_scope
from ..core.money import _EXACT, MAX_AMOUNT, format_yuan
from ..facts import Bank, Claim, as_claim
from ..findings import Code, Finding
from ..results import CapBasis, Compensation, LossBasis, Share
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .arithmetic import DECIMAL, ip_part, trace_shares
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


#: Where a claim states what a payer paid before on the loan (D5); other payers: in
#: ``Claim.paid_before`` by payer id.
_BEFORE_FIELD: Final = {
    "provincial": "provincial_paid_before",
    "municipal": "municipal_paid_before",
}


def stated_paid_before(claim: Claim, plan: Plan) -> list[Decimal]:
    """What the claim states each of the scheme's payers paid before on the loan (D5)."""
    if plan.two_funds:  # the common case (speed)
        return [claim.provincial_paid_before, claim.municipal_paid_before]
    other = claim.paid_before
    out = []
    for payer in plan.payer_ids:
        field = _BEFORE_FIELD.get(payer)
        out.append(getattr(claim, field) if field else other.get(payer, _ZERO))
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

    It runs the scheme's compensation compiled once into straight-line code
    (:func:`compile_compensation`), the hot path of :func:`~ipcomp.assess`."""
    return compiled_compensation(plan)(claim, carried, pools)


def compiled_compensation(plan: Plan) -> Callable[..., Compensation]:
    """:func:`compile_compensation` of ``plan``, written once and kept on the plan."""
    compiled = plan.compiled_compensation
    if compiled is None:
        compiled = compile_compensation(plan)
        object.__setattr__(plan, "compiled_compensation", compiled)
    return compiled


def compile_compensation(plan: Plan) -> Callable[..., Compensation]:
    """The compensation of ``plan``'s scheme (steps 1–5 of the module docstring) as one
    straight-line Python function ``f(claim, carried, pools) -> Compensation``, written
    for the scheme's payers and caps: every loop over payers and caps, and every choice
    that depends only on the scheme, is settled here, once; the formula's lines are
    :func:`~ipcomp.engine.arithmetic.trace_shares`'.

    >>> from ipcomp import WEIHAI_2020
    >>> from ipcomp.engine.plan import plan_of
    >>> from ipcomp.testing import example_claim
    >>> f = compile_compensation(plan_of(WEIHAI_2020))
    >>> f(example_claim(), None, None).total
    Decimal('480000.00')
    """
    n = len(plan.payer_ids)
    out = [
        "def compensate(claim, carried, pools):",
        "    c = claim.__dict__  # fields from the __dict__: no __getattr__ hook (speed)",
        "    loan = c['loan']",
        "    l = loan.__dict__",
        "    bank = l['bank']",
        # 1. Art. 8(1), D9: _ip_part_loss, its two usual cases written out (speed)
        "    ip = c['ip_principal_loss']",
        "    if ip is not None:",
        "        loss_basis = 'stated'",
        "    elif l['ip_principal'] is None or l['ip_principal'] == l['principal']:",
        "        ip, loss_basis = c['principal_loss'], 'whole_loan'",
        "    else:",
        "        ip, loss_basis = _ip_part_loss(claim)",
    ]
    for i, payer in enumerate(plan.payer_ids):  # D5: stated, plus carried in a portfolio
        field = _BEFORE_FIELD.get(payer)
        source = f"c[{field!r}]" if field else f"c['paid_before'].get({payer!r}, _ZERO)"
        out.append(f"    b{i} = {source}")
    out.append("    if carried is not None:")
    out += [f"        b{i} = _add(b{i}, carried[{i}])" for i in range(n)]
    # D7: the claim's business year and the bank's first (deadlines.business_year and
    # first_business_year on the scheme's start; tests/engine/test_compiled.py pins them)
    start = plan.year_start
    out += [
        "    day = c['applied_on'] or c['recognized_on'] or l['disbursed_on']",
        f"    year = day.year if (day.month, day.day) >= {start!r} else day.year - 1",
        "    day = _EFFECTIVE_FROM",
        "    reported = bank.reported_in_weihai_on",
        "    if reported is not None and reported > day:",
        "        day = reported",
        f"    first_year = day.year if (day.month, day.day) >= {start!r} else day.year - 1",
        "    notes = ()",
    ]
    scope: dict[str, Any] = {
        "_ip_part_loss": _ip_part_loss,
        "_no_assessment_note": _no_assessment_note,
        "_cap_note": _cap_note,
        "_pool_note": _pool_note,
        "_share": DECIMAL.share,
        **build_scope(_Share=Share, _Compensation=Compensation),
        "_EFFECTIVE_FROM": plan.effective_from,
        "_MAX_AMOUNT": MAX_AMOUNT,
        "plan": plan,
    }
    for c, cap in enumerate(plan.caps):  # 3. the amount of each cap in force (D7, D8)
        if cap.kind == "assessed":
            scope[f"_first{c}"], scope[f"_max{c}"] = cap.first_year, cap.later_year_max
            out += [  # cap_basis and arithmetic.assessed_cap, written out (speed)
                "    if year <= first_year:",
                f"        basis{c}, a{c} = 'first_year', _first{c}",
                "    else:",
                "        assessed = bank.assessed_caps.get(year)",
                "        if assessed is None:",
                f"            basis{c}, a{c} = 'no_assessment', _first{c}",
                f"            notes += (_no_assessment_note(year, a{c}, plan),)",
                "        else:",
                f"            basis{c} = 'assessed'",
                f"            a{c} = _max{c} if _max{c} < assessed else assessed",
            ]
        elif cap.kind == "fixed":
            scope[f"_amount{c}"] = cap.amount
            out.append(f"    a{c} = _amount{c}")
        else:
            scope[f"_cap_share{c}"] = cap.share
            out.append(f"    a{c} = _share(l['principal'], _cap_share{c})")
    pays: list[str | None] = []
    pool_names: list[str | None] = []
    for i, (applies_to, pool) in enumerate(zip(plan.applies_to, plan.pools, strict=True)):
        if applies_to == "all":
            pays.append(None)
        else:  # on direct, or on indirect, pledges only (unknown: neither)
            pays.append(f"pay{i}")
            out.append(f"    pay{i} = l['direct'] is {applies_to == 'direct'}")
        pool_names.append(None if pool is None else f"pool{i}")
        if pool is not None:  # 4. what remains of the pool (default: all of it)
            scope[f"_pool{i}"] = pool
            out.append(f"    pool{i} = _pool{i} if pools is None else pools[{i}]")
    cap_inputs = [
        (f"a{c}", cap.members, cap.cut_order, [f"b{i}" for i in cap.members])
        for c, cap in enumerate(plan.caps)
    ]
    lines, formula_scope, (uncapped, capped, paid) = trace_shares(
        plan.rates, "ip", pays, cap_inputs, pool_names
    )
    scope.update(formula_scope)
    out += lines  # 2.-4. the shares (D14, I23), the caps (D5, D6) and the pools
    u, k, p = (f"[{', '.join(names)}]" for names in (uncapped, capped, paid))
    cut = " or ".join(f"{a} != {b}" for a, b in zip(uncapped, capped, strict=True) if a != b)
    out.append("    cut = " + (cut or "False"))  # no cap touches a payer: never cut
    if cut:
        out += ["    if cut:", f"        notes += (_cap_note({u}, {k}, plan),)"]
    pooled = [f"{a} != {b}" for a, b, x in zip(capped, paid, pool_names, strict=True) if x]
    out.append("    pooled = " + (" or ".join(pooled) if pooled else "False"))
    if pooled:
        out += ["    if pooled:", f"        notes += (_pool_note({k}, {p}, plan),)"]
    out.append("    total = _ZERO")  # 5.
    out += [f"    total = _add(total, {name})" for name in paid]
    for i, (payer, name_zh, name_en, _, j) in enumerate(plan.payers):
        out += build_lines(
            f"share{i}",
            "_Share",
            f"{{'payer': {payer!r}, 'name_zh': {name_zh!r}, 'name_en': {name_en!r}, "
            f"'rate': _r{i}, 'uncapped': {uncapped[i]}, 'paid': {paid[i]}, "
            f"'paid_before': b{i}, 'cap': {'None' if j is None else f'a{j}'}}}",
        )
    pi, mi, mc = plan.provincial, plan.municipal, plan.municipal_cap

    def of(index: int | None, names: Sequence[str], default: str = "_ZERO") -> str:
        return default if index is None else names[index]

    if mc is None:  # the compatibility view of the municipal cap (D6, D7)
        basis, municipal_cap = "'none'", "_MAX_AMOUNT"
    else:
        kind = plan.caps[mc].kind
        basis = f"basis{mc}" if kind == "assessed" else repr(kind)
        municipal_cap = f"a{mc}"
    befores = [f"b{i}" for i in range(n)]
    rates = [f"_r{i}" for i in range(n)]
    fields = {
        "ip_loss": "ip",
        "provincial": of(pi, paid),
        "municipal_uncapped": of(mi, uncapped),
        "municipal_cap": municipal_cap,
        "municipal": of(mi, paid),
        "total": "total",
        "bank_share": "_sub(ip, total)",
        "capped": "cut or pooled",
        "business_year": "year",
        "notes": "notes",
        "provincial_uncapped": of(pi, uncapped),
        "provincial_rate": of(pi, rates, "None"),
        "municipal_rate": of(mi, rates, "None"),
        "ip_loss_basis": "loss_basis",
        "cap_basis": basis,
        "cap_scope": repr(plan.scope),
        "first_business_year": "first_year",
        "municipal_paid_before": of(mi, befores),
        "provincial_paid_before": of(pi, befores),
        "shares": "(" + "".join(f"share{i}, " for i in range(n)) + ")",
        "scheme": repr(plan.id),
    }
    display = "{" + ", ".join(f"{key!r}: {value}" for key, value in fields.items()) + "}"
    out += build_lines("compensation", "_Compensation", display)
    out.append("    return compensation")
    exec(compile("\n".join(out), f"<ipcomp compensation of {plan.id}>", "exec"), scope)
    return scope["compensate"]  # type: ignore[no-any-return]


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
