"""The policy as parameters: names, defaults, provenance and validation of `Policy`
(docs/spec/api.md "Policy"; docs/schemes/weihai_2020/policy.md D2, D5–D14)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import WEIHAI_2020, IPKind, Policy, Rating

#: docs/spec/api.md, "Policy fields": every name with its published default.
API_DEFAULTS: dict[str, Any] = {
    "provincial_rate": Decimal("0.40"),
    "municipal_rate": Decimal("0.20"),
    "first_year_cap": 1_000_000,
    "later_year_cap_max": 1_500_000,
    "cap_scope": "municipal",
    "provincial_cap": None,
    "application_window": 10,
    "late_application": "bar",
    "business_year_start": (3, 1),
    "combined_loan_method": "pro_rata",
    "eligible_ip_kinds": frozenset({IPKind.PATENT, IPKind.TRADEMARK}),
    "min_rating": Rating.C,
    "effective_from": dt.date(2020, 8, 23),
    "effective_until": dt.date(2026, 8, 22),
    "calendar_estimate": False,
}

rates = st.decimals(min_value=0, max_value=1, places=3)


def test_weihai_2020_is_exactly_the_validated_defaults() -> None:
    """Art. 8(2), 14: WEIHAI_2020 (built without validation, to keep imports light) holds
    exactly what Policy() validates: the same values, types and digits in every field."""
    validated = Policy()
    assert validated == WEIHAI_2020
    for name in Policy.model_fields:
        mine, theirs = getattr(WEIHAI_2020, name), getattr(validated, name)
        assert (type(mine), repr(mine)) == (type(theirs), repr(theirs)), name
    assert WEIHAI_2020.model_dump_json() == validated.model_dump_json()


def test_every_api_field_exists_with_its_default() -> None:
    """Art. 3, 4, 8, 14; D2, D5–D14: every Policy field of docs/spec/api.md exists under exactly its
    name, with exactly its default, in WEIHAI_2020 and in a fresh Policy()."""
    assert set(API_DEFAULTS) <= set(Policy.model_fields)
    for name, default in API_DEFAULTS.items():
        assert getattr(Policy(), name) == default, name
        assert getattr(WEIHAI_2020, name) == default, name
        assert type(getattr(WEIHAI_2020, name)) is type(default) or isinstance(
            default, int | Decimal
        ), name
    assert WEIHAI_2020.provincial_rate == Decimal("0.40")  # exact, never a float
    assert isinstance(WEIHAI_2020.first_year_cap, Decimal)
    assert WEIHAI_2020.first_year_cap.as_tuple().exponent == -2


@pytest.mark.parametrize("name", sorted(Policy.model_fields))
def test_every_field_cites_its_article_or_decision(name: str) -> None:
    """Art. 1–14, D1–D16: each field's description cites its article or decision and says
    whether the value is the text's own or one of our decisions."""
    description = Policy.model_fields[name].description or ""
    assert re.search(r"\bArt\. \d+|\bD\d+\b", description), description
    assert "(text)" in description or "(decision)" in description, description


def test_derive_without_changes_is_a_no_op() -> None:
    """D1–D16: derive() with no changes, or with every default restated, equals
    WEIHAI_2020 (value and hash)."""
    assert WEIHAI_2020.derive() == WEIHAI_2020
    assert WEIHAI_2020.derive(**API_DEFAULTS) == WEIHAI_2020
    assert WEIHAI_2020.derive(**dict(WEIHAI_2020)) == WEIHAI_2020
    assert hash(WEIHAI_2020.derive()) == hash(WEIHAI_2020)
    assert Policy() == WEIHAI_2020


@given(provincial=rates, municipal=rates)
def test_derive_changes_only_what_it_is_told(provincial: Decimal, municipal: Decimal) -> None:
    """Art. 8(2): a what-if variant changes the named rates only, leaves WEIHAI_2020 as it
    was, and is refused exactly when the rates sum above 1."""
    if provincial + municipal > 1:
        with pytest.raises(ValidationError, match="exceed 1"):
            WEIHAI_2020.derive(provincial_rate=provincial, municipal_rate=municipal)
        return
    variant = WEIHAI_2020.derive(provincial_rate=str(provincial), municipal_rate=municipal)
    assert (variant.provincial_rate, variant.municipal_rate) == (provincial, municipal)
    for name in Policy.model_fields.keys() - {"provincial_rate", "municipal_rate"}:
        assert getattr(variant, name) == getattr(WEIHAI_2020, name)
    assert WEIHAI_2020.provincial_rate == Decimal("0.40")
    assert WEIHAI_2020.municipal_rate == Decimal("0.20")


