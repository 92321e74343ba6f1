"""D5 — "单笔" is one loan: the municipal cap applies per loan, cumulatively; a claim
carries the municipal compensation already paid on the same loan, and the new payment
is limited to what remains under the cap (Art. 8(2))."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from ipcomp import Claim, Code, compensate
from ipcomp.testing import amounts, claims, example_bank, example_claim, example_loan

M = TypeVar("M", bound=BaseModel)


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def first_year(loss: int | Decimal, **changes: Any) -> Claim:
    """A loss on a 10,000,000 loan of a bank whose first business year is 2020 (cap
    1,000,000), claimed in December 2020."""
    loan = example_loan(
        principal=10_000_000,
        disbursed_on=dt.date(2020, 9, 10),
        bank=example_bank(reported_in_weihai_on=dt.date(2020, 9, 1)),
    )
    return example_claim(
        loan=loan,
        principal_loss=loss,
        recognized_on=dt.date(2020, 12, 1),
        applied_on=dt.date(2020, 12, 2),
        **changes,
    )


def test_three_claims_on_one_loan() -> None:
    """D5, Art. 8(2): cap 1,000,000 (first year). Claim 1: 3,000,000 lost → city
    600,000. Claim 2: 3,000,000 more, 600,000 already paid → 1,000,000 − 600,000 =
    400,000 of the 600,000 due. Claim 3: 1,000,000 already paid → 0. The province pays
    40% × 3,000,000 = 1,200,000 every time (its share is not capped, D6)."""
    one = compensate(first_year(3_000_000))
    assert (one.municipal, one.provincial, one.capped) == (600_000, 1_200_000, False)
    two = compensate(first_year(3_000_000, municipal_paid_before=one.municipal))
    assert (two.municipal_uncapped, two.municipal, two.capped) == (600_000, 400_000, True)
    assert [n.code for n in two.notes] == [Code.NOTE_CAP_APPLIED]
    assert two.bank_share == Decimal(3_000_000 - 1_200_000 - 400_000)
    three = compensate(first_year(3_000_000, municipal_paid_before=1_000_000))
    assert (three.municipal, three.provincial, three.capped) == (0, 1_200_000, True)
    assert three.bank_share == 1_800_000


def test_payments_beyond_the_cap_leave_nothing() -> None:
    """D5: with more already paid than the cap (e.g. paid under a larger assessed cap in
    an earlier year), nothing is due and nothing is negative."""
    result = compensate(first_year(1_000_000, municipal_paid_before=1_400_000))
    assert (result.municipal, result.capped) == (0, True)
    assert result.bank_share == Decimal(1_000_000 - 400_000)


def test_exactly_at_the_cap_is_not_capped() -> None:
    """D5, D14: 800,000 already paid, 1,000,000 lost → 200,000 due, exactly the 200,000
    remaining: paid in full, no cap note; one fen more is cut by one fen."""
    exact = compensate(first_year(1_000_000, municipal_paid_before=800_000))
    assert (exact.municipal, exact.capped, exact.notes) == (200_000, False, ())
    over = compensate(first_year(1_000_000, municipal_paid_before="800000.01"))
    assert (over.municipal, over.capped) == (Decimal("199999.99"), True)


@given(st.lists(amounts(Decimal("0.01"), 2_000_000), min_size=1, max_size=6))
def test_successive_claims_never_pay_more_than_the_cap(losses: list[Decimal]) -> None:
    """D5, Art. 8(2): claims on one loan, each carrying what the city paid before, pay
    exactly min(cap, sum of the 20% shares) in all, each payment ≤ its share."""
    paid = Decimal(0)
    shares = Decimal(0)
    for loss in losses:
        result = compensate(first_year(loss, municipal_paid_before=paid))
        assert result.municipal <= result.municipal_uncapped
        paid += result.municipal
        shares += result.municipal_uncapped
    assert paid == min(Decimal(1_000_000), shares)


@given(claims(), amounts(0, 2_000_000))
def test_provincial_payments_do_not_count_against_the_municipal_cap(
    claim: Claim, provincial_before: Decimal
) -> None:
    """D5, D6: under the default scope only municipal payments count against the cap;
    what the province paid before changes nothing but its own echo in the result."""
    a = compensate(claim)
    b = compensate(changed(claim, provincial_paid_before=provincial_before))
    echoed = tuple(
        s.model_copy(update={"paid_before": provincial_before}) if s.payer == "provincial" else s
        for s in a.shares
    )
    assert a.model_copy(update={"provincial_paid_before": provincial_before, "shares": echoed}) == b


@given(claims(), amounts(0, 2_000_000), amounts(0, 2_000_000))
def test_more_paid_before_never_pays_more(claim: Claim, x: Decimal, y: Decimal) -> None:
    """D5: the more the city already paid on the loan, the less (never more) it pays
    now; the payment falls by at most the extra amount paid before."""
    low, high = sorted([x, y])
    a = compensate(changed(claim, municipal_paid_before=low))
    b = compensate(changed(claim, municipal_paid_before=high))
    assert b.municipal <= a.municipal
    assert a.municipal - b.municipal <= high - low
