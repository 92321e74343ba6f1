"""The straight-line code of a scheme (``compile_assessment``, ``compile_compensation``)
is the engine's rules and formula, nothing else: on any claim, under every scheme, it
gives exactly what the rules run one by one and the formula run on the ``Decimal`` back
end give (Art. 3–10, 8(2); D4–D9, D14, I65). The reference below is written the plain
way, from the engine's parts: ``run_checks`` per subject, the deadline in full
(``_status``), ``business_year``/``first_business_year``/``cap_basis`` and
``arithmetic.shares`` on :data:`~ipcomp.engine.arithmetic.DECIMAL`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _shapes import shapes
from _strategies import scaled
from ipcomp import Assessment, Claim, Compensation, assess, compensate
from ipcomp.core._build import build
from ipcomp.core.money import _EXACT, MAX_AMOUNT
from ipcomp.core.workdays import CALENDAR, Calendar
from ipcomp.engine import claim as claim_rules
from ipcomp.engine.arithmetic import DECIMAL, assessed_cap, shares
from ipcomp.engine.compensation import (
    _cap_note,
    _ip_part_loss,
    _no_assessment_note,
    _pool_note,
    cap_basis,
    claim_date,
    stated_paid_before,
)
from ipcomp.engine.deadlines import business_year, first_business_year
from ipcomp.engine.plan import Plan, plan_of
from ipcomp.engine.requirements import run_checks
from ipcomp.results import Share
from ipcomp.schemes import Scheme, get_scheme, load_scheme, registered_schemes
from ipcomp.schemes.model import SUBJECTS
from ipcomp.testing import claims

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "schemes"
SCHEMES: dict[str, Scheme] = {
    **{name: get_scheme(name) for name in registered_schemes()},
    **{
        path.stem: load_scheme(path)
        for path in sorted(EXAMPLES.glob("*.json"))
        if not path.name.endswith(".cases.json")
    },
}

#: ... and schemes of unusual shapes (tests/_shapes.py), for the tests against the reference
ALL = {**SCHEMES, **shapes()}
ZERO = Decimal("0.00")
scheme_ids = pytest.mark.parametrize("scheme_id", sorted(SCHEMES))
all_ids = pytest.mark.parametrize("scheme_id", sorted(ALL))


def reference_compensation(
    claim: Claim, plan: Plan, carried: Any = None, pools: Any = None
) -> Compensation:
    """Art. 8(2) the plain way (see the module docstring)."""
    loan, bank, scheme = claim.loan, claim.loan.bank, plan.scheme
    ip_loss, loss_basis = _ip_part_loss(claim)
    before = stated_paid_before(claim, plan)
    if carried is not None:
        before = [a + b for a, b in zip(before, carried, strict=True)]
    year = business_year(claim_date(claim), scheme)
    first = first_business_year(bank, scheme)
    notes: tuple[Any, ...] = ()
    amounts, bases = [], []
    for cap in plan.caps:
        basis = cap.kind
        if cap.kind == "assessed":
            basis, assessed = cap_basis(bank, year, first)
            amount = assessed_cap(
                DECIMAL, basis == "assessed", assessed or ZERO, cap.first_year, cap.later_year_max
            )
            if basis == "no_assessment":
                notes += (_no_assessment_note(year, amount, plan),)
        elif cap.kind == "fixed":
            amount = cap.amount
        else:
            amount = DECIMAL.share(loan.principal, cap.share)
        amounts.append(amount)
        bases.append(basis)
    pays = [
        None if a == "all" else (loan.direct is True if a == "direct" else loan.direct is False)
        for a in plan.applies_to
    ]
    left = plan.pools if pools is None else pools
    caps = [
        (amount, cap.members, cap.cut_order, [before[i] for i in cap.members])
        for amount, cap in zip(amounts, plan.caps, strict=True)
    ]
    uncapped, capped, paid = shares(DECIMAL, ip_loss, plan.rates, pays, caps, left)
    if capped != uncapped:
        notes += (_cap_note(uncapped, capped, plan),)
    pooled = paid != capped
    if pooled:
        notes += (_pool_note(capped, paid, plan),)
    total = sum(paid, ZERO)
    p, m, mc = plan.provincial, plan.municipal, plan.municipal_cap
    share_list = tuple(
        build(
            Share,
            {
                "payer": payer,
                "name_zh": plan.names_zh[i],
                "name_en": plan.names_en[i],
                "rate": plan.rates[i],
                "uncapped": uncapped[i],
                "paid": paid[i],
                "paid_before": before[i],
                "cap": None if plan.cap_of[i] is None else amounts[plan.cap_of[i]],  # type: ignore[index]
            },
        )
        for i, payer in enumerate(plan.payer_ids)
    )
    return build(
        Compensation,
        {
            "ip_loss": ip_loss,
            "provincial": ZERO if p is None else paid[p],
            "municipal_uncapped": ZERO if m is None else uncapped[m],
            "municipal_cap": MAX_AMOUNT if mc is None else amounts[mc],
            "municipal": ZERO if m is None else paid[m],
            "total": total,
            "bank_share": ip_loss - total,
            "capped": capped != uncapped or pooled,
            "business_year": year,
            "notes": notes,
            "provincial_uncapped": ZERO if p is None else uncapped[p],
            "provincial_rate": None if p is None else plan.rates[p],
            "municipal_rate": None if m is None else plan.rates[m],
            "ip_loss_basis": loss_basis,
            "cap_basis": "none" if mc is None else bases[mc],
            "cap_scope": plan.scope,
            "first_business_year": first,
            "municipal_paid_before": ZERO if m is None else before[m],
            "provincial_paid_before": ZERO if p is None else before[p],
            "shares": share_list,
            "scheme": plan.id,
        },
    )


def reference_assessment(claim: Claim, plan: Plan, calendar: Calendar = CALENDAR) -> Assessment:
    """The whole assessment the plain way: the deadline in full, every subject's rules
    through ``run_checks``, the compensation only when nothing blocks."""
    loan = claim.loan
    recognised = claim.recognized_on is not None
    status = claim_rules._status(claim, plan, calendar) if recognised else claim_rules._NO_DEADLINE
    findings = []
    for subject, obj in zip(SUBJECTS, (loan.enterprise, loan.bank, loan, claim), strict=True):
        findings += run_checks(plan, subject, obj, status)
    eligible = not any(f.blocking for f in findings)
    compensation = reference_compensation(claim, plan) if eligible else None
    if compensation is not None:
        findings += compensation.notes
    return Assessment(
        eligible=eligible,
        findings=tuple(findings),
        compensation=compensation,
        deadline=status.deadline,
        loan_id=loan.loan_id,
        deadline_estimated=status.estimated,
        calendar=status.calendar,
    )


_MONEY = st.integers(0, 3_000_000_00).map(lambda fen: Decimal(fen).scaleb(-2))


def _with_other_payers(claim: Claim, plan: Plan, data: st.DataObject) -> Claim:
    """The claim, with what the scheme's payers other than the two funds paid before."""
    others = [p for p in plan.payer_ids if p not in ("provincial", "municipal")]
    paid = {p: data.draw(_MONEY) for p in others if data.draw(st.booleans())}
    return claim.model_copy(update={"paid_before": paid}) if paid else claim


