"""JSON input is checked natively where it can be (speed), by the same rules as Python
input: amounts (D14, I17), dates (I3), head counts (Art. 3(1)) and division codes (D1).

``Claim.model_validate_json`` takes exact amount text such as ``"1234.56"``, ISO dates
and integer head counts inside pydantic-core, without a Python call per field. These
properties pin that the fast paths change nothing but speed: a JSON value is accepted
exactly when the same value given from Python is, and becomes the same thing.
"""

from __future__ import annotations

import datetime as dt
import json
import string
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from ipcomp import Claim, Enterprise
from ipcomp.core.money import Money, PositiveMoney
from ipcomp.core.sme import HeadCount
from ipcomp.facts import Day, _Count, _DivisionCode
from ipcomp.testing import bad_values, example_claim

# Text that looks like an amount, a date or a count, and near misses of each.
_DIGITS = st.text(alphabet="0123456789", min_size=0, max_size=15)
_NUMBER_TEXT = st.one_of(
    st.builds(lambda a, b: f"{a}.{b}", _DIGITS, _DIGITS),
    _DIGITS,
    st.builds(lambda a, s: s + a, _DIGITS, st.sampled_from(["-", "+", " ", "\t", "0x", "1e"])),
    st.builds(lambda a, s: a + s, _DIGITS, st.sampled_from([" ", "e3", "_0", ".", "0", "\n"])),
    st.text(alphabet=string.digits + ".-+eE_ ,１２３", max_size=20),
    st.sampled_from(["NaN", "inf", "-0", "0.00", "1000000000000.00", "1000000000000.01"]),
)
_DATE_TEXT = st.one_of(
    st.dates().map(str),
    st.builds(
        lambda y, m, d: f"{y}-{m}-{d}",
        st.integers(1990, 2110),
        st.integers(0, 13).map(lambda v: f"{v:02d}"),
        st.integers(0, 32).map(lambda v: f"{v:02d}"),
    ),
    st.datetimes().map(lambda t: t.isoformat()),
    st.text(alphabet="0123456789-T: ", max_size=12),
    # Unix timestamps as text (seconds, milliseconds; midnight UTC ones too), which a
    # date parser may read as dates
    st.integers(0, 4 * 10**9).map(lambda s: str(s - s % 86_400)),
    st.integers(0, 4 * 10**12).map(str),
    st.sampled_from(["1695859200", "1695859200000", "0", "86400"]),
)
_JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    _NUMBER_TEXT,
    _DATE_TEXT,
)


def _outcome(validate: Any, value: Any) -> Any:
    try:
        result = validate(value)
    except ValidationError as error:
        return ("error", [e["loc"] for e in error.errors()])
    return ("ok", result, str(result))


@pytest.mark.parametrize(
    "annotation",
    [Money, PositiveMoney, Day, HeadCount, _Count, _DivisionCode],
    ids=["Money", "PositiveMoney", "Day", "HeadCount", "Enterprise.employees", "division_code"],
)
@given(value=_JSON_SCALARS)
def test_json_accepts_exactly_what_python_accepts(annotation: Any, value: Any) -> None:
    """D14, I3, I17, D1: from JSON and from Python, the same value passes or fails alike,
    at the same place, and passes as the same result (same value, same digits)."""
    adapter = TypeAdapter(annotation)
    from_json = _outcome(adapter.validate_json, json.dumps(value))
    from_python = _outcome(adapter.validate_python, value)
    assert from_json == from_python


@given(value=bad_values())
def test_json_claims_refuse_bad_amounts_and_dates_like_python(value: Any) -> None:
    """D14, I3: a malformed amount or date in a claim is refused from JSON and from
    Python alike, each naming the field."""
    data = example_claim().model_dump(mode="json")
    for field in ("principal_loss", "recognized_on"):
        bad = {**data, field: value}
        try:
            text = json.dumps(bad)
        except (TypeError, ValueError):
            continue  # not JSON at all (e.g. a NaN float or bytes)
        outcomes = []
        for validate, arg in ((Claim.model_validate_json, text), (Claim.model_validate, bad)):
            try:
                validate(arg)
            except ValidationError as error:
                outcomes.append(sorted(str(e["loc"][0]) for e in error.errors()))
            else:
                outcomes.append(None)
        assert outcomes[0] == outcomes[1]
        assert outcomes[0] in (None, [field])


