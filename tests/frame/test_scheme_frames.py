"""The columnar path for any scheme (Art. 8(2); D5, D6): other payers' columns, the
``direct`` column of payers on indirect pledges, fixed and principal-share caps."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from ipcomp import WEIHAI_2020, InvalidArgument, compensate  # noqa: E402
from ipcomp.engine.plan import plan_of  # noqa: E402
from ipcomp.frame import claims_to_frame, compensate_frame, compensate_portfolio_frame  # noqa: E402
from ipcomp.frame.kernel import compensate_arrays, compensate_scheme_arrays  # noqa: E402
from ipcomp.schemes import load_scheme  # noqa: E402
from ipcomp.testing import example_claim, example_loan  # noqa: E402

THREE = load_scheme(Path(__file__).resolve().parents[2] / "examples/schemes/three_payers.json")


def test_other_payers_and_the_direct_column() -> None:
    """The example scheme's frame has the guarantor's columns and ``direct`` (1, 0, -1);
    direct may also be given as booleans with missing values."""
    claims = [example_claim(loan=example_loan(direct=d)) for d in (True, False, None)]
    frame = claims_to_frame(claims, THREE)
    assert frame["direct"].tolist() == [1, 0, -1]
    assert "guarantor_paid_before_fen" in frame.columns
    out = compensate_frame(frame, THREE)
    assert out["guarantor_uncapped_fen"].tolist() == [0, 8000000, 0]
    assert list(out.columns)[-4:] == ["loan_cap_fen", "total_fen", "bank_share_fen", "capped"]
    for row, claim in enumerate(claims):
        assert int(out["total_fen"].iloc[row]) == int(compensate(claim, THREE).total * 100)
    booleans = frame.assign(direct=pd.Series([True, False, None], dtype=object))
    assert compensate_frame(booleans, THREE)["guarantor_fen"].tolist() == [0, 8000000, 0]
    numpy_bools = frame.assign(direct=pd.Series([np.True_, np.False_, None], dtype=object))
    assert compensate_frame(numpy_bools, THREE)["guarantor_fen"].tolist() == [0, 8000000, 0]


def test_a_frame_must_give_what_the_scheme_needs() -> None:
    """A scheme with payers on indirect pledges needs ``direct``; a bad cell is named."""
    frame = claims_to_frame([example_claim()], THREE)
    with pytest.raises(InvalidArgument, match="needs a 'direct' column"):
        compensate_frame(frame.drop(columns=["direct"]), THREE)
    with pytest.raises(InvalidArgument, match="column 'direct', row 0: 'yes'"):
        compensate_frame(frame.assign(direct=["yes"]), THREE)


def test_the_kernel_refuses_what_does_not_fit() -> None:
    """compensate_arrays is the two funds' shape; compensate_scheme_arrays wants one
    array per payer and per cap, and ``direct`` where the scheme needs it."""
    a = lambda *v: np.array(v, dtype=np.int64)  # noqa: E731
    with pytest.raises(InvalidArgument, match="use compensate_scheme_arrays"):
        compensate_arrays(a(1), a(1), a(1), a(-1), a(0), a(0), a(1), THREE)
    plan = plan_of(THREE)
    with pytest.raises(InvalidArgument, match="one paid-before array per payer"):
        compensate_scheme_arrays(plan, a(1), a(1), a(1), a(-1), [a(0)], [None])
    with pytest.raises(InvalidArgument, match="give `direct`"):
        compensate_scheme_arrays(plan, a(1), a(1), a(1), a(-1), [a(0)] * 3, [None])
    weihai = plan_of(WEIHAI_2020)
    with pytest.raises(InvalidArgument, match="assessed per bank and year"):
        compensate_scheme_arrays(weihai, a(1), a(1), a(1), a(-1), [a(0)] * 2, [None])
    out = compensate_scheme_arrays(
        plan, a(100), a(100), a(100), a(-1), [a(0)] * 3, [None], direct=a(0)
    )
    assert int(out["loan_cap_fen"][0]) == 30


def test_portfolio_frames_read_timestamps() -> None:
    """D5: the ordering columns may hold pandas timestamps or datetimes."""
    claims = [example_claim()]
    frame = claims_to_frame(claims)
    frame["eligible"] = [True]
    frame["applied_on"] = [pd.Timestamp("2023-10-12")]
    frame["recognized_on"] = [dt.datetime(2023, 9, 28)]
    assert compensate_portfolio_frame(frame)["municipal_fen"].tolist() == [16000000]