@all_ids
@settings(max_examples=scaled(80))
@given(claim=claims(), data=st.data())
def test_the_compiled_assessment_is_the_rules_run_one_by_one(
    scheme_id: str, claim: Claim, data: st.DataObject
) -> None:
    """Every finding in order, eligibility, the deadline and its notices, and the whole
    compensation (every field, every share, every note) are the reference's, under the
    shipped and example schemes and schemes of unusual shapes."""
    scheme = ALL[scheme_id]
    plan = plan_of(scheme)
    claim = _with_other_payers(claim, plan, data)
    assert assess(claim, scheme) == reference_assessment(claim, plan)


@all_ids
@settings(max_examples=scaled(80))
@given(claim=claims(), data=st.data())
def test_the_compiled_compensation_is_the_formula(
    scheme_id: str, claim: Claim, data: st.DataObject
) -> None:
    """D5, D14 and the fund pools: with what a portfolio carries for each payer and
    what remains of the pools, too."""
    from ipcomp.engine.compensation import _compensate

    scheme = ALL[scheme_id]
    plan = plan_of(scheme)
    claim = _with_other_payers(claim, plan, data)
    assert compensate(claim, scheme) == reference_compensation(claim, plan)
    money = _MONEY
    carried = [data.draw(money) for _ in plan.payer_ids]
    pools = [None if pool is None else data.draw(money) for pool in plan.pools]
    got = _compensate(claim, plan, carried, pools)
    assert got == reference_compensation(claim, plan, carried, pools)