def test_json_errors_name_the_field_and_the_rule() -> None:
    """D14, Art. 3(1): a JSON value the fast paths refuse gets one error naming the field,
    with a message that states the rule."""
    data = example_claim().model_dump(mode="json")
    data["principal_loss"] = "12.505"
    with pytest.raises(ValidationError) as info:
        Claim.model_validate_json(json.dumps(data))
    [error] = info.value.errors()
    assert error["loc"] == ("principal_loss",)
    assert error["type"] == "money_parsing"
    assert "at most two decimals" in error["msg"]
    enterprise = example_claim().loan.enterprise.model_dump(mode="json")
    for employees in (True, 20.0, "many"):
        with pytest.raises(ValidationError) as info:
            Enterprise.model_validate_json(json.dumps({**enterprise, "employees": employees}))
        [error] = info.value.errors()
        assert (error["loc"], error["type"]) == (("employees",), "head_count")


@pytest.mark.parametrize("text", ["1695859200", "1695859200000", "20230928", "2023-09-28T00:00"])
def test_json_dates_are_iso_text_only(text: str) -> None:
    """I3: from JSON as from Python, a date is YYYY-MM-DD text; a Unix timestamp written
    as text (which pydantic's date parser would take) is refused, naming the field."""
    data = example_claim().model_dump(mode="json")
    data["loan"]["disbursed_on"] = text
    for validate, arg in (
        (Claim.model_validate_json, json.dumps(data)),
        (Claim.model_validate, data),
    ):
        with pytest.raises(ValidationError) as info:
            validate(arg)
        assert [e["loc"] for e in info.value.errors()] == [("loan", "disbursed_on")]


def _error(validate: Any, value: Any) -> tuple[str, str]:
    with pytest.raises(ValidationError) as info:
        validate(value)
    [error] = info.value.errors()
    return error["type"], error["msg"]


def test_freshly_built_schemas_state_every_bound_and_message() -> None:
    """D14, I3, I27, Art. 3(1): the schemas of amounts, dates and head counts, built afresh
    (not taken from a model built earlier), bound and word every refusal as documented,
    from JSON and from Python."""
    money, positive = TypeAdapter(Money), TypeAdapter(PositiveMoney)
    rule = (
        "Input should be an amount in yuan: a string such as '1234.56' or an integer, "
        "{} and at most 10^12, with at most two decimals (floats, exponents, signs and "
        "digits below the fen are refused)"
    )
    assert _error(money.validate_json, '"12.505"') == ("money_parsing", rule.format("at least 0"))
    assert _error(positive.validate_json, '"0.00"') == (
        "money_parsing",
        rule.format("greater than 0"),
    )
    assert money.validate_json('"0.00"') == 0
    assert positive.validate_json('"0.01"') == Decimal("0.01")
    day = TypeAdapter(Day)
    iso = "Input should be an ISO date (YYYY-MM-DD) such as '2023-09-28'"
    assert _error(day.validate_json, '"1695859200"') == ("date_format", iso)
    for validate, edge in ((day.validate_json, '"{}"'), (day.validate_python, "{}")):
        assert validate(edge.format("2000-01-01")) == dt.date(2000, 1, 1)
        assert validate(edge.format("2099-12-31")) == dt.date(2099, 12, 31)
        assert _error(validate, edge.format("1999-12-31"))[0] == "greater_than_equal"
        assert _error(validate, edge.format("2100-01-01"))[0] == "less_than_equal"
    persons = "Input should be a head count: a whole number of persons"
    for annotation, most in ((HeadCount, None), (_Count, 10**8)):
        count = TypeAdapter(annotation)
        assert _error(count.validate_json, "true") == ("head_count", persons)
        from_json = lambda v, c=count: c.validate_json(json.dumps(v))  # noqa: E731
        for validate in (from_json, count.validate_python):
            assert validate(0) == 0
            assert _error(validate, -1)[0] == "greater_than_equal"
            if most is None:
                assert validate(10**9) == 10**9
            else:
                assert validate(most) == most
                assert _error(validate, most + 1)[0] == "less_than_equal"


def test_json_dates_take_no_blanks_even_where_a_model_strips_text() -> None:
    """I3: a model that strips blanks from its strings still reads a JSON date as the
    exact text YYYY-MM-DD, as it reads it from Python."""
    from pydantic import BaseModel, ConfigDict

    class Stripping(BaseModel):
        model_config = ConfigDict(str_strip_whitespace=True)
        day: Day

    for text in (" 2023-09-28", "2023-09-28 ", "2023-09-28\n"):
        for validate, arg in (
            (Stripping.model_validate_json, json.dumps({"day": text})),
            (Stripping.model_validate, {"day": text}),
        ):
            with pytest.raises(ValidationError):
                validate(arg)
    assert Stripping.model_validate_json('{"day": "2023-09-28"}').day == dt.date(2023, 9, 28)
