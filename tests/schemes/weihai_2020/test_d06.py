"""D6 — cap scope: the per-loan cap of Art. 8(2) limits the municipal share only
(`cap_scope="municipal"`); analysts may read it as a cap on provincial + municipal
(`"government_total"`, cutting the municipal share first, then the provincial, with
both kinds of earlier payment counting, D14). The provincial share has no cap of its
own unless `provincial_cap` is set."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ipcomp import WEIHAI_2020, Claim, Code, compensate
from ipcomp.testing import amounts, claims, example_claim, example_loan

M = TypeVar("M", bound=BaseModel)
TOTAL = WEIHAI_2020.derive(cap_scope="government_total")


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def loss_2023(loss: int, **changes: Any) -> Claim:
    """``loss`` on a 50,000,000 loan, claimed in business year 2023 (assessed cap
    1,200,000 for the example bank)."""
    return example_claim(loan=example_loan(principal=50_000_000), principal_loss=loss, **changes)


def test_default_caps_the_municipal_share_only() -> None:
    """D6, Art. 8(2): 50,000,000 lost in 2023: province 40% = 20,000,000 in full; city
    20% = 10,000,000 cut to the assessed cap 1,200,000; total 21,200,000."""
    result = compensate(loss_2023(50_000_000))
    assert (result.provincial, result.municipal, result.total) == (
        20_000_000,
        1_200_000,
        21_200_000,
    )
    assert result.cap_scope == "municipal"


def test_government_total_cuts_municipal_first_then_provincial() -> None:
    """D6, D14: cap 1,200,000 on provincial + municipal.
    2,000,000 lost: 800,000 + 400,000 = 1,200,000, not over → paid in full.
    2,500,000 lost: 1,000,000 + 500,000 = 1,500,000, 300,000 over → city 200,000.
    5,000,000 lost: 2,000,000 + 1,000,000 = 3,000,000, 1,800,000 over → city 0 (−1,000,000),
    province 2,000,000 − 800,000 = 1,200,000."""
    at = compensate(loss_2023(2_000_000), TOTAL)
    assert (at.provincial, at.municipal, at.capped) == (800_000, 400_000, False)
    over = compensate(loss_2023(2_500_000), TOTAL)
    assert (over.provincial, over.municipal, over.total, over.capped) == (
        1_000_000,
        200_000,
        1_200_000,
        True,
    )
    far = compensate(loss_2023(5_000_000), TOTAL)
    assert (far.provincial, far.municipal, far.total, far.bank_share) == (
        1_200_000,
        0,
        1_200_000,
        3_800_000,
    )
    assert far.cap_scope == "government_total"
    assert far.provincial_uncapped == 2_000_000


def test_government_total_counts_both_earlier_payments() -> None:
    """D5, D6: 700,000 (city) + 300,000 (province) already paid leave 1,200,000 −
    1,000,000 = 200,000 of the 1,200,000 due on 2,000,000; under the municipal scope the
    province's 300,000 would not count (1,200,000 − 700,000 = 500,000 left for the city)."""
    claim = loss_2023(2_000_000, municipal_paid_before=700_000, provincial_paid_before=300_000)
    joint = compensate(claim, TOTAL)
    assert (joint.provincial, joint.municipal, joint.total) == (200_000, 0, 200_000)
    alone = compensate(claim)
    assert (alone.provincial, alone.municipal) == (800_000, 400_000)


@given(claims())
def test_default_scope_never_caps_the_province(claim: Claim) -> None:
    """D6: under the default policy the provincial share is always its full 40%."""
    result = compensate(claim)
    assert result.provincial == result.provincial_uncapped


@given(claims())
def test_government_total_properties(claim: Claim) -> None:
    """D6, D14: under "government_total" the total is min(uncapped total, cap − both
    earlier payments); the province is cut only once the city pays nothing; the total is
    never above the municipal-scope total; `capped` iff something was cut."""
    joint = compensate(claim, TOTAL)
    alone = compensate(claim)
    room = max(
        Decimal(0), joint.municipal_cap - claim.municipal_paid_before - claim.provincial_paid_before
    )
    uncapped = alone.provincial + alone.municipal_uncapped
    assert joint.total == min(uncapped, room)
    if joint.provincial < alone.provincial:
        assert joint.municipal == 0
    assert joint.total <= alone.total
    assert joint.capped == (joint.total < uncapped)
    assert (Code.NOTE_CAP_APPLIED in {n.code for n in joint.notes}) == joint.capped
    assert joint.ip_loss == joint.total + joint.bank_share


def test_provincial_cap_limits_the_provincial_share() -> None:
    """D6, D5: with provincial_cap = 500,000: 2,000,000 lost → 40% = 800,000 cut to
    500,000 (NOTE_CAP_APPLIED names the province only); with 400,000 already paid by the
    province, 100,000 remains."""
    policy = WEIHAI_2020.derive(provincial_cap=500_000)
    result = compensate(loss_2023(2_000_000), policy)
    assert (result.provincial, result.municipal, result.capped) == (500_000, 400_000, True)
    (note,) = result.notes
    assert note.message_en == "a cap reduced the payment: provincial 800,000.00 → 500,000.00."
    again = compensate(loss_2023(2_000_000, provincial_paid_before=400_000), policy)
    assert again.provincial == 100_000
    assert "capped → 100,000.00" in str(again)


def test_provincial_cap_then_government_total() -> None:
    """D6 (I10): each fund's own cap first, then the joint cap: provincial cap 500,000,
    joint cap 1,200,000, 5,000,000 lost: province 2,000,000 → 500,000; 500,000 +
    1,000,000 = 1,500,000 is 300,000 over the joint cap → city 700,000."""
    policy = TOTAL.derive(provincial_cap=500_000)
    result = compensate(loss_2023(5_000_000), policy)
    assert (result.provincial, result.municipal, result.total) == (500_000, 700_000, 1_200_000)


@given(claims(), amounts(0, 3_000_000), st.sampled_from(["municipal", "government_total"]))
def test_provincial_cap_properties(claim: Claim, cap: Decimal, scope: str) -> None:
    """D5, D6: the province never pays more than its cap minus what it paid before on the
    loan, under either scope."""
    policy = WEIHAI_2020.derive(provincial_cap=cap, cap_scope=scope)
    result = compensate(claim, policy)
    assert result.provincial <= max(Decimal(0), cap - claim.provincial_paid_before)
    cut = (
        result.provincial < result.provincial_uncapped
        or result.municipal < result.municipal_uncapped
    )
    assert result.capped == cut


def test_the_cap_note_names_each_cut_in_both_languages():
    """Art. 8(2), D5, D6: NOTE_CAP_APPLIED names every share a cap cut, before → after, in
    Chinese and English (here 1,100,000 of the 1,200,000 city cap already paid, and a
    provincial cap of 300,000 with 10 already paid)."""
    policy = WEIHAI_2020.derive(provincial_cap="300000")
    claim = example_claim(municipal_paid_before="1100000", provincial_paid_before="10")
    (note,) = compensate(claim, policy).notes
    assert note.code is Code.NOTE_CAP_APPLIED
    assert (note.message_zh, note.message_en) == (
        "补偿上限削减了补偿金额：市级 160,000.00 → 100,000.00 元，省级 320,000.00 → 299,990.00 元。",
        "a cap reduced the payment: municipal 160,000.00 → 100,000.00, provincial "
        "320,000.00 → 299,990.00.",
    )
