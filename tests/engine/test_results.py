"""Result models: `Compensation`, `Recovery`, `Assessment` (docs/spec/api.md "Results"; Art. 8(2),
7(4), 9, 10; D5–D9, D14–D16). They round-trip through JSON, compare by value, refuse
inconsistent contents and print as an auditor's note."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import (
    WEIHAI_2020,
    Assessment,
    Claim,
    Code,
    Compensation,
    Recovery,
    allocate_recovery,
    assess,
    compensate,
    fraud_returns,
)
from ipcomp.findings import make_finding
from ipcomp.testing import amounts, claims, example_bank, example_claim, example_loan

BLOCKING = make_finding(Code.CLAIM_FRAUD, "欺诈", "fraud")
NOTE = make_finding(Code.NOTE_NO_ASSESSMENT, "无考核", "no assessment")


def api_compensation(**changes: Any) -> dict[str, Any]:
    """The fields docs/spec/api.md names, for 1,000 yuan lost: 400 + 200 paid, 400 borne."""
    data: dict[str, Any] = {
        "ip_loss": "1000",
        "provincial": "400",
        "municipal_uncapped": "200",
        "municipal_cap": "1000000",
        "municipal": "200",
        "total": "600",
        "bank_share": "400",
        "capped": False,
        "business_year": 2023,
    }
    return {**data, **changes}


def first_year_claim(**changes: Any) -> Claim:
    """8,000,000 lost on a 10,000,000 patent loan in the bank's first business year."""
    loan = example_loan(
        principal=10_000_000,
        disbursed_on=dt.date(2020, 9, 10),
        bank=example_bank(reported_in_weihai_on=dt.date(2020, 9, 1)),
    )
    data: dict[str, Any] = {
        "loan": loan,
        "principal_loss": 8_000_000,
        "recognized_on": dt.date(2020, 12, 1),
        "applied_on": dt.date(2020, 12, 2),
    }
    return example_claim(**{**data, **changes})


# --- JSON and value semantics ----------------------------------------------------------


@given(claims(), st.data())
def test_results_round_trip_through_json(claim: Claim, data: st.DataObject) -> None:
    """Art. 8(2), 7(4), D14: Compensation, Recovery and Assessment survive JSON exactly
    and compare equal by value; so do their hashes."""
    compensation = compensate(claim)
    assert Compensation.model_validate_json(compensation.model_dump_json()) == compensation
    assessment = assess(claim)
    back = Assessment.model_validate_json(assessment.model_dump_json())
    assert back == assessment
    assert hash(back) == hash(assessment)
    assert str(back) == str(assessment)
    recovered = data.draw(amounts(0, compensation.ip_loss))
    recovery = allocate_recovery(compensation, recovered)
    assert Recovery.model_validate_json(recovery.model_dump_json()) == recovery
    returned = fraud_returns(compensation)
    assert Recovery.model_validate(returned.model_dump()) == returned


def test_results_compare_by_value() -> None:
    """D14: two computations of the same claim are equal, a different claim's are not."""
    assert compensate(example_claim()) == compensate(example_claim())
    assert compensate(example_claim()) != compensate(example_claim(principal_loss=1))
    assert assess(example_claim()) == assess(example_claim())
    assert Recovery(provincial=1, municipal=2, bank=3) == Recovery(
        provincial="1.00", municipal=Decimal(2), bank="3"
    )


def test_results_are_frozen() -> None:
    """docs/spec/api.md: results are frozen pydantic models."""
    result = compensate(example_claim())
    with pytest.raises(ValidationError):
        result.total = Decimal(0)
    with pytest.raises(ValidationError):
        Recovery(provincial=1, municipal=2, bank=3, extra=4)


