"""The columnar path for any scheme (Art. 8(2); D5, D6): other payers' columns, the
``direct`` column of payers on indirect pledges, fixed and principal-share caps."""

from __future__ import annotations

import datetime as dt

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from _strategies import EXAMPLE_SCHEME, example_scheme_data  # noqa: E402
from ipcomp import WEIHAI_2020, InvalidArgument, compensate  # noqa: E402
from ipcomp.engine.plan import plan_of  # noqa: E402
from ipcomp.frame import claims_to_frame, compensate_frame, compensate_portfolio_frame  # noqa: E402
from ipcomp.frame.kernel import compensate_arrays, compensate_scheme_arrays  # noqa: E402
from ipcomp.schemes import Scheme, load_scheme  # noqa: E402
from ipcomp.testing import example_claim, example_loan  # noqa: E402

THREE = load_scheme(EXAMPLE_SCHEME)


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
    with pytest.raises(InvalidArgument) as caught:
        compensate_frame(frame.drop(columns=["direct"]), THREE)
    assert str(caught.value) == (
        "the scheme has payers on direct or indirect pledges only: the frame needs a "
        "'direct' column (True/False, or 1/0/-1 for unknown)"
    )
    with pytest.raises(InvalidArgument, match="column 'direct', row 0: 'yes'"):
        compensate_frame(frame.assign(direct=["yes"]), THREE)


def test_a_payer_on_direct_pledges_pays_on_true_only_never_on_unknown() -> None:
    """D5, D6: a payer on direct pledges only (the example's guarantor, moved to direct
    pledges) pays where ``direct`` is True or 1, never on an indirect pledge or where it
    is unknown (missing, -1), exactly as the scalar ``compensate``."""
    data = example_scheme_data()
    data["id"] = "example_direct_guarantor"
    (guarantor,) = [p for p in data["payers"] if p["id"] == "guarantor"]
    guarantor["applies_to"] = "direct"
    scheme = Scheme.model_validate(data)
    claims = [example_claim(loan=example_loan(direct=d)) for d in (True, False, None)]
    frame = claims_to_frame(claims, scheme)
    assert frame["direct"].tolist() == [1, 0, -1]
    scalar = [int(compensate(claim, scheme).total * 100) for claim in claims]
    for direct in (
        pd.Series([1, 0, -1], dtype=np.int64),
        pd.Series([True, False, None], dtype=object),
        pd.Series([np.True_, np.False_, pd.NA], dtype=object),
        pd.Series([True, False, None], dtype="boolean"),
    ):
        out = compensate_frame(frame.assign(direct=direct), scheme)
        assert out["guarantor_fen"].tolist() == [8000000, 0, 0]
        assert out["total_fen"].tolist() == scalar


def test_the_kernel_refuses_what_does_not_fit() -> None:
    """compensate_arrays is the two funds' shape; compensate_scheme_arrays wants one
    array per payer and per cap, and ``direct`` where the scheme needs it."""
    a = lambda *v: np.array(v, dtype=np.int64)  # noqa: E731
    with pytest.raises(InvalidArgument, match="use compensate_scheme_arrays"):
        compensate_arrays(a(1), a(1), a(1), a(-1), a(0), a(0), a(1), THREE)
    plan = plan_of(THREE)
    with pytest.raises(InvalidArgument) as caught:
        compensate_scheme_arrays(plan, a(1), a(1), a(1), a(-1), [a(0)], [None])
    assert str(caught.value) == "expected one paid-before array per payer and one entry per cap"
    no_direct = (
        f"scheme {plan.id!r} has payers on direct or indirect pledges only: give `direct`, "
        "an int64 array (1 direct, 0 indirect, -1 unknown)"
    )
    for direct in (None, a(0, 1), np.array([0], dtype=np.int32), [0]):
        with pytest.raises(InvalidArgument) as caught:
            compensate_scheme_arrays(
                plan, a(1), a(1), a(1), a(-1), [a(0)] * 3, [None], direct=direct
            )
        assert str(caught.value) == no_direct
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
