"""A scheme compiled for the engine: its rules in order with their functions, its code
table, its payers' rates and its caps laid out for the formula of
:mod:`ipcomp.engine.arithmetic`.

Compiling is done once per scheme (cached on it; a scheme is immutable): the hot path of
:func:`~ipcomp.assess` then reads tuples, never the pydantic models.
"""

from __future__ import annotations

import datetime as dt
import operator
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from ..core._args import expect
from ..core.enums import IP_KIND_ZH
from ..core.errors import InvalidArgument
from ..findings import Code, CodeInfo, Finding, make_finding, shared_finding
from ..schemes.model import SUBJECTS, Cap, Rule, Scheme

if TYPE_CHECKING:
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["CapPlan", "Check", "Plan", "plan_of"]

#: A rule's function: (the subject, the plan, the claim's context or None) -> a finding,
#: several, or None.
RuleFn = Callable[[Any, "Plan", Any], "Finding | tuple[Finding, ...] | None"]


@dataclass(frozen=True, slots=True)
class Check:
    """One rule, compiled: a yes/no fact with its two findings, or a rule function."""

    fact: str | None
    if_false: Finding | None
    if_unknown: Finding | None
    function: RuleFn | None


@dataclass(frozen=True, slots=True)
class CapPlan:
    """One cap, laid out for the formula: payer indexes, cut order, its amount's kind."""

    id: str
    kind: str
    members: tuple[int, ...]
    cut_order: tuple[int, ...]
    amount: Decimal | None
    share: Decimal | None
    first_year: Decimal | None
    later_year_max: Decimal | None


@dataclass(frozen=True, eq=False)
class Plan:
    """A compiled :class:`~ipcomp.schemes.Scheme` (see the module docstring).

    It is the :class:`~ipcomp.findings.CodeTable` of the scheme's findings: ``id`` and
    :meth:`info` give each finding its scheme and article.
    """

    scheme: Scheme
    id: str
    checks: Mapping[str, tuple[Check, ...]]
    payer_ids: tuple[str, ...]
    names_zh: tuple[str, ...]
    names_en: tuple[str, ...]
    rates: tuple[Decimal, ...]
    applies_to: tuple[str, ...]
    pools: tuple[Decimal | None, ...]
    caps: tuple[CapPlan, ...]
    provincial: int | None
    municipal: int | None
    ip_kinds_zh: str
    ip_kinds_en: str
    _info: dict[Code, CodeInfo] = field(repr=False)
    #: precomputed for the hot path of compensate (derived from the fields above)
    pays_everywhere: bool = False
    has_pools: bool = False
    two_funds: bool = False  # the payers are exactly (provincial, municipal)
    cap_of: tuple[int | None, ...] = ()  # per payer: the first cap that limits it
    municipal_cap: int | None = None  # the first cap that limits the municipal payer
    assessed_max: Decimal | None = None  # the smallest maximum of the assessed caps
    #: per subject: a getter of all its yes/no facts at once (None: it has none), and its
    #: other rules' functions in order — the path of a subject that meets every requirement
    fast: Mapping[str, tuple[Callable[[Any], Any] | None, tuple[RuleFn, ...]]] = field(
        default_factory=dict
    )
    scope: str = "municipal"  # the compatibility view of the municipal cap's scope (D6)
    #: per cap, the most it can ever be (fixed: its amount; assessed: the larger of the
    #: first-year cap and the maximum; None for a share of the principal)
    cap_most: tuple[Decimal | None, ...] = ()
    #: per payer: (id, name zh, name en, rate, index of its first cap or None)
    payers: tuple[tuple[str, str, str, Decimal, int | None], ...] = ()
    #: the scheme's business_year_start and effective_from (D7), read on the hot path
    year_start: tuple[int, int] = (1, 1)
    effective_from: dt.date = dt.date.min
    #: the scheme's compensation as straight-line code (compensation.compile_compensation),
    #: written on first use
    compiled_compensation: Callable[..., Any] | None = field(default=None, repr=False)
    #: the scheme's whole assessment as straight-line code (assess.compile_assessment),
    #: written on first use
    compiled_assessment: Callable[..., Any] | None = field(default=None, repr=False)
    #: the least of ``cap_most`` (None when a cap is a share of the principal, or there
    #: are none): stated earlier payments summing to no more are plausible under every cap
    paid_before_bound: Decimal | None = None
    #: (a calendar, the deadline status of an application in time on it by recognition
    #: day): replaced whole, never changed under another calendar (claim.deadline_status)
    in_time: tuple[Any, dict[Any, Any]] = field(default=(None, {}), repr=False)

    def info(self, code: Code) -> CodeInfo:
        """Article (English and Chinese), blocking, meaning and decisions of ``code``."""
        found = self._info.get(code)
        if found is None:
            raise InvalidArgument(f"scheme {self.id!r} has no code {code} in its code table")
        return found

    def finding(self, code: Code, zh: str, en: str, *, blocking: bool | None = None) -> Finding:
        """A finding of this scheme (article from its code table)."""
        return make_finding(code, zh, en, blocking=blocking, table=self)

    def shared(self, code: Code, zh: str, en: str, *, blocking: bool | None = None) -> Finding:
        """:meth:`finding`, built once per distinct message and then shared."""
        return shared_finding(code, zh, en, blocking=blocking, table=self)


