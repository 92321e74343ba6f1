"""The whole assessment of a claim, in the order of the measures.

:func:`assess` runs the scheme's rules on the enterprise, the bank, the loan and the
claim (Weihai: Art. 3, 6, 4, 7, 14, 8(1), 8(3), 9, 10), with the deadline (Art. 8(3)),
and only when no finding blocks computes the amount (Art. 8(2)) and adds the notes of
the arithmetic (I65): an ineligible claim has no compensation and no note about one.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from pydantic import BaseModel

from ..core._args import iterable
from ..core._build import build_lines, build_scope
from ..core.money import _EXACT
from ..core.workdays import CALENDAR, Calendar, as_calendar
from ..facts import Bank, Claim, Enterprise, Loan, as_claim
from ..findings import Finding
from ..results import Assessment
from ..schemes.model import SUBJECTS
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .claim import deadline_status
from .compensation import compiled_compensation
from .plan import PASSES, Check, Plan, plan_of

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["assess", "assess_many", "iter_assess"]


def assess(
    claim: Claim, policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Assessment:
    """Assess one claim under every article of the measures (or of another scheme),
    counting working days on ``calendar`` (by default the built-in one;
    ``Assessment.calendar`` cites its notices).

    >>> from ipcomp.testing import example_claim
    >>> a = assess(example_claim())
    >>> a.eligible, a.compensation.total, a.deadline
    (True, Decimal('480000.00'), datetime.date(2023, 10, 18))
    """
    claim = as_claim(claim)  # the arguments checked in order, as ever
    plan = plan_of(policy)
    calendar = as_calendar(calendar)
    compiled = plan.compiled_assessment or _compiled(plan)  # _assess, minus a call (speed)
    return compiled(claim, calendar, None, None, ())


def _assess(
    claim: Claim,
    plan: Plan,
    calendar: Calendar = CALENDAR,
    carried: Sequence[Decimal] | None = None,
    pools: Sequence[Decimal | None] | None = None,
    extra: Sequence[Finding] = (),
) -> Assessment:
    """:func:`assess` on arguments already checked; a portfolio gives what each payer
    paid earlier on the loan inside it (``carried``), what remains of the fund pools
    (``pools``) and its own findings on the claim (``extra``).

    It runs the scheme's assessment compiled once into straight-line code
    (:func:`compile_assessment`)."""
    compiled = plan.compiled_assessment or _compiled(plan)
    return compiled(claim, calendar, carried, pools, extra)


def _compiled(plan: Plan) -> Callable[..., Assessment]:
    """:func:`compile_assessment` of ``plan``, written once and kept on the plan."""
    compiled = compile_assessment(plan)
    object.__setattr__(plan, "compiled_assessment", compiled)
    return compiled


#: The class of each subject of a scheme's rules.
_SUBJECT_CLASSES: Final[Mapping[str, type[BaseModel]]] = {
    "enterprise": Enterprise,
    "bank": Bank,
    "loan": Loan,
    "claim": Claim,
}
#: ``obj.name`` in a rule's ``passes`` expression.
_FIELD: Final = re.compile(r"\bobj\.([A-Za-z_][A-Za-z0-9_]*)")


def _calls(
    checks: Sequence[Check], scope: dict[str, Any], indent: str, names: Mapping[str, Any]
) -> list[str]:
    """The lines calling the functions of ``checks`` (the rules that are not yes/no
    requirements), each by a name of its own in ``scope``, adding what they find; a
    ``passes`` expression reads the subject's fields (``names``) from ``fields``."""
    out = []
    for check in checks:
        if check.function is None:
            continue
        name = f"_rule{len(scope)}"
        scope[name] = check.function
        at = indent
        passes = PASSES.get(check.function)
        if passes is not None:  # the rule's own cheap test that it finds nothing
            passes = _FIELD.sub(lambda m: f"fields[{m[1]!r}]" if m[1] in names else m[0], passes)
            out.append(f"{indent}if not ({passes}):")
            at = indent + "    "
        out += [
            f"{at}found = {name}(obj, plan, status)",
            f"{at}if found is not None:",
            f"{at}    if type(found) is _tuple:  # a rule reporting several (I8)",
            f"{at}        findings.extend(found)",
            f"{at}    else:",
            f"{at}        findings.append(found)",
        ]
    return out


