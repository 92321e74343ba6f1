"""PortfolioBook: assess_portfolio claim by claim, for claims that arrive in time order
(Art. 8(2), 9, 11; D5, D6, D14, D15; I77). Booking in time order gives exactly what
assess_portfolio gives; a claim out of order is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _strategies import portfolios, scaled
from ipcomp import (
    WEIHAI_2020,
    Claim,
    ClaimOutOfOrder,
    InvalidArgument,
    PortfolioBook,
    RecoveryEvent,
    assess_portfolio,
)
from ipcomp.schemes import load_scheme
from ipcomp.testing import example_claim, example_loan

ROOT = Path(__file__).resolve().parents[2]
THREE = load_scheme(ROOT / "examples" / "schemes" / "three_payers.json")
POLICIES = [WEIHAI_2020, WEIHAI_2020.derive(cap_scope="government_total"), THREE]


def time_order(claims: list[Claim]) -> list[int]:
    """The documented time order: application date, then recognition date, missing
    dates last, ties in input order."""

    def key(i: int) -> tuple[Any, ...]:
        c = claims[i]
        return (
            c.applied_on is None,
            c.applied_on or dt.date.max,
            c.recognized_on is None,
            c.recognized_on or dt.date.max,
            i,
        )

    return sorted(range(len(claims)), key=key)


@st.composite
def events_for(draw: Any, claims: list[Claim]) -> list[RecoveryEvent]:
    ids = sorted({c.loan.loan_id for c in claims})
    out = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["recovery", "fraud"]))
        out.append(
            RecoveryEvent(
                loan_id=draw(st.sampled_from(ids)),
                on=draw(st.dates(dt.date(2023, 1, 1), dt.date(2026, 6, 30))),
                kind=kind,
                amount=None if kind == "fraud" else Decimal(draw(st.integers(1, 2_000_000))),
            )
        )
    return out


@settings(max_examples=scaled(40))
@given(data=st.data(), portfolio=portfolios(), policy=st.sampled_from(POLICIES))
def test_booking_in_time_order_is_assess_portfolio(
    data: st.DataObject, portfolio: list[Claim], policy: Any
) -> None:
    """D5, D6, D14, D15: claims booked one by one in time order, each with its input
    row number, give assess_portfolio's results (carried amounts, earlier claims,
    findings) and, with the same events, its statement, positions and money back."""
    events = data.draw(events_for(portfolio))
    expected = assess_portfolio(portfolio, policy, events=events)
    book = PortfolioBook(policy, events=events)
    got = {}
    for i in time_order(portfolio):
        assert book.in_order(portfolio[i])
        got[i] = book.add(portfolio[i], index=i)
    assert [got[i] for i in range(len(portfolio))] == list(expected.results)
    assert book.claims == len(portfolio)
    streamed = book.portfolio()
    assert streamed.results == ()
    assert streamed.model_copy(update={"results": expected.results}) == expected
    # the statement can be asked for at any time, and asking changes nothing
    assert book.portfolio() == streamed


def test_a_claim_out_of_order_is_refused_and_changes_nothing() -> None:
    """D5: a claim applied for before one already booked on its loan is refused with
    ClaimOutOfOrder (an ipcomp error and a ValueError); the book is as before."""
    loan = example_loan(principal="9000000")
    later = example_claim(
        loan=loan, principal_loss="1000000", recognized_on="2023-11-01", applied_on="2023-11-06"
    )
    book = PortfolioBook()
    book.add(later)
    before = book.portfolio()
    early = example_claim(loan=loan, principal_loss="4000000")
    assert not book.in_order(early)
    with pytest.raises(ClaimOutOfOrder, match=r"WH-2022-0001.*before a claim already booked on it"):
        book.add(early)
    assert isinstance(ClaimOutOfOrder("x"), ValueError)
    assert book.claims == 1
    assert book.portfolio() == before
    # the same day again is in order (ties keep the order of booking)
    assert book.in_order(later)


def test_without_a_pool_only_the_loan_orders_with_a_pool_the_portfolio_does() -> None:
    """D5, D14: loans are independent unless a fund pool links them: then any claim
    before the latest one booked is out of order."""
    late = example_claim(
        loan=example_loan(loan_id="A"), recognized_on="2023-11-01", applied_on="2023-11-06"
    )
    early_other = example_claim(loan=example_loan(loan_id="B"))
    weihai = PortfolioBook()
    weihai.add(late)
    assert weihai.in_order(early_other)
    weihai.add(early_other)
    pooled = PortfolioBook(THREE)
    pooled.add(late)
    assert not pooled.in_order(early_other)
    with pytest.raises(ClaimOutOfOrder, match="fund pool"):
        pooled.add(early_other)


def test_the_book_names_bad_arguments() -> None:
    """Bad input gets a named error: an index that is not a natural number, a claim
    that is not one, an as_of that is not a date."""
    book = PortfolioBook()
    for index in (-1, 1.0, True, "3"):
        with pytest.raises(InvalidArgument, match="index must be an int >= 0"):
            book.add(example_claim(), index=index)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="claim"):
        book.add(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"as_of must be a datetime\.date"):
        book.portfolio(as_of="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"events\[0\]"):
        PortfolioBook(events=[3])  # type: ignore[list-item]
    assert book.claims == 0


def test_default_indices_count_the_claims_booked() -> None:
    """Without an index, the claims are numbered in the order booked, so earlier names
    the book's own numbers."""
    loan = example_loan(principal="9000000")
    book = PortfolioBook()
    first = book.add(example_claim(loan=loan, principal_loss="1000000"))
    second = book.add(
        example_claim(
            loan=loan, principal_loss="1000000", recognized_on="2023-11-01", applied_on="2023-11-06"
        )
    )
    assert (first.index, second.index, second.earlier) == (0, 1, (0,))
    assert second.carried == {"provincial": Decimal("400000.00"), "municipal": Decimal("200000.00")}


def test_the_out_of_order_message_in_full() -> None:
    """D5: the refusal names the loan, the claim's dates (a missing one as -), what it
    comes before (the loan's claims; with a fund pool, the portfolio's) and the way out."""
    book = PortfolioBook()
    book.add(example_claim())
    with pytest.raises(ClaimOutOfOrder) as info:
        book.add(example_claim(applied_on="2023-10-11"))
    assert str(info.value) == (
        "the claim on loan WH-2022-0001 (recognised 2023-09-28, applied 2023-10-11) comes "
        "before a claim already booked on it: give the claims in time order (application "
        "date, then recognition date), or use assess_portfolio"
    )
    pooled = PortfolioBook(THREE)
    late = example_claim(recognized_on="2023-11-01", applied_on="2023-11-06")
    pooled.add(late)
    assert pooled.in_order(late)  # the same moment again: in order, with a pool too
    with pytest.raises(ClaimOutOfOrder) as info:
        pooled.add(example_claim(loan=example_loan(loan_id="B"), applied_on="2023-10-11"))
    assert str(info.value) == (
        "the claim on loan B (recognised 2023-09-28, applied 2023-10-11) comes before a "
        "claim already booked in the portfolio (the scheme has a fund pool): give the "
        "claims in time order (application date, then recognition date), or use "
        "assess_portfolio"
    )


def test_add_and_in_order_name_a_claim_that_is_not_one() -> None:
    book = PortfolioBook()
    for method in (book.add, book.in_order):
        with pytest.raises(InvalidArgument, match=r"^claim must be an ipcomp\.Claim"):
            method(3)  # type: ignore[arg-type]