_RULES: dict[str, RuleFn] = {}
#: Per rule function, its ``passes`` expression (see :func:`rule`).
PASSES: dict[RuleFn, str] = {}


def rule(kind: str, passes: str | None = None) -> Callable[[RuleFn], RuleFn]:
    """Register the engine's function for a rule kind (see ``RULE_KINDS``).

    ``passes``: a cheap condition under which the rule finds nothing, as a Python
    expression over ``obj`` (the subject), ``status`` (the claim's deadline status),
    ``scheme``, ``plan``, ``_add`` (exact addition) and ``_DATE_MIN``: the compiled assessment (:func:`~ipcomp.engine.assess.compile_assessment`)
    calls the function only when it does not hold (the usual case skips the call). It
    must never hide a finding: ``tests/engine/test_compiled.py`` checks, for every rule
    that has one, that the function finds nothing wherever it holds.
    """

    def register(function: RuleFn) -> RuleFn:
        _RULES[kind] = function
        if passes is not None:
            PASSES[function] = passes
        return function

    return register


def _functions() -> Mapping[str, RuleFn]:
    from . import bank, claim, enterprise, loan  # noqa: F401 - they register their rules

    return _RULES


def _unmet(rule: Rule, unknown: bool, plan: Plan) -> Finding:
    """The finding of a yes/no requirement that is false, or unknown (D4)."""
    assert rule.code is not None
    assert rule.requirement is not None
    zh, en = rule.requirement.zh, rule.requirement.en
    if unknown:
        return plan.finding(
            rule.code,
            f"未知是否{zh}（事实未提供，按不符合处理）。",
            f"it is unknown whether {en} (fact not given; treated as unmet).",
        )
    return plan.finding(rule.code, f"不满足：{zh}。", f"requirement not met: {en}.")


def _cap_plan(cap: Cap, index: Mapping[str, int]) -> CapPlan:
    return CapPlan(
        cap.id,
        cap.kind,
        tuple(index[p] for p in cap.payers),
        tuple(index[p] for p in cap.cuts),
        cap.amount,
        cap.share,
        cap.first_year,
        cap.later_year_max,
    )


#: Plans by the id of the policy or scheme they were made for, with a weak reference that
#: tells whether the object is still the one (ids are reused after an object dies). A
#: dict lookup is several times cheaper than a private attribute of a pydantic model.
#: A plan holds its scheme, so the cache keeps at most _MAX_PLANS entries and forgets the
#: oldest first: a notebook deriving thousands of what-if policies does not keep them all.
_PLANS: dict[int, tuple[weakref.ref[Any], Plan]] = {}
_MAX_PLANS: Final = 256


def _remember(obj: Any, plan: Plan, plans: dict[int, Any] = _PLANS) -> None:
    key = id(obj)
    plans.pop(key, None)  # re-inserted last: the newest
    plans[key] = (weakref.ref(obj, _forget(key)), plan)
    while len(plans) > _MAX_PLANS:
        del plans[next(iter(plans))]


def _forget(key: int, plans: dict[int, Any] = _PLANS) -> Callable[[Any], None]:
    def forget(_: Any) -> None:  # bound to the dict itself: it may run at interpreter exit
        plans.pop(key, None)

    return forget


def _all_of(names: list[str]) -> Callable[[Any], Any] | None:
    """A getter of the facts ``names`` giving a tuple (``None`` for no facts)."""
    if not names:
        return None
    getter = operator.attrgetter(*names)
    if len(names) == 1:
        return lambda obj: (getter(obj),)
    return getter


def _scope(plan: Plan, cap_of: tuple[int | None, ...]) -> str:
    """Compensation.cap_scope (D6): ``municipal`` when the municipal payer's first cap is
    its own (or it has none), ``government_total`` when it caps the two funds together,
    ``joint`` when it caps other payers too."""
    m = plan.municipal
    index = None if m is None else cap_of[m]
    if index is None:
        return "municipal"
    members = plan.caps[index].members
    if members == (m,):
        return "municipal"
    if set(members) == {m, plan.provincial}:
        return "government_total"
    return "joint"