def test_the_code_is_written_once_per_scheme() -> None:
    """A plan keeps its straight-line code: the second claim runs the same function."""
    from ipcomp.engine.assess import compile_assessment
    from ipcomp.engine.compensation import compiled_compensation

    plan = plan_of(SCHEMES["weihai_2020"])
    assess(Claim.model_validate(_example()))
    first = plan.compiled_assessment
    assert first is not None
    assess(Claim.model_validate(_example()))
    assert plan.compiled_assessment is first
    assert compiled_compensation(plan) is plan.compiled_compensation
    assert compile_assessment(plan) is not first  # compiling again writes a new function


def _example() -> dict[str, Any]:
    from ipcomp.testing import example_claim

    return example_claim().model_dump()


@given(claim=claims(), calendar=st.sampled_from([CALENDAR]))
@settings(max_examples=scaled(100))
def test_the_kept_deadline_status_is_the_status_worked_out_in_full(
    claim: Claim, calendar: Calendar
) -> None:
    """D10, D11: the status kept per recognition day is the one worked out for the
    claim itself, late or not, asked for the first time or again."""
    plan = plan_of(SCHEMES["weihai_2020"])
    if claim.recognized_on is None:
        assert claim_rules.deadline_status(claim, plan, calendar) == claim_rules._NO_DEADLINE
        return
    want = claim_rules._status(claim, plan, calendar)
    assert claim_rules.deadline_status(claim, plan, calendar) == want
    assert claim_rules.deadline_status(claim, plan, calendar) == want  # kept


def test_the_kept_statuses_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A plan keeps at most ``_MAX_IN_TIME`` statuses, for one calendar at a time (a
    notebook trying many calendars keeps only the last one alive through the plan)."""
    from ipcomp.testing import example_claim

    plan = plan_of(SCHEMES["weihai_2020"])
    monkeypatch.setattr(claim_rules, "_MAX_IN_TIME", 3)
    object.__setattr__(plan, "in_time", (None, {}))
    claim = example_claim()
    for day in range(1, 6):
        recognised = claim.model_copy(
            update={"recognized_on": dt.date(2023, 9, day), "applied_on": None}
        )
        claim_rules.deadline_status(recognised, plan, CALENDAR)
        assert len(plan.in_time[1]) <= 3
    held, statuses = plan.in_time
    assert held is CALENDAR
    assert set(statuses) == {dt.date(2023, 9, 4), dt.date(2023, 9, 5)}  # anew at the 4th
    other = Calendar()  # equal to the built-in one, but another object
    want = claim_rules._status(claim, plan, other)
    assert claim_rules.deadline_status(claim, plan, other) == want
    held, statuses = plan.in_time
    assert held is other  # another calendar: the statuses start again
    assert set(statuses) == {claim.recognized_on}


def test_a_thread_on_another_calendar_never_writes_into_this_ones_statuses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pair (calendar, statuses) is replaced whole: a status worked out on the
    calendar held before, while another thread moved the plan to a new calendar, goes
    into the old calendar's statuses, never the new one's."""
    from ipcomp.testing import example_claim

    plan = plan_of(SCHEMES["weihai_2020"])
    claim = example_claim().model_copy(update={"applied_on": None})
    other = Calendar()  # equal to the built-in one, another object
    worked_out = claim_rules._in_time

    def meanwhile(recognized: dt.date, plan: Plan, calendar: Calendar) -> Any:
        if calendar is other:  # the other thread takes the plan to the built-in calendar
            monkeypatch.setattr(claim_rules, "_in_time", worked_out)
            assert claim_rules.deadline_status(claim, plan, CALENDAR).deadline is not None
            object.__setattr__(plan, "in_time", (CALENDAR, {}))  # and starts its statuses
        return worked_out(recognized, plan, calendar)

    monkeypatch.setattr(claim_rules, "_in_time", meanwhile)
    object.__setattr__(plan, "in_time", (None, {}))
    claim_rules.deadline_status(claim, plan, other)
    held, statuses = plan.in_time
    assert held is CALENDAR
    assert statuses == {}  # the status worked out on `other` went into other's own dict


