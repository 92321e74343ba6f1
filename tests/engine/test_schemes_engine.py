"""The engine on schemes other than the published one: payers on indirect pledges, fund
pools, fixed and principal-share caps, payers beyond the two funds (Art. 8(2); D5, D6,
D14), and the results' own consistency rules."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ipcomp import (
    WEIHAI_2020,
    Code,
    Compensation,
    InvalidArgument,
    Share,
    allocate_recovery,
    assess,
    compensate,
    fraud_returns,
)
from ipcomp.engine.plan import plan_of
from ipcomp.facts import PaidBefore
from ipcomp.schemes import Scheme, get_scheme, load_scheme
from ipcomp.testing import example_claim, example_loan

ROOT = Path(__file__).resolve().parents[2]
THREE = load_scheme(ROOT / "examples" / "schemes" / "three_payers.json")
D = Decimal


def variant(base: Scheme, **changes: Any) -> Scheme:
    data: dict[str, Any] = json.loads(base.model_dump_json())
    data.update(changes)
    return Scheme.model_validate(data)


def test_the_guarantor_pays_only_on_indirect_pledges() -> None:
    """Art. 8(2) of the example: the guarantee company's 10% is paid on a loan whose
    pledge the bank does not hold directly, not on a direct one, nor an unknown one."""
    for direct, guarantor in ((False, D("80000.00")), (True, D("0.00")), (None, D("0.00"))):
        claim = example_claim(loan=example_loan(direct=direct))
        comp = compensate(claim, THREE)
        assert {s.payer: s.uncapped for s in comp.shares}["guarantor"] == guarantor
    text = compensate(example_claim(), THREE).explain()
    assert "guarantor 10% × 800,000.00 = 0.00 (does not pay on this loan)" in text


def test_a_fund_pool_pays_only_its_balance() -> None:
    """The example's city pays from a pool: a lone claim sees the whole pool, and a pool
    smaller than the share cuts it, with NOTE_POOL_LIMITED."""
    small = variant(
        THREE,
        payers=[
            {
                **json.loads(p.model_dump_json()),
                **({"pool": "100000.00"} if p.id == "municipal" else {}),
            }
            for p in THREE.payers
        ],
    )
    assessment = assess(example_claim(), small)
    comp = assessment.compensation
    assert comp is not None
    assert {s.payer: s.paid for s in comp.shares}["municipal"] == D("100000.00")
    assert Code.NOTE_POOL_LIMITED in assessment.codes
    assert comp.capped


def test_a_fixed_cap_and_paid_before_beyond_it() -> None:
    """D5, D6: a fixed per-loan cap on one payer limits it cumulatively, and more stated
    as paid before than the cap can ever be is a data error (CLAIM_PAID_BEFORE_IMPLAUSIBLE)."""
    capped = WEIHAI_2020.derive(provincial_cap="300000")
    comp = compensate(example_claim(), capped)
    assert comp.provincial == D("300000.00")
    assert not any(s.payer == "provincial" and s.cap is None for s in comp.shares)
    data_error = assess(example_claim(provincial_paid_before="400000"), capped)
    assert Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE in data_error.codes
    assert "provincial paid before 400,000.00 exceeds the most the cap 'provincial' can be" in str(
        data_error
    )


def test_paid_before_of_other_payers() -> None:
    """D5: a scheme's other payers' earlier payments are given by payer id; the two funds
    keep their own fields (naming them in paid_before is refused)."""
    claim = example_claim(loan=example_loan(direct=False), paid_before={"guarantor": "50000"})
    share = {s.payer: s for s in compensate(claim, THREE).shares}["guarantor"]
    assert share.paid_before == D("50000.00")
    with pytest.raises(ValidationError, match="give those as municipal_paid_before"):
        example_claim(paid_before={"municipal": "1"})
    assert PaidBefore({"a": D(1)}) == {"a": D(1)}
    assert PaidBefore() != 3
    assert hash(PaidBefore({"a": D(1)})) == hash(PaidBefore({"a": D(1)}))
    assert repr(PaidBefore()) == "PaidBefore({})"


def test_the_consistency_of_shares_and_compensations() -> None:
    """D14: a share never pays more than its uncapped value; the total is the sum of the
    shares; the two funds' fields are their shares."""
    share = {"payer": "x", "name_zh": "x", "name_en": "x", "rate": "0.1", "uncapped": "1.00"}
    with pytest.raises(ValidationError, match="cannot pay more"):
        Share.model_validate({**share, "paid": "2.00"})
    comp = compensate(example_claim())
    data = comp.model_dump()
    with pytest.raises(ValidationError, match="sum of the shares"):
        Compensation.model_validate({**data, "total": "1.00", "bank_share": str(comp.ip_loss - 1)})
    with pytest.raises(ValidationError, match="provincial must equal"):
        Compensation.model_validate(
            {**data, "provincial": "1.00", "municipal": str(comp.total - 1)}
        )


