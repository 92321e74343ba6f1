"""The fact models (Art. 3, 4, 6, 7, 8): validation, immutability, hashing, JSON."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import AssessedCaps, Bank, Claim, Enterprise, IPKind, Loan, Pledge
from ipcomp.facts import MAX_DATE, MIN_DATE
from ipcomp.testing import (
    bad_values,
    banks,
    claims,
    enterprises,
    example_bank,
    example_claim,
    example_enterprise,
    example_loan,
    loans,
)


def example_pledge(**changes):
    return Pledge.model_validate({"kind": "PATENT", "registered": True, "number": "ZL1", **changes})


FACTORIES = {
    "Enterprise": example_enterprise,
    "Bank": example_bank,
    "Pledge": example_pledge,
    "Loan": example_loan,
    "Claim": example_claim,
}

BAD_BOOLS = ["maybe", 2, -1, 0.5, "", [], {}, "TRUE-ish"]
BAD_NAMES = ["", "   ", "\t", 5, "x" * 201, ["a"]]
BAD_DATES = [
    "",
    "2023-02-30",
    "2023-13-01",
    "2023-9-28",
    "28/09/2023",
    "20230928",
    "1695859200",  # a Unix timestamp in disguise (2023-09-28)
    "946684800",  # 2000-01-01 as a timestamp
    1695859200,
    20230928,
    2023.5,
    Decimal(20230928),
    True,
    b"2023-09-28",
    dt.datetime(2023, 9, 28),
    dt.datetime(2023, 9, 28, 12, 30),
    "2023-09-28T00:00:00",
    "2023-09-28 12:30",
    "1999-12-31",
    dt.date(1999, 12, 31),
    dt.date(2100, 1, 1),
    "2100-01-01",
    "0001-01-01",
    [2023, 9, 28],
]
BAD_MONEY = [
    1.0,
    1e6,
    float("nan"),
    True,
    "-1",
    -5,
    "100.005",
    "NaN",
    "Infinity",
    "",
    "lots",
    10**13,
    "1e13",
    [1],
    {"yuan": 1},
]

BAD_FIELDS: list[tuple[str, str, list[object]]] = [
    ("Enterprise", "name", BAD_NAMES),
    ("Enterprise", "industry", ["industry", "MINING", "", 2, None]),
    ("Enterprise", "legal_person", BAD_BOOLS),
    ("Enterprise", "operating", BAD_BOOLS),
    ("Enterprise", "via_platform", BAD_BOOLS),
    ("Enterprise", "rating", ["E", "c", "AA", "", 3, "C级"]),
    (
        "Enterprise",
        "credit_code",
        [
            "",
            "123",
            91110000600037341,
            "91110000600037341A",
            "91 110000 600037341L",
            "9111000060003734IL",
        ],
    ),
    (
        "Enterprise",
        "division_code",
        ["", "37100", "3710020", "37100A", 371002, " 371002", "３７１００２"],
    ),
    ("Enterprise", "employees", [-1, 1.0, 120.0, True, "many", 10**8 + 1, "1e2"]),
    ("Enterprise", "revenue", BAD_MONEY),
    ("Enterprise", "total_assets", BAD_MONEY),
    ("Bank", "name", BAD_NAMES),
    ("Bank", "meets_fund_conditions", BAD_BOOLS),
    ("Bank", "ip_credit_system", BAD_BOOLS),
    ("Bank", "responsible_staff", BAD_BOOLS),
    ("Bank", "filed_in_shandong", BAD_BOOLS),
    ("Bank", "reported_in_weihai_on", BAD_DATES),
    (
        "Bank",
        "assessed_caps",
        [
            {1999: 1},
            {2100: 1},
            {2021: -1},
            {2021: 1.0},
            {2021: "1.005"},
            {"year": 1},
            {2021: None},
            [2021, 1],
            "caps",
            5,
        ],
    ),
    ("Pledge", "kind", ["patent", "", 1, None, "专利"]),
    ("Pledge", "registered", BAD_BOOLS),
    ("Pledge", "number", ["", "   ", "x" * 65, 5, ["ZL1"]]),
    ("Loan", "loan_id", ["", "  ", "x" * 65, 5, None]),
    ("Loan", "enterprise", [None, {}, "威海甲", {"name": "x"}]),
    ("Loan", "bank", [None, {}, "甲银行", {"name": "x"}]),
    ("Loan", "disbursed_on", BAD_DATES),
    ("Loan", "principal", [*BAD_MONEY, 0, "0.00", None]),
    (
        "Loan",
        "pledges",
        [
            None,
            "PATENT",
            {"kind": "PATENT", "registered": True},
            [{"kind": "MAGIC", "registered": True}],
            [None],
            [5],
            [{"kind": "PATENT", "registered": True}] * 1001,
        ],
    ),
    ("Loan", "direct", BAD_BOOLS),
    ("Loan", "written_contract", BAD_BOOLS),
    ("Loan", "via_platform", BAD_BOOLS),
    ("Loan", "ip_principal", BAD_MONEY),
]

CASES = [
    pytest.param(model, field, value, id=f"{model}.{field}[{index}]")
    for model, field, values in BAD_FIELDS
    for index, value in enumerate(values)
]


@pytest.mark.parametrize(("model", "field", "value"), CASES)
def test_bad_field_values_are_validation_errors_naming_the_field(model, field, value):
    """Art. 3, 4, 6, 7; D14: wrong types, floats for amounts, bad or out-of-range dates,
    datetimes, empty strings: a ValidationError on that field and no other."""
    with pytest.raises(ValidationError) as info:
        FACTORIES[model](**{field: value})
    locations = {e["loc"][0] for e in info.value.errors()}
    assert locations == {field}, info.value.errors()


@pytest.mark.parametrize("model", FACTORIES)
def test_extra_fields_are_refused(model):
    """D14: an unknown field (a typo such as 'princpal') is an error, never ignored."""
    with pytest.raises(ValidationError) as info:
        FACTORIES[model](princpal=5)
    assert [(e["loc"], e["type"]) for e in info.value.errors()] == [
        (("princpal",), "extra_forbidden")
    ]


REQUIRED = {
    "Enterprise": ["name", "industry", "legal_person", "operating", "via_platform", "rating"],
    "Bank": [
        "name",
        "meets_fund_conditions",
        "ip_credit_system",
        "responsible_staff",
        "filed_in_shandong",
        "reported_in_weihai_on",
    ],
    "Pledge": ["kind", "registered"],
    "Loan": [
        "loan_id",
        "enterprise",
        "bank",
        "disbursed_on",
        "principal",
        "pledges",
        "direct",
        "written_contract",
        "via_platform",
    ],
    "Claim": [
        "loan",
        "principal_loss",
        "risk_class",
        "overdue",
        "recognized_on",
        "applied_on",
        "via_platform",
    ],
}
MODELS = {"Enterprise": Enterprise, "Bank": Bank, "Pledge": Pledge, "Loan": Loan, "Claim": Claim}


@pytest.mark.parametrize(
    ("model", "field"), [(m, f) for m, fields in REQUIRED.items() for f in fields]
)
def test_every_fact_must_be_stated_even_if_unknown(model, field):
    """D4: each fact of docs/spec/api.md's signature is required; unknown is an explicit None."""
    data = dict(FACTORIES[model]())
    del data[field]
    with pytest.raises(ValidationError) as info:
        MODELS[model].model_validate(data)
    assert [(e["loc"], e["type"]) for e in info.value.errors()] == [((field,), "missing")]


