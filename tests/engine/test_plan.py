"""The compiled plan of a scheme (ipcomp.engine.plan): the findings of its yes/no
requirements (D4), the scope of the municipal cap (D6), and the cache of plans."""

from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path

import pytest

import ipcomp.schemes.weihai_2020 as weihai
from _strategies import example_scheme_data
from ipcomp import WEIHAI_2020, Code, assess
from ipcomp.engine import plan as plan_module
from ipcomp.engine.arithmetic import DECIMAL, shares
from ipcomp.engine.plan import compile_scheme, plan_of
from ipcomp.schemes import Scheme, get_scheme, load_scheme
from ipcomp.testing import example_claim


def _with_enterprise(**facts: object) -> object:
    claim = example_claim()
    enterprise = claim.loan.enterprise.model_copy(update=facts)
    loan = claim.loan.model_copy(update={"enterprise": enterprise})
    return claim.model_copy(update={"loan": loan})


@pytest.mark.parametrize(
    ("value", "zh", "en"),
    [
        (
            False,
            "不满足：从事生产经营。",
            "requirement not met: the enterprise is engaged in production or business.",
        ),
        (
            None,
            "未知是否从事生产经营（事实未提供，按不符合处理）。",
            "it is unknown whether the enterprise is engaged in production or business "
            "(fact not given; treated as unmet).",
        ),
    ],
)
def test_an_unmet_requirement_says_which_in_both_languages(
    value: bool | None, zh: str, en: str
) -> None:
    """Art. 3(1), D4: a false fact, and an unknown one, each say the requirement."""
    (finding,) = [
        f
        for f in assess(_with_enterprise(operating=value)).findings  # type: ignore[arg-type]
        if f.code == Code.ENTERPRISE_NOT_OPERATING
    ]
    assert (finding.message_zh, finding.message_en) == (zh, en)
    assert finding.blocking
    assert finding.scheme == "weihai_2020"
    assert finding.article_zh is not None


def test_a_shared_finding_keeps_its_scheme_and_blocking() -> None:
    plan = plan_of(WEIHAI_2020)
    shared = plan.shared(Code.NOTE_NO_ASSESSMENT, "中", "en")
    assert shared.scheme == "weihai_2020"
    assert not shared.blocking
    forced = plan.shared(Code.NOTE_NO_ASSESSMENT, "中", "en", blocking=True)
    assert forced.blocking


def test_the_scope_of_the_municipal_cap() -> None:
    """D6: Weihai's municipal cap is the city's own (``municipal``); a cap over the
    three payers of the example scheme is ``joint``."""
    from pathlib import Path

    from ipcomp.schemes import load_scheme

    assert plan_of(WEIHAI_2020).scope == "municipal"
    example = Path(__file__).resolve().parents[2] / "examples" / "schemes" / "three_payers.json"
    assert compile_scheme(load_scheme(example)).scope == "joint"


def test_a_plan_is_compiled_once_per_policy_and_forgotten_with_it() -> None:
    policy = WEIHAI_2020.derive(municipal_rate=Decimal("0.30"))
    first = plan_of(policy)
    assert plan_of(policy) is first
    assert plan_module._PLANS[id(policy)][1] is first  # found by one lookup
    assert plan_module._PLANS[id(policy)][0]() is policy
    scheme = get_scheme("weihai_2020")
    assert plan_of(scheme) is plan_of(scheme)
    key = id(policy)
    del policy, first
    gc.collect()
    assert key not in plan_module._PLANS  # the entry goes with the policy


def test_the_formula_refuses_rates_and_places_that_do_not_pair() -> None:
    with pytest.raises(ValueError, match="zip"):
        shares(DECIMAL, Decimal("1.00"), [Decimal("0.4"), Decimal("0.2")], [None], [], [])


def _fresh_weihai() -> Scheme:
    """A new Scheme object with Weihai's text (not the shared one)."""
    return load_scheme(Path(weihai.__file__).with_name("scheme.json"))


def test_a_scheme_is_compiled_once() -> None:
    """The module docstring: compiling is done once per scheme, cached for as long as the
    scheme lives; an equal scheme that is another object gets its own plan."""
    scheme = _fresh_weihai()
    plan = compile_scheme(scheme)
    assert compile_scheme(scheme) is plan
    assert plan_of(scheme) is plan
    assert plan.scheme is scheme
    assert compile_scheme(_fresh_weihai()) is not plan


