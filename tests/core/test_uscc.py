"""Unified social credit code (GB 32100-2015), ``ipcomp.core.uscc``, checked against stdnum (D1)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError
from stdnum.cn import uscc as stdnum_uscc

from ipcomp.core.uscc import (
    USCC_ALPHABET,
    check_character,
    division_code_of,
    is_valid_uscc,
    uscc_problem,
)
from ipcomp.testing import credit_codes, example_enterprise

#: Real published codes, from python-stdnum's tests/test_cn_uscc.doctest ("found online"),
#: with the division code in characters 3-8.
PUBLISHED = {
    "91110000600037341L": "110000",  # Beijing
    "91310000631696382C": "310000",  # Shanghai
    "91440300568520498A": "440300",  # Shenzhen
    "91371082775260043P": "371082",  # 荣成市, Weihai
    "121200004013590816": "120000",  # Tianjin, a public institution (registration authority 1)
}

#: Codes whose first two characters are digits, the only ones stdnum accepts.
digit_prefixed_codes = credit_codes().filter(lambda code: code[:2].isdigit())


@pytest.mark.parametrize(("code", "division"), PUBLISHED.items())
def test_published_codes_are_valid(code, division):
    """D1: real published codes validate, and the division code is characters 3-8."""
    assert is_valid_uscc(code)
    assert uscc_problem(code) is None
    assert check_character(code[:17]) == code[17]
    assert division_code_of(code) == division
    assert stdnum_uscc.is_valid(code)


@given(digit_prefixed_codes)
def test_generated_codes_agree_with_stdnum(code):
    """D1: generated valid codes are valid for stdnum too, with the same check character."""
    assert is_valid_uscc(code)
    assert stdnum_uscc.is_valid(code)
    assert stdnum_uscc.calc_check_digit(code[:17]) == check_character(code[:17]) == code[17]


#: Characters stdnum and ipcomp treat alike: the alphabet, the excluded letters, and noise
#: (no lowercase, space or '-', which stdnum strips or upper-cases before checking).
_CHARS = USCC_ALPHABET + "IOSVZ*#./_" + "０Ａ"


@given(
    st.text(alphabet="0123456789", min_size=2, max_size=2),
    st.text(alphabet=_CHARS, min_size=16, max_size=16),
)
def test_random_strings_agree_with_stdnum(head, tail):
    """D1: on any 18-character string with a digit head, ipcomp and stdnum agree."""
    code = head + tail
    assert is_valid_uscc(code) == stdnum_uscc.is_valid(code)


@given(digit_prefixed_codes | st.text(alphabet=_CHARS, max_size=25))
def test_ipcomp_agrees_with_stdnum_on_digit_heads(code):
    """D1: valid and invalid codes of any length: same verdict as stdnum (digit heads)."""
    assume(set(code[:2]) <= set("0123456789"))
    assert is_valid_uscc(code) == stdnum_uscc.is_valid(code)
    assert (uscc_problem(code) is None) == is_valid_uscc(code)


def _with_head(head: str, code: str) -> str:
    first17 = head + code[2:17]
    return first17 + check_character(first17)


letter_headed_codes = st.builds(
    _with_head,
    st.sampled_from(["N1", "N2", "Y1", "A1", "9Y"]),
    credit_codes(),
)


@given(letter_headed_codes)
def test_letter_heads_are_the_only_difference_from_stdnum(code):
    """D1: GB 32100 allows letters in positions 1-2 (e.g. N, Y); stdnum refuses them, ipcomp
    accepts them, and the check character is the same computation."""
    assert is_valid_uscc(code)
    assert not stdnum_uscc.is_valid(code)
    assert stdnum_uscc.calc_check_digit(code[:17]) == code[17]


@given(digit_prefixed_codes, st.integers(0, 17), st.sampled_from(USCC_ALPHABET + "IOSVZ"))
def test_single_character_corruptions_are_detected(code, position, replacement):
    """D1: changing any one character invalidates the code, for ipcomp and stdnum alike.

    The weights are powers of 3 modulo 31, never 0 mod 31, so every single substitution
    changes the checksum.
    """
    assume(code[position] != replacement)
    corrupted = code[:position] + replacement + code[position + 1 :]
    assert not is_valid_uscc(corrupted)
    assert not stdnum_uscc.is_valid(corrupted)
    assert uscc_problem(corrupted)


@given(credit_codes(), st.integers(0, 15))
def test_adjacent_transpositions_are_detected(code, position):
    """D1: swapping two different adjacent characters among the first 17 is detected.

    The change is (a - b)(w[i+1] - w[i]) and consecutive weights differ modulo 31.
    """
    a, b = code[position], code[position + 1]
    assume(a != b)
    swapped = code[:position] + b + a + code[position + 2 :]
    assert not is_valid_uscc(swapped)


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("", "18 characters, not 0"),
        ("91110000600037341", "18 characters, not 17"),
        ("91110000600037341LL", "18 characters, not 19"),
        ("91110000600037341l", "alphabet: 'l'"),
        ("9111000060003IOZSV", "alphabet: 'IOSVZ'"),
        ("91 10000600037341L", "alphabet: ' '"),
        ("91A10000600037341L", "division code) must be digits, not 'A10000'"),
        ("91110000600037341A", "check character is 'A' but should be 'L'"),
    ],
)
def test_problems_are_explained(code, fragment):
    """D1: uscc_problem says why a code is invalid."""
    problem = uscc_problem(code)
    assert problem is not None
    assert fragment in problem
    assert not is_valid_uscc(code)


def test_model_refuses_a_bad_check_character():
    """D1: a credit code with a wrong check character is a ValidationError on credit_code."""
    with pytest.raises(ValidationError) as info:
        example_enterprise(credit_code="91110000600037341A")
    errors = info.value.errors()
    assert [e["loc"] for e in errors] == [("credit_code",)]
    assert "should be 'L'" in errors[0]["msg"]


@pytest.mark.parametrize("bad", ["", "   ", "123", 91110000600037341, "91110000600037341Ｌ"])
def test_model_refuses_malformed_credit_codes(bad):
    """D1: anything that is not an 18-character code is a ValidationError on credit_code."""
    with pytest.raises(ValidationError) as info:
        example_enterprise(credit_code=bad)
    assert [e["loc"] for e in info.value.errors()] == [("credit_code",)]


@given(digit_prefixed_codes)
def test_model_normalises_case_and_surrounding_space(code):
    """D1: lowercase is normalised to upper case and surrounding spaces are stripped."""
    enterprise = example_enterprise(credit_code=f"  {code.lower()} ", division_code=None)
    assert enterprise.credit_code == code
    assert enterprise.effective_division_code == code[2:8]


def test_check_character_of_the_documented_example():
    """D1: the check character of 91110000600037341 is L (GB 32100-2015 annex B)."""
    assert check_character("91110000600037341") == "L"