@given(
    st.sampled_from([(m, f) for m, f, _ in BAD_FIELDS]),
    bad_values(),
)
def test_any_bad_value_gives_a_validation_error_or_a_sound_model(target, value):
    """D14: whatever is put in a field, the result is a ValidationError naming the field
    (or the cross-field rule about it), or a model that survives a JSON round trip."""
    model, field = target
    try:
        built = FACTORIES[model](**{field: value})
    except ValidationError as error:
        for detail in error.errors():
            assert detail["loc"][:1] == (field,) or (
                detail["loc"] == () and field in detail["msg"]
            ), detail
    else:
        assert type(built).model_validate_json(built.model_dump_json()) == built


def test_an_enterprise_needs_a_credit_code_or_a_division_code():
    """D1: at least one of credit_code and division_code is required."""
    with pytest.raises(ValidationError, match="give credit_code or division_code"):
        example_enterprise(credit_code=None, division_code=None)
    assert example_enterprise(credit_code=None, division_code="371002").credit_code is None
    assert example_enterprise(division_code="371002").division_code == "371002"


def test_effective_division_code():
    """D1: the explicit division code wins; otherwise characters 3-8 of the credit code."""
    assert example_enterprise().effective_division_code == "371000"
    assert example_enterprise(division_code="371082").effective_division_code == "371082"
    only = example_enterprise(credit_code=None, division_code="370100")
    assert only.effective_division_code == "370100"