def test_results_behave_like_validated_ones_with_every_field_set() -> None:
    """docs/spec/api.md: results built by the library (unvalidated, for speed) have every field
    set, as validated ones do: dumps with exclude_unset are whole, copies with changes
    work, and the shared set of field names cannot be changed through one result."""
    import copy
    import pickle

    for result in (compensate(example_claim()), assess(example_claim())):
        validated = type(result).model_validate(result.model_dump())
        assert (
            result.model_fields_set == validated.model_fields_set == set(type(result).model_fields)
        )
        assert result.model_dump(exclude_unset=True) == validated.model_dump()
        assert result.model_dump_json(exclude_unset=True) == validated.model_dump_json()
        first = next(iter(type(result).model_fields))
        changed = result.model_copy(update={first: None})
        assert getattr(changed, first) is None
        assert changed.model_fields_set == result.model_fields_set
        for again in (copy.copy(result), copy.deepcopy(result), pickle.loads(pickle.dumps(result))):
            assert again == result
            assert type(again.model_fields_set) is set
        with pytest.raises(TypeError) as caught:
            result.model_fields_set.add("anything")
        assert str(caught.value) == (
            "the model_fields_set of an ipcomp result is shared and read-only"
        )
        copied = copy.deepcopy(result.model_fields_set)
        assert type(copied) is set
        assert copied == result.model_fields_set
        with pytest.raises(TypeError, match="read-only"):
            result.model_fields_set |= {"anything"}
        assert compensate(example_claim()).model_fields_set == set(Compensation.model_fields)


def test_the_shared_field_names_are_made_once_per_class() -> None:
    """Results of one class share one read-only set of all its field names, made on the
    first result built (here for a class no result has used yet)."""
    from pydantic import BaseModel

    from ipcomp.core._build import FieldsSet, build

    class Tiny(BaseModel):
        a: int
        b: int

    first = build(Tiny, {"a": 1, "b": 2})
    second = build(Tiny, {"a": 3, "b": 4})
    assert type(first.model_fields_set) is FieldsSet
    assert first.model_fields_set == {"a", "b"}
    assert second.model_fields_set is first.model_fields_set
    assert (second.a, second.b) == (3, 4)


def test_compensation_from_api_fields_only() -> None:
    """docs/spec/api.md: a Compensation needs only the fields docs/spec/api.md lists; the rest (how it was
    computed) have defaults and the explanation still reads."""
    result = Compensation.model_validate(api_compensation())
    assert result.total == Decimal("600.00")
    assert result.notes == ()
    text = str(result)
    assert "provincial 400.00" in text
    assert "municipal 200.00, within the cap of 1,000,000.00" in text
    assert "total 600.00; the bank bears 400.00" in text


# --- inconsistent results are refused -----------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"total": "601"}, "total must equal provincial \\+ municipal"),
        ({"bank_share": "401"}, "bank_share \\+ total must equal ip_loss"),
        (
            {"municipal": "250", "total": "650", "bank_share": "350"},
            "cannot exceed its uncapped value",
        ),
        ({"provincial_uncapped": "300"}, "cannot exceed its uncapped value"),
        (
            {"municipal": "100", "total": "500", "bank_share": "500"},
            "capped must be True exactly when",
        ),
        ({"capped": True, "provincial_uncapped": "400"}, "capped must be True exactly when"),
        ({"notes": (BLOCKING,)}, "never blocking"),
        ({"ip_loss": "-1"}, "negative"),
        ({"provincial": 400.0}, "float"),
    ],
)
def test_inconsistent_compensation_is_refused(changes: dict[str, Any], message: str) -> None:
    """Art. 8(2), D14: total = provincial + municipal, bank share = IP loss − total, a cap
    only lowers a share, `capped` iff a cap cut the payment, notes never block."""
    with pytest.raises(ValidationError, match=message):
        Compensation.model_validate(api_compensation(**changes))


def test_capped_without_provincial_uncapped_is_accepted() -> None:
    """D6, D14: built from docs/spec/api.md's fields only, a provincial cut is invisible, so
    capped=True without a visible municipal cut is accepted."""
    assert Compensation.model_validate(api_compensation(capped=True)).capped


@pytest.mark.parametrize(
    ("eligible", "findings", "with_compensation", "message"),
    [
        (True, (BLOCKING,), True, "eligible must be True exactly when"),
        (False, (NOTE,), False, "eligible must be True exactly when"),
        (False, (BLOCKING,), True, "compensation is given exactly when"),
        (True, (NOTE,), False, "compensation is given exactly when"),
    ],
)
def test_inconsistent_assessment_is_refused(
    eligible: bool, findings: tuple[Any, ...], with_compensation: bool, message: str
) -> None:
    """Art. 8, 9, 10, D15, D16: eligible iff no blocking finding; compensation iff
    eligible."""
    compensation = compensate(example_claim()) if with_compensation else None
    with pytest.raises(ValidationError, match=message):
        Assessment(eligible=eligible, findings=findings, compensation=compensation)