def test_a_policy_or_scheme_seen_before_is_planned_without_compiling_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """plan_of's hot path: a policy or scheme already planned is found by one lookup; the
    compiler is not called again (docs/performance.md)."""
    policy = WEIHAI_2020.derive(municipal_rate=Decimal("0.25"))
    scheme = _fresh_weihai()
    planned = plan_of(policy), plan_of(scheme)

    def refuse(scheme: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(plan_module, "compile_scheme", refuse)
    assert (plan_of(policy), plan_of(scheme)) == planned


def test_forgetting_a_plan_already_gone_is_harmless() -> None:
    """The weak reference's callback may run after the cache was emptied (or the id
    taken again): it removes nothing and raises nothing."""
    plans: dict[int, object] = {}
    plan_module._forget(12345, plans)(None)
    assert plans == {}


def test_the_plan_gives_each_code_the_schemes_article_meaning_and_decisions() -> None:
    """A finding's code table is the scheme's (docs/schemes): article in both languages,
    blocking, meaning with its placeholders filled, and the decisions behind it."""
    scheme = get_scheme("weihai_2020")
    plan = plan_of(scheme)
    for code, text in scheme.codes.items():
        info = plan.info(code)
        assert (info.article, info.article_zh, info.blocking, info.decisions) == (
            text.article.en,
            text.article.zh,
            text.blocking,
            text.decisions,
        )
    assert plan.info(Code.NOTE_CAP_APPLIED).decisions == ("D5", "D6", "D14")


def test_a_scheme_without_a_municipal_payer_has_the_municipal_scope() -> None:
    """D6, Compensation.cap_scope: with no payer named ``municipal`` there is no municipal
    cap, and the scope is ``municipal``."""
    scheme = Scheme.model_validate(example_scheme_data(renamed=True))
    plan = compile_scheme(scheme)
    assert (plan.municipal, plan.municipal_cap, plan.scope) == (None, None, "municipal")


def test_the_plan_cache_is_bounded_and_forgets_the_oldest_scheme_first() -> None:
    """A plan holds its scheme, so a cache without a bound would keep every scheme ever
    compiled (a notebook deriving what-if policies in a loop). It keeps the newest
    _MAX_PLANS entries; a scheme pushed out is freed, and compiled again if used again."""
    import weakref

    first = _fresh_weihai()
    gone = weakref.ref(first)
    plan = compile_scheme(first)
    assert plan_of(first) is plan
    del first, plan
    gc.collect()
    assert gone() is not None  # still cached
    others = [WEIHAI_2020.derive(municipal_rate=Decimal("0.25")) for _ in range(2)]
    for policy in others:
        plan_of(policy)  # two entries each: the policy and its scheme
    for _ in range(plan_module._MAX_PLANS):
        compile_scheme(_fresh_weihai())
    assert len(plan_module._PLANS) <= plan_module._MAX_PLANS
    gc.collect()
    assert gone() is None  # pushed out, then freed
    kept = _fresh_weihai()
    assert plan_of(kept) is compile_scheme(kept)  # the newest is found again
    assert plan_module._PLANS[id(kept)][0]() is kept
    assert list(plan_module._PLANS)[-1] == id(kept)


def test_the_plan_cache_holds_exactly_its_bound_of_live_schemes() -> None:
    """While more than _MAX_PLANS schemes are alive, the cache holds _MAX_PLANS plans
    (not one fewer): the newest ones, the oldest forgotten first."""
    alive = [_fresh_weihai() for _ in range(plan_module._MAX_PLANS + 3)]
    for scheme in alive:
        compile_scheme(scheme)
    assert len(plan_module._PLANS) == plan_module._MAX_PLANS
    assert list(plan_module._PLANS) == [id(s) for s in alive[3:]]


def test_planning_a_scheme_again_makes_it_the_newest() -> None:
    scheme = _fresh_weihai()
    plan = compile_scheme(scheme)
    compile_scheme(_fresh_weihai())
    # as if the id had been taken by another object: the entry is stale, not missing
    plan_module._PLANS[id(scheme)] = (lambda: None, plan)
    assert compile_scheme(scheme) is not plan  # compiled again
    assert list(plan_module._PLANS)[-1] == id(scheme)