def _subjects(claim: Claim) -> dict[str, Any]:
    loan = claim.loan
    return dict(zip(SUBJECTS, (loan.enterprise, loan.bank, loan, claim), strict=True))


@all_ids
@settings(max_examples=scaled(150))
@given(claim=claims())
def test_a_rules_passes_test_never_hides_a_finding(scheme_id: str, claim: Claim) -> None:
    """Every rule's ``passes`` expression (plan.rule) holds only where the rule's function
    finds nothing: skipping the call there changes no assessment."""
    from ipcomp.engine.plan import PASSES

    scheme = ALL[scheme_id]
    plan = plan_of(scheme)
    status = claim_rules.deadline_status(claim, plan, CALENDAR)
    subjects = _subjects(claim)
    for subject, checks in plan.checks.items():
        for check in checks:
            passes = PASSES.get(check.function) if check.function else None  # type: ignore[arg-type]
            if passes is None:
                continue
            names = {"obj": subjects[subject], "status": status, "scheme": scheme, "plan": plan}
            if eval(passes, {"_DATE_MIN": dt.date.min, "_add": _EXACT.add}, names):
                assert check.function(subjects[subject], plan, status) is None, passes  # type: ignore[misc]


def test_the_rules_with_a_passes_test() -> None:
    """The rules that skip their call in the usual case (the others always run)."""
    from ipcomp.engine.plan import PASSES, _functions

    kinds = {kind for kind, function in _functions().items() if function in PASSES}
    assert kinds == {
        "bank_reported",
        "assessed_caps_within_max",
        "principal_loss",
        "non_performing",
        "recognised",
        "application_deadline",
        "paid_before_plausible",
        "no_fraud",
        "applied_in_force",
        "applied_after_bank_reported",
        "registered_in_region",
        "rating",
        "disbursed_in_force",
    }


@all_ids
@settings(max_examples=scaled(100))
@given(claim=claims(), data=st.data())
def test_the_plausible_bound_is_a_shortcut(
    scheme_id: str, claim: Claim, data: st.DataObject
) -> None:
    """Art. 8(2), D5, D8: what the claim states as paid before is judged the same with
    the plan's ``paid_before_bound`` shortcut as cap by cap."""
    plan = plan_of(ALL[scheme_id])
    claim = _with_other_payers(claim, plan, data)
    status = claim_rules.deadline_status(claim, plan, CALENDAR)
    with_bound = claim_rules._paid_before(claim, plan, status)
    bound = plan.paid_before_bound
    object.__setattr__(plan, "paid_before_bound", None)
    try:
        assert claim_rules._paid_before(claim, plan, status) == with_bound
    finally:
        object.__setattr__(plan, "paid_before_bound", bound)


def test_the_plausible_bound_of_each_scheme() -> None:
    """The least most-possible cap (Weihai: the later-year maximum 1,500,000.00); none
    for a scheme with a cap as a share of the principal (it depends on the loan)."""
    assert plan_of(SCHEMES["weihai_2020"]).paid_before_bound == Decimal("1500000.00")
    assert plan_of(SCHEMES["three_payers"]).paid_before_bound is None