# --- the auditor's note -------------------------------------------------------------------


def test_str_of_capped_first_year_claim_shows_the_arithmetic() -> None:
    """Art. 8(2), D7, D8, D14: 8,000,000 × 40% = 3,200,000; 8,000,000 × 20% = 1,600,000,
    capped at the first-year 1,000,000 (business year 2020: 2020-03-01..2021-02-28, the
    bank reported 2020-09-01); total 4,200,000; the bank bears 8,000,000 − 4,200,000 =
    3,800,000."""
    text = str(assess(first_year_claim()))
    assert text.splitlines()[0] == "Loan WH-2022-0001: ELIGIBLE 符合补偿条件"
    assert "application deadline 2020-12-15" in text
    assert "[NOTE_CAP_APPLIED] Art. 8(2) (note)" in text
    assert "IP-part principal loss 8,000,000.00 (the whole loan is IP-secured)" in text
    assert "provincial 40% × 8,000,000.00 = 3,200,000.00\n" in text
    assert (
        "municipal 20% × 8,000,000.00 = 1,600,000.00, capped at 1,000,000.00 "
        "(first business year 2020) → 1,000,000.00"
    ) in text
    assert text.endswith("total 4,200,000.00; the bank bears 3,800,000.00")


def test_str_of_ineligible_claim_names_verdict_and_every_article() -> None:
    """Art. 8(1), 8(3), 9, 10: the note names the verdict and each finding with its code
    and article; no arithmetic is printed for a claim that is not paid."""
    claim = example_claim(fraud_found=True, via_platform=None, principal_loss=0)
    assessment = assess(claim)
    text = str(assessment)
    assert text.startswith("Loan WH-2022-0001: NOT ELIGIBLE 不符合补偿条件")
    for finding in assessment.findings:
        assert f"[{finding.code}] {finding.article} " in text
    assert "Art. 9, 10 (blocking)" in text
    assert "Art. 8(1) (blocking)" in text
    assert "it is unknown whether" in text  # D4: the unknown fact is said to be unknown
    assert "IP-part principal loss" not in text
    assert assessment.explain() == text


def test_str_explains_each_way_the_ip_loss_was_found() -> None:
    """Art. 8(1), D9: stated, whole loan, or pro rata; 600,000 lost on a 2,000,000 loan
    with 1,500,000 IP-secured → 600,000 × 1,500,000 ÷ 2,000,000 = 450,000."""
    combined = example_loan(ip_principal=1_500_000)
    pro_rata = compensate(example_claim(loan=combined, principal_loss=600_000))
    assert "IP-part principal loss 450,000.00 (pro rata to the IP principal (D9))" in str(pro_rata)
    stated = compensate(
        example_claim(loan=combined, principal_loss=600_000, ip_principal_loss=300_000)
    )
    assert "IP-part principal loss 300,000.00 (as recognised)" in str(stated)


def test_str_of_government_total_cap_with_earlier_payments() -> None:
    """D5, D6: under cap_scope="government_total" the cap is on provincial + municipal
    and both earlier payments count: cap 1,200,000 (assessed, 2023) − 300,000 − 500,000
    = 400,000 room; 2,000,000 lost → 800,000 + 400,000 = 1,200,000 due, cut by 800,000:
    municipal 400,000 → 0, provincial 800,000 → 400,000."""
    policy = WEIHAI_2020.derive(cap_scope="government_total")
    claim = example_claim(
        principal_loss=2_000_000, municipal_paid_before=300_000, provincial_paid_before=500_000
    )
    result = compensate(claim, policy)
    assert (result.provincial, result.municipal) == (Decimal("400000.00"), Decimal("0.00"))
    text = str(result)
    assert "provincial 40% × 2,000,000.00 = 800,000.00, capped → 400,000.00" in text
    assert (
        "municipal 20% × 2,000,000.00 = 400,000.00, capped at 1,200,000.00 on provincial + "
        "municipal (assessed cap for business year 2023), 800,000.00 already paid on this "
        "loan → 0.00"
    ) in text


