"""Recoveries fen by fen (Art. 9; D15; I68): each recovery is split in proportion to what
each party bore, and no party ever gets back more than it bore — the rounding of a later
split gives way to the parties with room left, in order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ipcomp import PortfolioBook, RecoveryEvent, assess_portfolio
from ipcomp.testing import example_claim, example_loan


def test_one_fen_recoveries_never_give_a_party_more_than_it_bore() -> None:
    """A loss of 0.05 yuan: the provincial fund bore 0.02, the city 0.01, the bank 0.02.
    Five recoveries of 0.01 each: the first two go to the provincial fund (the largest
    remainder, first in order), the third to the city — the provincial fund has nothing
    left to get back — and the last two to the bank."""
    claim = example_claim().model_copy(update={"principal_loss": Decimal("0.05")})
    assert claim.applied_on is not None
    events = [
        RecoveryEvent(
            loan_id=claim.loan.loan_id,
            on=claim.applied_on + dt.timedelta(days=10 + i),
            kind="recovery",
            amount=Decimal("0.01"),
        )
        for i in range(5)
    ]
    portfolio = assess_portfolio([claim], events=events)
    compensation = portfolio.results[0].assessment.compensation
    assert compensation is not None
    bore = {"provincial": compensation.provincial, "municipal": compensation.municipal}
    assert bore == {"provincial": Decimal("0.02"), "municipal": Decimal("0.01")}
    assert compensation.bank_share == Decimal("0.02")
    got = [
        (m.to_payers["provincial"], m.to_payers["municipal"], m.to_bank)
        for m in portfolio.money_back
    ]
    one, nil = Decimal("0.01"), Decimal("0.00")
    assert got == [
        (one, nil, nil),
        (one, nil, nil),
        (nil, one, nil),
        (nil, nil, one),
        (nil, nil, one),
    ]
    assert all(m.applied for m in portfolio.money_back)


def test_an_event_after_a_fraud_return_is_refused_and_later_events_still_apply() -> None:
    """Art. 9, 10: after the funds' money on a loan is returned for fraud, a recovery on it
    is refused (RECOVERY_NOT_APPLIED); a later recovery on another loan still applies."""
    first = example_claim()
    other = example_claim(loan=example_loan(loan_id="WH-2022-0002"))
    assert first.applied_on is not None
    day = first.applied_on + dt.timedelta(days=30)
    events = [
        RecoveryEvent(loan_id=first.loan.loan_id, on=day, kind="fraud"),
        RecoveryEvent(
            loan_id=first.loan.loan_id,
            on=day + dt.timedelta(days=1),
            kind="recovery",
            amount=Decimal("1.00"),
        ),
        RecoveryEvent(
            loan_id=other.loan.loan_id,
            on=day + dt.timedelta(days=2),
            kind="recovery",
            amount=Decimal("1.00"),
        ),
    ]
    backs = assess_portfolio([first, other], events=events).money_back
    assert [(m.index, m.applied) for m in backs] == [(0, True), (1, False), (2, True)]
    assert [f.code for f in backs[1].findings] == ["RECOVERY_NOT_APPLIED"]
    assert backs[2].to_payers == {"provincial": Decimal("0.40"), "municipal": Decimal("0.20")}


def test_an_empty_book_gives_an_empty_portfolio() -> None:
    """A book with nothing booked: no results, no money back, zero totals."""
    portfolio = PortfolioBook().portfolio()
    assert portfolio.results == ()
    assert portfolio.money_back == ()
    assert portfolio.totals.paid == {"provincial": Decimal("0.00"), "municipal": Decimal("0.00")}