@pytest.mark.parametrize("ip", [0, "0.00", 1, 1_000_000, "1999999.99", 2_000_000])
def test_ip_principal_up_to_the_principal_is_accepted(ip):
    """D9: the IP-secured part of a combined loan may be anything from 0 to the principal."""
    loan = example_loan(ip_principal=ip)
    assert loan.ip_principal == Decimal(ip)
    assert loan.secured_principal == Decimal(ip)


def test_ip_principal_above_the_principal_is_refused():
    """D9: ip_principal must not exceed principal."""
    with pytest.raises(ValidationError) as info:
        example_loan(ip_principal="2000000.01")
    assert "ip_principal 2000000.01 exceeds principal 2000000.00" in str(info.value)


def test_without_ip_principal_the_whole_loan_is_secured():
    """D9: ip_principal None means the whole principal is IP-secured."""
    loan = example_loan()
    assert loan.ip_principal is None
    assert loan.secured_principal == loan.principal == Decimal("2000000.00")


@pytest.mark.parametrize("principal", [0, "0", "0.00", Decimal(0), "-0.01"])
def test_principal_must_be_positive(principal):
    """Art. 8(1), D14: a loan's principal is greater than zero."""
    with pytest.raises(ValidationError) as info:
        example_loan(principal=principal)
    assert [e["loc"] for e in info.value.errors()] == [("principal",)]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"principal_loss": "2000000.01"},
            "principal_loss 2000000.01 exceeds the loan's principal",
        ),
        ({"ip_principal_loss": "800000.01"}, "ip_principal_loss 800000.01 exceeds principal_loss"),
        (
            {"loan": example_loan(ip_principal=500_000), "ip_principal_loss": "500000.01"},
            "exceeds the IP principal 500000.00",
        ),
        ({"recognized_on": "2022-05-19", "applied_on": None}, "recognized_on 2022-05-19 is before"),
        ({"recognized_on": None, "applied_on": "2022-05-19"}, "applied_on 2022-05-19 is before"),
        ({"applied_on": "2023-09-27"}, "applied_on 2023-09-27 is before recognized_on 2023-09-28"),
    ],
)
def test_claim_cross_field_rules(changes, message):
    """Art. 8, D9, D11: losses within the principal and the IP part; dates in order."""
    with pytest.raises(ValidationError) as info:
        example_claim(**changes)
    assert message in str(info.value)


def test_claim_boundaries_are_accepted():
    """Art. 8, D9, D11: equal amounts and same-day dates are allowed."""
    claim = example_claim(
        principal_loss=2_000_000,
        ip_principal_loss=2_000_000,
        recognized_on="2022-05-20",
        applied_on="2022-05-20",
    )
    assert claim.ip_principal_loss == claim.principal_loss == claim.loan.principal
    assert example_claim(recognized_on=None, applied_on=None).applied_on is None
    assert example_claim(recognized_on=None).recognized_on is None
    assert example_claim().municipal_paid_before == Decimal("0.00")