def test_str_of_missing_assessment_and_earlier_municipal_payment() -> None:
    """D5, D8: no assessment for 2024 → the first-year cap 1,000,000 and the note says
    so; 900,000 already paid leaves 100,000 of the 160,000 due."""
    claim = example_claim(
        loan=example_loan(bank=example_bank(assessed_caps={})),
        municipal_paid_before=900_000,
        recognized_on=dt.date(2024, 3, 4),
        applied_on=dt.date(2024, 3, 5),
    )
    text = str(compensate(claim))
    assert (
        "capped at 1,000,000.00 (no assessment for business year 2024, first-year cap), "
        "900,000.00 already paid on this loan → 100,000.00"
    ) in text


def test_str_of_estimated_deadline_and_anonymous_assessment() -> None:
    """D10: an estimated deadline is marked as such; without a loan id the note starts
    with the verdict."""
    assessment = Assessment(
        eligible=False,
        findings=(BLOCKING,),
        deadline=dt.date(2027, 1, 15),
        deadline_estimated=True,
    )
    text = str(assessment)
    assert text.startswith(
        "NOT ELIGIBLE 不符合补偿条件\napplication deadline 2027-01-15 (estimated calendar)"
    )
    assert assessment.codes == frozenset({Code.CLAIM_FRAUD})


def test_recovery_str_and_total() -> None:
    """Art. 7(4), D14: a recovery names where each part goes and sums its parts."""
    recovery = Recovery(provincial="40000", municipal=20_000, bank=Decimal("40000.00"))
    assert str(recovery) == ("provincial fund 40,000.00, municipal fund 20,000.00, bank 40,000.00")
    assert recovery.total == Decimal("100000.00")


def test_html_for_notebooks_shows_the_same_facts() -> None:
    """Art. 8(2), D14: the Jupyter view of a compensation and of an assessment names the
    verdict and the amounts, HTML-escaped."""
    assessment = assess(first_year_claim())
    html = assessment._repr_html_()
    assert html.startswith('<div class="ipcomp">')
    assert "ELIGIBLE 符合补偿条件" in html
    assert "NOTE_CAP_APPLIED" in html
    assert assessment.compensation is not None
    table = assessment.compensation._repr_html_()
    for amount in (
        "8,000,000.00",
        "3,200,000.00",
        "1,600,000.00",
        "1,000,000.00",
        "4,200,000.00",
        "3,800,000.00",
    ):
        assert amount in table
    assert (
        "<script>"
        not in Assessment(
            eligible=True, loan_id="<script>", compensation=compensate(example_claim())
        )._repr_html_()
    )


def test_explain_of_an_eligible_claim_line_by_line() -> None:
    """Art. 8(2), D6: the whole note of the worked example; under the default municipal
    cap scope, provincial payments made before are not counted against the cap."""
    claim = example_claim(provincial_paid_before="1000", municipal_paid_before="2000")
    assert assess(claim).explain() == "\n".join(
        [
            "Loan WH-2022-0001: ELIGIBLE 符合补偿条件",
            "application deadline 2023-10-18",
            "IP-part principal loss 800,000.00 (the whole loan is IP-secured)",
            "provincial 40% × 800,000.00 = 320,000.00",
            "municipal 20% × 800,000.00 = 160,000.00, within the cap of 1,200,000.00 "
            "(assessed cap for business year 2023), 2,000.00 already paid on this loan",
            "total 480,000.00; the bank bears 320,000.00",
        ]
    )


def test_results_survive_pickling() -> None:
    """D14: assessments, compensations, decisions and findings go through pickle unchanged
    (portfolios are assessed in worker processes)."""
    import pickle

    from ipcomp import check_claim

    claim = example_claim(municipal_paid_before="1100000")
    for result in (
        assess(claim),
        compensate(claim),
        check_claim(claim),
        assess(claim).findings[0],
    ):
        copy = pickle.loads(pickle.dumps(result))
        assert copy == result
        assert copy.model_dump() == result.model_dump()
