"""Fuzzing bad input: malformed data for every model and function.

The only exceptions allowed are ``pydantic.ValidationError`` and the documented
``ipcomp.IpcompError`` subclasses; whatever validates must assess without raising.

Counts: ``IPCOMP_FUZZ_EXAMPLES`` inputs per model (default 100 in the normal suite;
``scripts/fuzz.sh`` runs 100,000 per model).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

import ipcomp
from ipcomp import (
    Bank,
    Claim,
    Enterprise,
    IpcompError,
    Loan,
    Pledge,
    Policy,
    assess,
    classify_size,
)
from ipcomp.testing import bad_values, banks, claims, enterprises, loans

pytestmark = pytest.mark.slow

N = int(os.environ.get("IPCOMP_FUZZ_EXAMPLES", "100"))
FUZZ = settings(
    max_examples=N,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ALLOWED = (ValidationError, IpcompError)
COUNTS: dict[str, int] = {}


def _paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON-like tree (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(tree, dict):
        for k, v in tree.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out += _paths(v, (*prefix, i))
    return out


def _set(tree: Any, path: tuple[Any, ...], value: Any, *, delete: bool = False) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(tree, dict):
        copy = dict(tree)
        if delete and not rest:
            copy.pop(head, None)
        else:
            copy[head] = _set(tree[head], rest, value, delete=delete)
        return copy
    copy_list = list(tree)
    if delete and not rest:
        del copy_list[head]
    else:
        copy_list[head] = _set(tree[head], rest, value, delete=delete)
    return copy_list


@st.composite
def malformed(draw: Any, valid: Any) -> Any:
    """A valid model's JSON-mode dump with one to three corruptions."""
    model: BaseModel = draw(valid)
    tree: Any = model.model_dump(mode="json")
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(tree)
        kind = draw(st.sampled_from(["replace", "replace", "replace", "delete", "extra", "null"]))
        if kind == "extra" or not paths:
            if isinstance(tree, dict):
                tree = {**tree, draw(st.text(max_size=12)): draw(bad_values())}
            continue
        path = draw(st.sampled_from(paths))
        if kind == "delete":
            tree = _set(tree, path, None, delete=True)
        elif kind == "null":
            tree = _set(tree, path, None)
        else:
            tree = _set(tree, path, draw(bad_values()))
    if draw(st.integers(0, 50)) == 0:
        tree = draw(bad_values())  # not even an object
    return tree


def _exercise(model: type[BaseModel], data: Any) -> None:
    COUNTS[model.__name__] = COUNTS.get(model.__name__, 0) + 1
    results = []
    with contextlib.suppress(ALLOWED):
        results.append(model.model_validate(data))
    try:
        text = json.dumps(data, default=str, ensure_ascii=False)
    except (ValueError, TypeError):  # e.g. a float NaN in strict JSON: not our input
        text = None
    if text is not None:
        with contextlib.suppress(ALLOWED):
            results.append(model.model_validate_json(text))
    for value in results:
        if isinstance(value, Claim):
            assessment = assess(value)
            assert assessment.eligible == (not any(f.blocking for f in assessment.findings))
        assert type(value).model_validate_json(value.model_dump_json()) == value


@pytest.mark.parametrize(
    ("model", "valid"),
    [
        (Enterprise, enterprises()),
        (Bank, banks()),
        (
            Pledge,
            st.builds(
                Pledge,
                kind=st.sampled_from(list(ipcomp.IPKind)),
                registered=st.sampled_from([True, False, None]),
            ),
        ),
        (Loan, loans()),
        (Claim, claims()),
        (Policy, st.just(ipcomp.WEIHAI_2020)),
    ],
    ids=lambda x: x.__name__ if isinstance(x, type) else "",
)
def test_malformed_model_input_raises_only_validation_errors(model: Any, valid: Any) -> None:
    """D14, Art. 3–10: malformed input of any model raises ValidationError, never a crash;
    at least the configured number of inputs (or 50) is tried."""
    before = COUNTS.get(model.__name__, 0)

    @FUZZ
    @given(malformed(valid))
    def run(data: Any) -> None:
        _exercise(model, data)

    run()
    tried = COUNTS[model.__name__] - before
    assert tried >= min(N, 50), (model.__name__, tried)
    print(f"fuzzed {model.__name__}: {tried} inputs")


@FUZZ
@given(
    industry=st.sampled_from(list(ipcomp.Industry)) | bad_values(),
    employees=st.none() | st.integers(0, 10**6) | bad_values(),
    revenue=st.none() | st.integers(0, 10**10) | bad_values(),
    total_assets=st.none() | st.integers(0, 10**10) | bad_values(),
)
def test_classify_size_raises_only_documented_errors(
    industry: Any, employees: Any, revenue: Any, total_assets: Any
) -> None:
    """Art. 3(1): classify_size on arbitrary input gives a size or a documented error."""
    try:
        size = classify_size(
            industry, employees=employees, revenue=revenue, total_assets=total_assets
        )
    except ALLOWED:
        return
    assert isinstance(size, ipcomp.SizeClass)


_CALENDAR_ARGS = st.one_of(
    st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)), st.dates(), bad_values()
)


@FUZZ
@given(
    day=_CALENDAR_ARGS,
    other=_CALENDAR_ARGS,
    n=st.integers(-5, 400) | bad_values(),
    estimate=st.booleans(),
)
def test_calendar_functions_raise_only_documented_errors(
    day: Any, other: Any, n: Any, estimate: bool
) -> None:
    """Art. 8(3), D10: the calendar functions raise only documented errors on any input."""
    calls = [
        lambda: ipcomp.is_working_day(day, allow_estimate=estimate),
        lambda: ipcomp.add_working_days(day, n, allow_estimate=estimate),
        lambda: ipcomp.working_days_between(day, other, allow_estimate=estimate),
        lambda: ipcomp.business_year(day),
        lambda: ipcomp.application_deadline(day),
        lambda: ipcomp.report_due_dates(n, roll="following", allow_estimate=estimate),
    ]
    for call in calls:
        with contextlib.suppress(ALLOWED):
            call()


@FUZZ
@given(recovered=st.integers(-10, 10**13) | bad_values(), claim=claims())
def test_recovery_raises_only_documented_errors(recovered: Any, claim: Claim) -> None:
    """Art. 7(4), D14: allocate_recovery on any input returns a split or a documented error."""
    comp = ipcomp.compensate(claim)
    try:
        rec = ipcomp.allocate_recovery(comp, recovered)
    except ALLOWED:
        return
    assert rec.total == Decimal(recovered).quantize(Decimal("0.01"))