@pytest.mark.parametrize(
    "day", [MIN_DATE, MAX_DATE, "2000-01-01", "2099-12-31", "2020-02-29", "2023-09-28"]
)
def test_dates_in_range_are_accepted(day):
    """D13: dates from 2000-01-01 to 2099-12-31 inclusive, as date or ISO text."""
    bank = example_bank(reported_in_weihai_on=day)
    assert bank.reported_in_weihai_on == (
        day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
    )


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        ("Enterprise", "name", "别的公司"),
        ("Enterprise", "rating", "A"),
        ("Bank", "reported_in_weihai_on", dt.date(2021, 1, 1)),
        ("Bank", "assessed_caps", {}),
        ("Pledge", "registered", False),
        ("Loan", "principal", Decimal(1)),
        ("Loan", "pledges", ()),
        ("Claim", "fraud_found", True),
    ],
)
def test_models_are_frozen(model, field, value):
    """D14: models never change after validation; assignment is an error."""
    instance = FACTORIES[model]()
    with pytest.raises(ValidationError) as info:
        setattr(instance, field, value)
    assert info.value.errors()[0]["type"] == "frozen_instance"


def test_assessed_caps_are_immutable():
    """D8: the caps mapping of a bank cannot be changed in place either."""
    caps = example_bank().assessed_caps
    with pytest.raises(TypeError):
        caps[2021] = Decimal(0)  # type: ignore[index]
    assert isinstance(caps, AssessedCaps)


CAPS = {2021: Decimal("1200000"), 2022: Decimal("1500000.00"), 2023: 1_200_000}


@pytest.mark.parametrize(
    "caps",
    [
        CAPS,
        dict(reversed(CAPS.items())),
        MappingProxyType(CAPS),
        OrderedDict(sorted(CAPS.items(), reverse=True)),
        AssessedCaps({k: Decimal(v) for k, v in CAPS.items()}),
        {str(k): str(v) for k, v in CAPS.items()},
    ],
    ids=["dict", "reversed", "mappingproxy", "ordereddict", "assessedcaps", "text"],
)
def test_banks_are_hashable_whatever_mapping_holds_the_caps(caps):
    """D8: assessed_caps may be any mapping; equal banks are equal and hash alike."""
    bank = example_bank(assessed_caps=caps)
    reference = example_bank()
    assert bank == reference
    assert hash(bank) == hash(reference)
    assert len({bank, reference}) == 1
    assert bank.assessed_caps == CAPS
    assert list(bank.assessed_caps) == [2021, 2022, 2023]


def test_different_caps_make_different_banks():
    """D8: a bank with another assessed cap is another bank."""
    assert example_bank(assessed_caps={2021: 1}) != example_bank(assessed_caps={2021: 2})
    assert example_bank(assessed_caps={2021: 1}) != example_bank(assessed_caps={2022: 1})


def test_assessed_caps_mapping():
    """D8: AssessedCaps reads like a dict, compares with any mapping, and only with one."""
    caps = AssessedCaps({2023: Decimal("1.00"), 2021: Decimal("2.00")})
    assert caps[2021] == Decimal("2.00")
    assert list(caps) == [2021, 2023]
    assert len(caps) == 2
    assert 2022 not in caps
    assert caps == {2021: Decimal(2), 2023: Decimal(1)}
    assert caps != {2021: Decimal(2)}
    assert caps != [2021, 2023]
    assert caps.__eq__(5) is NotImplemented
    assert repr(caps) == "AssessedCaps({2021: Decimal('2.00'), 2023: Decimal('1.00')})"
    assert AssessedCaps() == {}
    assert hash(AssessedCaps()) == hash(AssessedCaps({}))
    with pytest.raises(KeyError):
        caps[2022]
    assert caps.get(2023) == Decimal("1.00")
    assert caps.get(2022) is None
    assert caps.get(2022, Decimal(7)) == Decimal(7)
    assert list(caps.keys()) == [2021, 2023]
    assert list(caps.values()) == [Decimal("2.00"), Decimal("1.00")]
    assert list(caps.items()) == [(2021, Decimal("2.00")), (2023, Decimal("1.00"))]


@pytest.mark.parametrize("model", FACTORIES)
def test_equal_models_hash_alike(model):
    """D14: separately built equal models are equal and have equal hashes."""
    first, second = FACTORIES[model](), FACTORIES[model]()
    assert first is not second
    assert first == second
    assert hash(first) == hash(second)


