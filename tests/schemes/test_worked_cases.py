"""Every scheme's worked cases (``cases.json`` beside a shipped scheme, ``*.cases.json``
beside an example scheme), run through the one engine: what a policy officer can write
down without Python, checked here case by case."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ipcomp import Claim, assess, assess_portfolio
from ipcomp.schemes import Scheme, get_scheme, load_scheme
from ipcomp.testing import example_claim

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    [*ROOT.glob("src/ipcomp/schemes/*/cases.json"), *ROOT.glob("examples/schemes/*.cases.json")]
)


def _scheme(path: Path, data: dict[str, Any]) -> Scheme:
    name = data["scheme"]
    return load_scheme(path.parent / name) if name.endswith(".json") else get_scheme(name)


def _claim(changes: dict[str, Any]) -> Claim:
    data = json.loads(example_claim().model_dump_json())
    for dotted, value in changes.items():
        *parents, last = dotted.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
    return Claim.model_validate(data)


def _check(assessment: Any, expect: dict[str, Any]) -> None:
    if "eligible" in expect:
        assert assessment.eligible == expect["eligible"]
    if "codes" in expect:
        assert sorted(assessment.codes) == sorted(expect["codes"])
    if "deadline" in expect:
        assert str(assessment.deadline) == expect["deadline"]
    if "paid" in expect:
        comp = assessment.compensation
        assert comp is not None
        assert {s.payer: str(s.paid) for s in comp.shares} == expect["paid"]


def _cases() -> list[Any]:
    out = []
    for path in FILES:
        data = json.loads(path.read_text(encoding="utf-8"))
        for case in data.get("cases", []):
            out.append(
                pytest.param(path, data, case, None, id=f"{path.parent.name}:{case['name']}")
            )
        for case in data.get("portfolios", []):
            out.append(
                pytest.param(path, data, None, case, id=f"{path.parent.name}:{case['name']}")
            )
    return out


def test_every_scheme_has_worked_cases() -> None:
    """Each shipped scheme and each example scheme has a file of worked cases."""
    names = {json.loads(p.read_text(encoding="utf-8"))["scheme"] for p in FILES}
    assert {"weihai_2020", "three_payers.json"} <= names


@pytest.mark.parametrize(("path", "data", "case", "portfolio"), _cases())
def test_worked_case(path: Path, data: dict[str, Any], case: Any, portfolio: Any) -> None:
    """The worked case gives what its file says (its "cites" names the article)."""
    scheme = _scheme(path, data)
    if case is not None:
        _check(assess(_claim(case["claim"]), scheme), case["expect"])
        return
    result = assess_portfolio([_claim(c) for c in portfolio["claims"]], scheme)
    for got, expect in zip(result.results, portfolio["expect"], strict=True):
        _check(got.assessment, expect)
