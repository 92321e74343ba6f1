"""D2 — "以上/以下" include the figure (民法典 Art. 1259), except in the SME table, whose
paired "及以上/以下" makes "以下" strict: C级以上 includes C; an SME ceiling is strict and a
floor inclusive.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import (
    SME_2011,
    WEIHAI_2020,
    Code,
    Industry,
    Rating,
    SizeClass,
    check_enterprise,
    classify_size,
)
from ipcomp.core.sme import Indicator
from ipcomp.testing import enterprises, example_enterprise

FEN = Decimal("0.01")


def step(indicator: Indicator) -> int | Decimal:
    return 1 if indicator is Indicator.EMPLOYEES else FEN


def firm(industry: Industry, indicators: dict):
    """The example enterprise moved to ``industry`` with exactly these indicators."""
    values = {"employees": None, "revenue": None, "total_assets": None, **indicators}
    return example_enterprise(industry=industry, **values)


def test_rating_c_itself_is_c_or_above():
    """Art. 3(2), D2: a rating of C passes; C级以上 includes C."""
    decision = check_enterprise(example_enterprise(rating="C"))
    assert decision.eligible
    assert Rating.C.at_least(WEIHAI_2020.min_rating)


def test_rating_d_is_below_c():
    """Art. 3(2), D2: D, the one grade below C, fails."""
    decision = check_enterprise(example_enterprise(rating="D"))
    assert decision.codes == {Code.ENTERPRISE_RATING_BELOW_C}


@given(enterprises(eligible=True), st.sampled_from(list(Rating)))
def test_rating_passes_iff_c_or_better(enterprise, rating):
    """Art. 3(2), D2: the rating criterion holds exactly for A, B and C."""
    changed = enterprise.model_validate({**dict(enterprise), "rating": rating})
    assert check_enterprise(changed).eligible == (rating is not Rating.D)


@pytest.mark.parametrize("industry", list(Industry))
def test_at_every_ceiling_a_firm_is_large(industry):
    """Art. 3(1), D2: "以下" is strict: at every ceiling (X, Y, Z 及以上) a firm is large and
    fails Art. 3(1); one step below any one ceiling it is an SME and passes."""
    row = SME_2011.rows[industry]
    at = {i.value: row.ceiling[i] for i in row.indicators}
    large = firm(industry, at)
    assert check_enterprise(large).codes == {Code.ENTERPRISE_NOT_SME}
    for indicator in row.indicators:
        below = {**at, indicator.value: row.ceiling[indicator] - step(indicator)}
        sme = firm(industry, below)
        assert check_enterprise(sme).eligible, indicator


@pytest.mark.parametrize("industry", list(Industry))
def test_floors_include_the_figure(industry):
    """Art. 3(1), D2: "及以上" is inclusive: exactly at the medium floors a firm is medium,
    exactly at the small floors small."""
    row = SME_2011.rows[industry]
    medium = {i.value: row.medium_floor[i] for i in row.indicators}
    small = {i.value: row.small_floor[i] for i in row.indicators}
    assert classify_size(industry, **medium) is SizeClass.MEDIUM
    assert classify_size(industry, **small) is SizeClass.SMALL


@pytest.mark.parametrize(
    ("employees", "revenue", "size"),
    [
        (1500, 30_000_000, SizeClass.MEDIUM),
        (20, 3_000_000, SizeClass.SMALL),
        (1000, 400_000_000, SizeClass.LARGE),
    ],
)
def test_policy_worked_boundaries(employees, revenue, size):
    """Art. 3(1), D2: docs/schemes/weihai_2020/policy.md's worked boundaries for 工业 (revenue in yuan)."""
    assert classify_size("INDUSTRY", employees=employees, revenue=revenue) is size
    enterprise = example_enterprise(employees=employees, revenue=revenue)
    assert check_enterprise(enterprise).eligible == size.is_sme


def test_ratings_order_by_rank_never_by_letter() -> None:
    """Art. 3(2), D2: ratings are ordered A best (A > B > C > D), also with plain letters on
    either side; sorting gives worst first."""
    from ipcomp import Rating

    assert Rating.A > Rating.C > Rating.D
    assert Rating.C >= Rating.C
    assert Rating.C <= "C"
    assert not Rating.D >= Rating.C
    assert Rating.B < "A"
    assert Rating.A > "C"
    assert sorted([Rating.A, Rating.D, Rating.B, Rating.C]) == [
        Rating.D,
        Rating.C,
        Rating.B,
        Rating.A,
    ]
    for rating in Rating:
        assert (rating >= Rating.C) == rating.at_least(Rating.C)
    with pytest.raises(TypeError):
        _ = Rating.A < 5  # type: ignore[operator]
    with pytest.raises(TypeError):
        _ = Rating.A < "E"


@pytest.mark.parametrize("left", list(Rating))
@pytest.mark.parametrize("right", ["A", "B", "C", "D"])
def test_every_rating_comparison_is_by_rank(left: Rating, right: str) -> None:
    """Art. 3(2), D2: <, <=, > and >= between any two ratings — or a rating and a plain
    letter — compare their ranks (A 4, B 3, C 2, D 1), equal ratings included."""
    rank = {"A": 4, "B": 3, "C": 2, "D": 1}
    for other in (Rating(right), right):
        assert (left < other) == (rank[left] < rank[right])
        assert (left <= other) == (rank[left] <= rank[right])
        assert (left > other) == (rank[left] > rank[right])
        assert (left >= other) == (rank[left] >= rank[right])


def test_ratings_refuse_other_letters_and_defer_to_other_types() -> None:
    """Art. 3(2), D2: a text that is no rating is refused, named (at most 20 characters),
    never compared by letter; any other type decides the comparison itself."""
    with pytest.raises(TypeError) as caught:
        _ = Rating.A <= "E"
    assert str(caught.value) == "cannot order a Rating against 'E'"
    with pytest.raises(TypeError) as caught:
        _ = Rating.A >= "X" * 30
    assert str(caught.value) == f"cannot order a Rating against {'X' * 20!r}"

    class Anything:
        """Compares as whatever it is asked to (the reflected operation)."""

        def __lt__(self, other: object) -> bool:
            return True

        def __le__(self, other: object) -> bool:
            return True

        def __gt__(self, other: object) -> bool:
            return True

        def __ge__(self, other: object) -> bool:
            return True

    for rating in Rating:
        assert rating < Anything()  # type: ignore[operator]
        assert rating <= Anything()  # type: ignore[operator]
        assert rating > Anything()  # type: ignore[operator]
        assert rating >= Anything()  # type: ignore[operator]