def compile_scheme(scheme: Scheme) -> Plan:
    """The :class:`Plan` of ``scheme`` (cached for as long as the scheme lives)."""
    cached = _PLANS.get(id(scheme))
    if cached is not None and cached[0]() is scheme:
        return cached[1]
    functions = _functions()
    placeholders = scheme._placeholders()
    info = {
        code: CodeInfo(
            text.article.en,
            text.article.zh,
            text.blocking,
            text.meaning.format(**placeholders),
            text.decisions,
        )
        for code, text in scheme.codes.items()
    }
    index = {p.id: i for i, p in enumerate(scheme.payers)}
    kinds = sorted(scheme.eligible_ip_kinds)
    plan = Plan(
        scheme=scheme,
        id=scheme.id,
        checks={},
        payer_ids=tuple(p.id for p in scheme.payers),
        names_zh=tuple(p.name.zh for p in scheme.payers),
        names_en=tuple(p.name.en for p in scheme.payers),
        rates=tuple(p.rate for p in scheme.payers),
        applies_to=tuple(p.applies_to for p in scheme.payers),
        pools=tuple(p.pool for p in scheme.payers),
        caps=tuple(_cap_plan(c, index) for c in scheme.caps),
        provincial=index.get("provincial"),
        municipal=index.get("municipal"),
        ip_kinds_zh="或".join(IP_KIND_ZH[k] for k in kinds),
        ip_kinds_en=", ".join(kinds),
        _info=info,
    )
    cap_of = tuple(
        next((c for c, cap in enumerate(plan.caps) if i in cap.members), None)
        for i in range(len(plan.payer_ids))
    )
    maxima = [c.later_year_max for c in plan.caps if c.later_year_max is not None]
    derived = {
        "pays_everywhere": all(a == "all" for a in plan.applies_to),
        "has_pools": any(pool is not None for pool in plan.pools),
        "two_funds": plan.payer_ids == ("provincial", "municipal"),
        "cap_of": cap_of,
        "municipal_cap": None if plan.municipal is None else cap_of[plan.municipal],
        "assessed_max": min(maxima) if maxima else None,
        "scope": _scope(plan, cap_of),
        "payers": tuple(
            zip(plan.payer_ids, plan.names_zh, plan.names_en, plan.rates, cap_of, strict=True)
        ),
        "year_start": scheme.business_year_start,
        "effective_from": scheme.effective_from,
        "cap_most": tuple(
            None
            if c.kind == "principal_share"
            else c.amount
            if c.kind == "fixed"
            else max(c.first_year, c.later_year_max)  # type: ignore[type-var]
            for c in plan.caps
        ),
    }
    most: tuple[Decimal | None, ...] = derived["cap_most"]  # type: ignore[assignment]
    known = [m for m in most if m is not None]
    derived["paid_before_bound"] = min(known) if known and len(known) == len(most) else None
    for name, value in derived.items():
        object.__setattr__(plan, name, value)
    checks: dict[str, list[Check]] = {subject: [] for subject in SUBJECTS}
    for r in scheme.rules:
        if r.kind == "requirement":
            check = Check(r.fact, _unmet(r, False, plan), _unmet(r, True, plan), None)
        else:
            check = Check(None, None, None, functions[r.kind])
        checks[r.of].append(check)
    object.__setattr__(plan, "checks", {k: tuple(v) for k, v in checks.items()})
    fast = {}
    for subject, subject_checks in checks.items():
        names = [c.fact for c in subject_checks if c.fact is not None]
        getter = _all_of(names)
        fast[subject] = (getter, tuple(c.function for c in subject_checks if c.function))
    object.__setattr__(plan, "fast", fast)
    _remember(scheme, plan)
    return plan


def plan_of(policy: Policy | Scheme, name: str = "policy") -> Plan:
    """The plan of a :class:`~ipcomp.Policy` or a :class:`~ipcomp.schemes.Scheme`;
    :class:`~ipcomp.InvalidArgument` for anything else."""
    cached = _PLANS.get(id(policy))
    if cached is not None and cached[0]() is policy:  # the hot path: one dict lookup
        return cached[1]
    scheme = getattr(policy, "scheme", None) if not isinstance(policy, Scheme) else policy
    if not isinstance(scheme, Scheme):
        from ..schemes.weihai_2020.policy import Policy

        expect(policy, Policy, name)  # raises, naming the argument
    assert isinstance(scheme, Scheme)
    plan = compile_scheme(scheme)
    if policy is not scheme:
        _remember(policy, plan)
    return plan