def test_rates_summing_to_exactly_one_are_allowed() -> None:
    """Art. 8(2), D14: the funds may pay the whole loss (rates sum to 1), not more."""
    assert WEIHAI_2020.derive(provincial_rate="0.5", municipal_rate="0.5").provincial_rate == (
        Decimal("0.5")
    )
    with pytest.raises(ValidationError, match="exceed 1"):
        WEIHAI_2020.derive(provincial_rate="0.5", municipal_rate="0.51")


@given(
    st.one_of(
        st.decimals(min_value=Decimal("1.001"), max_value=10**6, places=3),
        st.decimals(max_value=Decimal("-0.001"), min_value=-(10**6), places=3),
    )
)
def test_rates_outside_zero_one_are_refused(rate: Decimal) -> None:
    """Art. 8(2): a rate is a share of the loss, in [0, 1]."""
    for name in ("provincial_rate", "municipal_rate"):
        with pytest.raises(ValidationError, match=name):
            WEIHAI_2020.derive(**{name: rate})


@given(st.floats(min_value=0, max_value=1) | st.floats(allow_nan=True))
def test_float_rates_are_refused(rate: float) -> None:
    """Art. 8(2), D14: a float rate is refused like a float amount (never approximated)."""
    with pytest.raises(ValidationError, match="float"):
        WEIHAI_2020.derive(municipal_rate=rate)


def test_non_finite_and_malformed_rates_are_refused() -> None:
    """Art. 8(2), D14: NaN, infinities, booleans and non-numbers are not rates."""
    for bad in ("NaN", "Infinity", True, "20%", "", None, [0.2]):
        with pytest.raises(ValidationError):
            WEIHAI_2020.derive(provincial_rate=bad)


def test_unknown_field_is_refused() -> None:
    """D1–D16: a misspelt parameter is refused, never ignored."""
    with pytest.raises(ValidationError, match="municipal_rates"):
        WEIHAI_2020.derive(municipal_rates="0.3")
    with pytest.raises(ValidationError):
        Policy(cap="1000")  # type: ignore[call-arg]


@pytest.mark.parametrize("name", ["first_year_cap", "later_year_cap_max", "provincial_cap"])
def test_caps_are_exact_non_negative_amounts(name: str) -> None:
    """Art. 8(2), D5–D8, D14: caps are amounts ≥ 0, exact to the fen."""
    assert getattr(WEIHAI_2020.derive(**{name: 0}), name) == 0
    assert getattr(WEIHAI_2020.derive(**{name: "1200000.5"}), name) == Decimal("1200000.50")
    for bad in (-1, "-0.01", 1_000_000.0, "100.005", "lots"):
        with pytest.raises(ValidationError, match=name):
            WEIHAI_2020.derive(**{name: bad})


def test_effective_until_not_before_effective_from() -> None:
    """Art. 14, D13: the validity window cannot end before it starts (one day is fine)."""
    one_day = WEIHAI_2020.derive(effective_until=dt.date(2020, 8, 23))
    assert one_day.effective_until == one_day.effective_from
    with pytest.raises(ValidationError, match="effective_until"):
        WEIHAI_2020.derive(effective_until=dt.date(2020, 8, 22))
    with pytest.raises(ValidationError, match="effective_until"):
        WEIHAI_2020.derive(effective_from="2026-08-23")


def test_validity_dates_are_dates() -> None:
    """Art. 14, D13: numbers (Unix timestamps) and datetimes are refused as dates."""
    for bad in (0, 1_600_000_000, dt.datetime(2020, 8, 23, 0, 0), "2020-02-30"):
        with pytest.raises(ValidationError, match="effective_from"):
            WEIHAI_2020.derive(effective_from=bad)


