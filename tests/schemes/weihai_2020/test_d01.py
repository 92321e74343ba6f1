"""D1 — registered in Weihai ⇔ the registration authority's division code starts with 3710.

The division code is an input; when absent it is characters 3-8 of the unified social
credit code (check character validated). An explicit division code wins.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import Code, check_enterprise
from ipcomp.core.uscc import check_character
from ipcomp.schemes import get_scheme
from ipcomp.testing import (
    OTHER_DIVISIONS,
    WEIHAI_DIVISIONS,
    credit_codes,
    enterprises,
    example_enterprise,
)

NOT_IN_WEIHAI = Code.ENTERPRISE_NOT_IN_WEIHAI
six_digits = st.text(alphabet="0123456789", min_size=6, max_size=6)
weihai_codes = st.text(alphabet="0123456789", min_size=2, max_size=2).map(lambda s: "3710" + s)
elsewhere = six_digits.filter(lambda s: not s.startswith("3710"))


def in_weihai(**changes) -> bool:
    decision = check_enterprise(example_enterprise(**changes))
    assert decision.codes <= {NOT_IN_WEIHAI}
    return decision.eligible


@pytest.mark.parametrize(
    "division",
    ["371000", "371002", "371003", "371082", "371083", "371081", "371071", "371072", "371073"],
)
def test_every_listed_weihai_division_is_in_weihai(division):
    """D1: the city, 环翠区, 文登区, 荣成市, 乳山市, the former 文登市 and the zones 371071-73."""
    assert in_weihai(division_code=division)
    assert in_weihai(credit_code=None, division_code=division)


@given(weihai_codes)
def test_any_code_under_3710_is_in_weihai(division):
    """D1: any newer code under 3710 counts too."""
    assert in_weihai(division_code=division)


@given(elsewhere)
def test_any_code_not_under_3710_is_outside(division):
    """D1: every other division code is outside Weihai."""
    assert not in_weihai(division_code=division)


@pytest.mark.parametrize(
    "division",
    ["371100", "371102", "371200", "370000", "370100", "037100", "137100", "310371"],
)
def test_near_misses_are_outside(division):
    """D1: 日照 (3711), 莱芜 (3712), the province (370000) and shifted digits are not Weihai."""
    assert not in_weihai(division_code=division)


def test_the_testing_divisions_are_classified_as_documented():
    """D1: ipcomp.testing's Weihai divisions pass and its other divisions fail."""
    assert get_scheme("weihai_2020").region.prefixes == ("3710",)
    assert all(in_weihai(division_code=d) for d in WEIHAI_DIVISIONS)
    assert not any(in_weihai(division_code=d) for d in OTHER_DIVISIONS)


@given(six_digits.flatmap(lambda d: st.tuples(st.just(d), credit_codes(d))))
def test_without_a_division_code_the_credit_code_is_used(pair):
    """D1: with no division code, characters 3-8 of the credit code decide."""
    division, code = pair
    enterprise = example_enterprise(credit_code=code, division_code=None)
    assert enterprise.effective_division_code == division
    assert in_weihai(credit_code=code, division_code=None) == division.startswith("3710")


def test_a_real_rongcheng_code_is_in_weihai():
    """D1: a published 荣成市 code (91371082775260043P, from python-stdnum's test data) is
    in Weihai; a published Beijing code (91110000600037341L) is not."""
    assert in_weihai(credit_code="91371082775260043P")
    assert not in_weihai(credit_code="91110000600037341L")


def _registered_in(division: str, code: str) -> str:
    """``code`` re-issued with ``division`` in characters 3-8 (check character recomputed)."""
    first17 = code[:2] + division + code[8:17]
    return first17 + check_character(first17)


@given(credit_codes(), weihai_codes, elsewhere)
def test_an_explicit_division_code_wins(code, weihai, other):
    """D1: the explicit division code wins over the credit code's (a firm keeps its code
    when it moves), in both directions."""
    registered_elsewhere = _registered_in(other, code)
    registered_in_weihai = _registered_in(weihai, code)
    assert in_weihai(credit_code=registered_elsewhere, division_code=weihai)
    assert not in_weihai(credit_code=registered_in_weihai, division_code=other)
    assert not in_weihai(credit_code=registered_elsewhere, division_code=None)
    assert in_weihai(credit_code=registered_in_weihai, division_code=None)


@given(enterprises())
def test_weihai_check_follows_the_effective_division_code(enterprise):
    """D1: for any enterprise, NOT_IN_WEIHAI iff the effective code is outside 3710."""
    expected = not enterprise.effective_division_code.startswith("3710")
    assert (NOT_IN_WEIHAI in check_enterprise(enterprise).codes) == expected


def test_the_credit_codes_check_character_must_be_valid():
    """D1: a credit code with a wrong check character is refused, not read."""
    with pytest.raises(ValidationError) as info:
        example_enterprise(credit_code="91371082775260043A", division_code=None)
    assert [e["loc"] for e in info.value.errors()] == [("credit_code",)]


@pytest.mark.parametrize("bad", ["37100", "3710020", "3710AB", "", "３７１００２", 371002])
def test_division_code_must_be_six_digits(bad):
    """D1: the division code is exactly six ASCII digits."""
    with pytest.raises(ValidationError) as info:
        example_enterprise(division_code=bad)
    assert [e["loc"] for e in info.value.errors()] == [("division_code",)]