MODEL_STRATEGIES = {
    "Enterprise": enterprises(),
    "Bank": banks(),
    "Pledge": st.builds(
        Pledge,
        kind=st.sampled_from(list(IPKind)),
        registered=st.sampled_from([True, False, None]),
        number=st.none() | st.from_regex(r"ZL[0-9]{12}\.[0-9X]", fullmatch=True),
    ),
    "Loan": loans(),
    "Claim": claims(),
}


@pytest.mark.parametrize("model", MODEL_STRATEGIES)
def test_json_round_trip(model):
    """D14: every model survives JSON and Python dumps unchanged, hash included."""

    @given(MODEL_STRATEGIES[model])
    def round_trip(instance):
        cls = type(instance)
        again = cls.model_validate_json(instance.model_dump_json())
        assert again == instance
        assert hash(again) == hash(instance)
        assert cls.model_validate(instance.model_dump()) == instance
        assert cls.model_validate(instance.model_dump(mode="json")) == instance

    round_trip()


def test_json_schema_is_generated():
    """D14: each model has a JSON schema (for integrators), money fields included."""
    for model in MODELS.values():
        schema = model.model_json_schema()
        assert schema["additionalProperties"] is False
    assert "assessed_caps" in Bank.model_json_schema()["properties"]


def test_assessed_caps_as_a_pydantic_type():
    """D8: as a field type, AssessedCaps takes any mapping of business years (2000…2099) to
    amounts, gives an AssessedCaps, and writes a plain {year: amount} mapping; its JSON
    schema is the same for input and output."""
    from pydantic import TypeAdapter

    adapter = TypeAdapter(AssessedCaps)
    caps = adapter.validate_python({"2023": "1200000", 2021: 5})
    assert type(caps) is AssessedCaps
    assert caps == {2021: Decimal("5.00"), 2023: Decimal("1200000.00")}
    assert type(adapter.dump_python(caps)) is dict
    assert adapter.dump_python(caps) == {2021: Decimal("5.00"), 2023: Decimal("1200000.00")}
    assert adapter.dump_json(caps) == b'{"2021":"5.00","2023":"1200000.00"}'
    schema = adapter.json_schema()
    assert schema["type"] == "object"
    assert schema["additionalProperties"]["anyOf"][1] == {"type": "integer", "minimum": 0}
    assert adapter.json_schema(mode="serialization") == schema
    for bad in ({1999: 1}, {2100: 1}, {2023: "1.5x"}, {2023: 1.5}, [2023]):
        with pytest.raises(ValidationError):
            adapter.validate_python(bad)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (5, "5 is not a date; use an ISO date such as '2023-09-28'"),
        (True, "True is not a date; use an ISO date such as '2023-09-28'"),
        (
            dt.datetime(2023, 9, 28, 8),
            "datetime.datetime(2023, 9, 28, 8, 0) is a datetime; pass its .date() explicitly",
        ),
        (
            "2023/09/28 and some more text that is long enough",
            "'2023/09/28 and some more text that is lo' is not an ISO date (YYYY-MM-DD) such "
            "as '2023-09-28'",
        ),
    ],
)
def test_a_refused_date_is_named_with_what_to_write_instead(value, message):
    """I3: a number, a datetime or non-ISO text (named by its first 40 characters) is not a
    date; the message says what to write instead."""
    with pytest.raises(ValidationError) as info:
        example_loan(disbursed_on=value)
    assert info.value.errors()[0]["msg"] == f"Value error, {message}"


def test_paid_before_is_a_sized_mapping() -> None:
    """D5: the other payers' paid-before amounts behave as a read-only mapping."""
    from ipcomp.facts import PaidBefore

    empty, one = PaidBefore(), PaidBefore({"guarantor": Decimal("1.00")})
    assert (len(empty), len(one)) == (0, 1)
    assert list(one) == ["guarantor"]
    assert dict(one) == {"guarantor": Decimal("1.00")}