def test_recoveries_of_results_without_shares_and_of_other_payers() -> None:
    """Art. 7(4), 9, 10: a compensation built from docs/spec/api.md's fields alone (no shares) is
    shared between the two funds and the bank; a scheme's other payers get theirs back."""
    comp = compensate(example_claim())
    bare = Compensation.model_validate(comp.model_dump(exclude={"shares"}))
    assert allocate_recovery(bare, "100000") == allocate_recovery(comp, "100000")
    three = compensate(example_claim(loan=example_loan(direct=False)), THREE)
    back = allocate_recovery(three, "100000")
    assert back.others == {"guarantor": D("10000.00")}
    assert back.total == D("100000.00")
    assert "guarantor 10,000.00" in str(back)
    assert fraud_returns(three).others["guarantor"] == D("80000.00")


def test_the_plan_knows_its_codes_and_is_its_own() -> None:
    """A plan refuses a code its scheme's table lacks; plans compare by identity."""
    plan = plan_of(WEIHAI_2020)
    assert plan == plan_of(WEIHAI_2020)
    assert plan != plan_of(THREE)
    assert hash(plan) == object.__hash__(plan)  # by identity, as object hashes
    with pytest.raises(InvalidArgument, match="has no code LOAN_NOT_DIRECT"):
        plan_of(THREE).info(Code.LOAN_NOT_DIRECT)
    with pytest.raises(InvalidArgument, match=r"policy must be an ipcomp\.Policy"):
        plan_of("weihai_2020")  # type: ignore[arg-type]


def test_scopes_of_the_municipal_cap() -> None:
    """D6: the compatibility view says whose cap limits the city: its own, the two funds
    together, or more payers jointly (the example), or none."""
    assert compensate(example_claim()).cap_scope == "municipal"
    assert compensate(
        example_claim(), WEIHAI_2020.derive(cap_scope="government_total")
    ).cap_scope == ("government_total")
    assert compensate(example_claim(), THREE).cap_scope == "joint"
    uncapped = variant(THREE, caps=[])
    comp = compensate(example_claim(), uncapped)
    assert (comp.cap_scope, comp.cap_basis) == ("municipal", "none")
    assert comp.municipal_cap == D(10**12)


def test_policies_compare_by_their_parameters() -> None:
    """A policy equals another with the same parameters, whatever was cached on it; its
    scheme is built once."""
    policy = WEIHAI_2020.derive(municipal_rate="0.25")
    assert policy.scheme is policy.scheme
    assert policy != "WEIHAI_2020"
    assert policy == WEIHAI_2020.derive(municipal_rate="0.25")


def test_a_scheme_is_refused_from_what_is_not_an_object() -> None:
    """A scheme file that is not a JSON object is a validation error."""
    with pytest.raises(ValidationError):
        Scheme.model_validate(["not", "a", "scheme"])
    assert get_scheme("weihai_2020").caps


def test_explain_names_each_payers_cap_what_was_paid_before_and_the_cut() -> None:
    """Art. 8(2) of the example: the explanation of a shared per-loan cap shows, per
    payer, the cap, what that payer already paid on the loan (D5) and what it pays now."""
    claim = example_claim(loan=example_loan(direct=False), municipal_paid_before=D("100000"))
    text = compensate(claim, THREE).explain()
    assert (
        "municipal 30% × 800,000.00 = 240,000.00, within a per-loan cap of 600,000.00 "
        "(100,000.00 already paid on this loan) → 100,000.00"
    ) in text
    assert "provincial 40% × 800,000.00 = 320,000.00, within a per-loan cap of 600,000.00\n" in text
    assert "total 500,000.00; the bank bears 300,000.00" in text


def test_explain_without_any_cap() -> None:
    """A scheme with no per-loan cap: each payer's line is rate × loss, nothing more."""
    uncapped = variant(THREE, caps=[])
    comp = compensate(example_claim(loan=example_loan(direct=False)), uncapped)
    assert all(s.cap is None for s in comp.shares)
    lines = comp.explain().splitlines()
    assert "provincial 40% × 800,000.00 = 320,000.00" in lines
    assert "guarantor 10% × 800,000.00 = 80,000.00" in lines