def compile_assessment(plan: Plan) -> Callable[..., Assessment]:
    """The assessment of ``plan``'s scheme as one straight-line Python function
    ``f(claim, calendar, carried, pools, extra) -> Assessment``: the deadline, then the
    scheme's rules on each subject in its order, as
    :func:`~ipcomp.engine.requirements.run_checks` runs them (a subject that meets every
    yes/no requirement runs only its other rules' functions, each called by name; one
    that does not is run rule by rule), then, only when no finding blocks, the
    compensation and its notes (I65).

    >>> from ipcomp import WEIHAI_2020
    >>> from ipcomp.engine.plan import plan_of
    >>> from ipcomp.testing import example_claim
    >>> f = compile_assessment(plan_of(WEIHAI_2020))
    >>> f(example_claim(), CALENDAR, None, None, ()).compensation.total
    Decimal('480000.00')
    """
    scope: dict[str, Any] = {
        "plan": plan,
        "scheme": plan.scheme,
        "_DATE_MIN": dt.date.min,
        "_add": _EXACT.add,
        "_deadline_status": deadline_status,
        "_compensate": compiled_compensation(plan),
        **build_scope(_Assessment=Assessment),
        "_tuple": tuple,
    }
    out = [
        "def assess(claim, calendar, carried, pools, extra):",
        "    loan = claim.loan",
        "    status = _deadline_status(claim, plan, calendar)",
        "    findings = []",
    ]
    subjects = ("loan.enterprise", "loan.bank", "loan", "claim")
    for subject, obj in zip(SUBJECTS, subjects, strict=True):
        checks = plan.checks[subject]
        facts = [c.fact for c in checks if c.fact is not None]
        # the subject's fields are read from its __dict__ (a pydantic model's attribute
        # lookup goes through its __getattr__ hook: about twice the time, speed)
        out += [f"    obj = {obj}", "    fields = obj.__dict__"]
        names = _SUBJECT_CLASSES[subject].model_fields
        if not facts:
            out += _calls(checks, scope, "    ", names)
            continue
        # every requirement met (the usual case): only the other rules' functions
        out.append("    if " + " and ".join(f"fields[{fact!r}]" for fact in facts) + ":")
        out += _calls(checks, scope, "        ", names) or ["        pass"]
        out.append("    else:")  # rule by rule, in the scheme's order (run_checks)
        for check in checks:
            if check.fact is None:
                out += _calls((check,), scope, "        ", names)
                continue
            unmet, unknown = f"_unmet{len(scope)}", f"_unknown{len(scope)}"
            scope[unmet], scope[unknown] = check.if_false, check.if_unknown
            out += [  # D4: False and None (unknown) fail alike, each with its message
                f"        value = fields[{check.fact!r}]",
                "        if not value:",
                f"            findings.append({unmet} if value is False else {unknown})",
            ]
    out += [
        "    findings += extra",
        "    eligible = True",
        "    for finding in findings:",
        "        if finding.blocking:",
        "            eligible = False",
        "            break",
        "    if eligible:",  # Art. 8(2): the amount, and its notes, only for an eligible claim
        "        compensation = _compensate(claim, carried, pools)",
        "        findings += compensation.notes",
        "    else:",
        "        compensation = None",
        *build_lines(
            "assessment",
            "_Assessment",
            "{'eligible': eligible, 'findings': _tuple(findings), "
            "'compensation': compensation, 'deadline': status.deadline, "
            "'loan_id': loan.loan_id, 'deadline_estimated': status.estimated, "
            "'calendar': status.calendar}",
        ),
        "    return assessment",
    ]
    exec(compile("\n".join(out), f"<ipcomp assessment of {plan.id}>", "exec"), scope)
    return scope["assess"]  # type: ignore[no-any-return]


def assess_many(
    claims: Iterable[Claim], policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> list[Assessment]:
    """Assess claims **independently**, one by one, in order: the same results as
    :func:`assess` on each. Two claims on the same loan are *not* carried one into the
    other (each is judged with only what it states as paid before, D5): for a
    portfolio over time, use :func:`~ipcomp.assess_portfolio`.

    >>> from ipcomp.testing import example_claim
    >>> [a.eligible for a in assess_many([example_claim(), example_claim()])]
    [True, True]
    """
    return list(iter_assess(claims, policy, calendar=calendar))


def iter_assess(
    claims: Iterable[Claim], policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Iterator[Assessment]:
    """:func:`assess_many` as a stream: one assessment per claim as it comes, holding
    nothing (memory does not grow with the number of claims).

    >>> from ipcomp.testing import example_claim
    >>> next(iter_assess([example_claim()])).eligible
    True
    """
    items = iterable(claims, "claims", of="ipcomp.Claim")
    plan = plan_of(policy)
    calendar = as_calendar(calendar)
    return (
        _assess(as_claim(claim, f"claims[{i}]"), plan, calendar) for i, claim in enumerate(items)
    )
