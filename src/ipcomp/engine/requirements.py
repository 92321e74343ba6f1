"""Running a scheme's rules on one subject, in the scheme's order (D4).

A yes/no requirement (a rule of kind ``requirement``: a ``bool | None`` fact that must be
true) is one table row, run by one piece of code here: ``False`` and ``None`` (unknown)
fail alike, with the requirement's own code and a message that says which it was (D4).
Every other rule is a function of the engine, registered under its kind by
:func:`~ipcomp.engine.plan.rule` in :mod:`~ipcomp.engine.enterprise`,
:mod:`~ipcomp.engine.bank`, :mod:`~ipcomp.engine.loan` and :mod:`~ipcomp.engine.claim`.

>>> from ipcomp import WEIHAI_2020
>>> from ipcomp.engine.plan import plan_of
>>> from ipcomp.testing import example_enterprise
>>> findings = run_checks(plan_of(WEIHAI_2020), "enterprise", example_enterprise(operating=None))
>>> [(f.code.value, f.message_en) for f in findings]  # doctest: +NORMALIZE_WHITESPACE
[('ENTERPRISE_NOT_OPERATING', 'it is unknown whether the enterprise is engaged in production
  or business (fact not given; treated as unmet).')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..findings import Finding
    from .plan import Plan

__all__ = ["run_checks"]


def run_checks(plan: Plan, subject: str, obj: Any, context: Any = None) -> list[Finding]:
    """Every finding of the scheme's rules on ``subject`` (``"enterprise"``, ``"bank"``,
    ``"loan"`` or ``"claim"``), in the scheme's order. ``context`` is what the claim
    rules need besides the claim (its deadline status), ``None`` for the others."""
    facts, functions = plan.fast[subject]
    if facts is None or all(facts(obj)):  # every requirement met: only the other rules
        findings: list[Finding] = []
        for function in functions:
            found = function(obj, plan, context)
            if found is not None:
                if type(found) is tuple:  # a rule that reports several (one per year, I8)
                    findings.extend(found)
                else:
                    findings.append(found)  # type: ignore[arg-type]
        return findings
    return _in_order(plan, subject, obj, context)


def _in_order(plan: Plan, subject: str, obj: Any, context: Any) -> list[Finding]:
    """:func:`run_checks` rule by rule, in the scheme's order."""
    findings: list[Finding] = []
    for check in plan.checks[subject]:
        fact = check.fact
        if fact is not None:  # a yes/no requirement
            value = getattr(obj, fact)
            if not value:
                findings.append(check.if_false if value is False else check.if_unknown)  # type: ignore[arg-type]
            continue
        found = check.function(obj, plan, context)  # type: ignore[misc]
        if found is None:
            continue
        if type(found) is tuple:
            findings.extend(found)
        else:
            findings.append(found)  # type: ignore[arg-type]
    return findings
