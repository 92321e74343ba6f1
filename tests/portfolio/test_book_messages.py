"""PortfolioBook's time order and messages for claims with missing dates (Art. 8(2), 9;
D5; I69, I77): a claim not yet recognised or applied for sorts after one that is, and
the messages name an earlier claim by its dates, "-" for a date it does not have."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from ipcomp import ClaimOutOfOrder, InvalidArgument, PortfolioBook, assess_portfolio
from ipcomp.facts import Claim
from ipcomp.testing import example_claim


def _undated() -> Claim:
    return example_claim().model_copy(update={"recognized_on": None, "applied_on": None})


def _recognised_only() -> Claim:
    return example_claim().model_copy(update={"applied_on": None})


def test_a_claim_without_a_recognition_date_comes_after_one_with_it() -> None:
    """I69: missing dates last — among claims not yet applied for, the recognised one
    first: booked after an undated claim on its loan it is out of order, booked before
    it is in order, and assess_portfolio lists it as the undated claim's earlier one."""
    book = PortfolioBook()
    book.add(_undated())
    assert not book.in_order(_recognised_only())
    with pytest.raises(ClaimOutOfOrder) as raised:
        book.add(_recognised_only())
    assert str(raised.value) == (
        "the claim on loan WH-2022-0001 (recognised 2023-09-28, applied -) comes before a "
        "claim already booked on it: give the claims in time order (application date, "
        "then recognition date), or use assess_portfolio"
    )
    book = PortfolioBook()
    book.add(_recognised_only())
    assert book.in_order(_undated())
    book.add(_undated())
    results = assess_portfolio([_undated(), _recognised_only()]).results
    assert [r.earlier for r in results] == [(1,), ()]


def test_a_conflict_names_an_undated_earlier_claim_with_dashes() -> None:
    """Art. 8(2), D5: CLAIM_LOAN_CONFLICT names the earlier claim by its dates, "-" for
    each it lacks (both lacking here: the two claims tie and keep their order)."""
    first = _undated()
    loan = first.loan.model_copy(update={"principal": first.loan.principal + 1})
    book = PortfolioBook()
    book.add(first)
    result = book.add(first.model_copy(update={"loan": loan}))
    conflict = [f for f in result.assessment.findings if f.code == "CLAIM_LOAN_CONFLICT"]
    assert len(conflict) == 1
    assert "（recognised -, applied -）" in conflict[0].message_zh
    assert conflict[0].message_en == (
        "the facts of loan WH-2022-0001 (principal, IP principal) differ from those of the "
        "earlier claim on it (recognised -, applied -); this claim is not paid (data error)."
    )


def test_to_frame_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pandas, Portfolio.to_frame says which extra to install."""
    portfolio = assess_portfolio([example_claim()])
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ImportError) as raised:
        portfolio.to_frame()
    assert str(raised.value) == (
        "Portfolio.to_frame needs pandas: pip install pandas (the pandas extra)"
    )


def test_claims_not_yet_applied_for_are_ordered_by_recognition_date() -> None:
    """I69: with no application date, the recognition date orders two claims on a
    loan: the later one booked first makes the earlier one out of order."""
    later = _recognised_only()
    assert later.recognized_on is not None
    earlier = later.model_copy(update={"recognized_on": later.recognized_on - dt.timedelta(days=3)})
    book = PortfolioBook()
    book.add(later)
    assert not book.in_order(earlier)
    book = PortfolioBook()
    book.add(earlier)
    assert book.in_order(later)


def test_an_index_of_zero_is_a_claim_number_like_any_other() -> None:
    """``index`` may be any int from 0 up: 0 is accepted, -1 refused."""
    assert PortfolioBook().add(example_claim(), index=0).index == 0
    with pytest.raises(InvalidArgument, match="index must be an int >= 0, not -1"):
        PortfolioBook().add(example_claim(), index=-1)