@given(st.integers(-2, 14), st.integers(-2, 33))
def test_business_year_start_must_be_a_real_month_day(month: int, day: int) -> None:
    """Art. 5, D7: business_year_start is a (month, day) that exists in every year; 29
    February is refused (it would have no start in three years of four)."""
    try:
        dt.date(2021, month, day)
    except ValueError:
        with pytest.raises(ValidationError, match="business_year_start"):
            WEIHAI_2020.derive(business_year_start=(month, day))
    else:
        assert WEIHAI_2020.derive(business_year_start=(month, day)).business_year_start == (
            month,
            day,
        )


def test_business_year_start_refuses_non_integers() -> None:
    """Art. 5, D7: booleans, floats and strings are not months or days."""
    for bad in ((True, 1), (3.0, 1), ("3", "1"), (3,), (3, 1, 1), "0301"):
        with pytest.raises(ValidationError, match="business_year_start"):
            WEIHAI_2020.derive(business_year_start=bad)
    assert WEIHAI_2020.derive(business_year_start=[3, 1]) == WEIHAI_2020


def test_switches_accept_only_their_documented_values() -> None:
    """D6, D9, D10, D11: cap_scope, combined_loan_method, late_application and the window
    take only the values docs/schemes/weihai_2020/policy.md names."""
    assert WEIHAI_2020.derive(cap_scope="government_total").cap_scope == "government_total"
    assert WEIHAI_2020.derive(late_application="flag").late_application == "flag"
    bad_changes: list[dict[str, Any]] = [
        {"cap_scope": "provincial"},
        {"combined_loan_method": "by_value"},
        {"late_application": "warn"},
        {"application_window": 0},
        {"application_window": 10.0},
        {"application_window": "10"},
        {"calendar_estimate": "maybe"},
        {"min_rating": "E"},
        {"eligible_ip_kinds": {"PATENT", "PATENTS"}},
    ]
    for change in bad_changes:
        with pytest.raises(ValidationError, match=next(iter(change))):
            WEIHAI_2020.derive(**change)


def test_weihai_2020_cannot_be_mutated() -> None:
    """Art. 8(2), 14: the published policy is frozen; assignment raises and nothing
    changes."""
    with pytest.raises(ValidationError):
        WEIHAI_2020.municipal_rate = Decimal("0.30")  # type: ignore[misc]
    with pytest.raises(ValidationError):
        WEIHAI_2020.new_field = 1  # type: ignore[attr-defined]
    assert WEIHAI_2020.municipal_rate == Decimal("0.20")
    assert isinstance(WEIHAI_2020.eligible_ip_kinds, frozenset)  # no in-place .add()
    assert isinstance(WEIHAI_2020.business_year_start, tuple)


def test_policy_is_hashable_and_compares_by_value() -> None:
    """D1–D16: policies are hashable values (usable as cache keys); equal policies hash
    equal, different ones compare unequal."""
    variant = WEIHAI_2020.derive(cap_scope="government_total")
    table = {WEIHAI_2020: "published", variant: "what-if"}
    assert table[Policy()] == "published"
    assert table[WEIHAI_2020.derive(cap_scope="government_total")] == "what-if"
    assert variant != WEIHAI_2020


@given(
    provincial=rates.filter(lambda r: r <= Decimal("0.5")),
    municipal=rates.filter(lambda r: r <= Decimal("0.5")),
    scope=st.sampled_from(["municipal", "government_total"]),
    start=st.tuples(st.integers(1, 12), st.integers(1, 28)),
)
def test_policy_json_round_trip(
    provincial: Decimal, municipal: Decimal, scope: str, start: tuple[int, int]
) -> None:
    """D1–D16: a variant serialises to JSON and back without loss (rates stay exact)."""
    variant = WEIHAI_2020.derive(
        provincial_rate=provincial,
        municipal_rate=municipal,
        cap_scope=scope,
        business_year_start=start,
        provincial_cap="123.45",
    )
    assert Policy.model_validate_json(variant.model_dump_json()) == variant


def test_size_standard_must_be_registered() -> None:
    """Art. 3(1): Policy.size_standard names a registered standard; others are refused."""
    assert WEIHAI_2020.size_standard == "SME_2011"
    with pytest.raises(ValidationError, match="unknown size standard 'SME_2031'"):
        WEIHAI_2020.derive(size_standard="SME_2031")
