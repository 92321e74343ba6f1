"""D5 on columns, the frame itself: what ``compensate_portfolio_frame`` keeps (index,
column order, dtypes), what its optional input columns default to, how it refuses a
frame, and that the input order of rows does not change any row's answer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from _strategies import EXAMPLE_SCHEME  # noqa: E402
from ipcomp import WEIHAI_2020, InvalidArgument, assess_portfolio  # noqa: E402
from ipcomp.frame import claims_to_frame, compensate_portfolio_frame  # noqa: E402
from ipcomp.records import read_claims  # noqa: E402
from ipcomp.schemes import load_scheme  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
THREE = load_scheme(EXAMPLE_SCHEME)


def _frame(policy: Any = WEIHAI_2020) -> Any:
    claims = read_claims(ROOT / "examples" / "portfolio.csv")
    result = assess_portfolio(claims, policy)
    frame = claims_to_frame(claims, policy)
    frame["eligible"] = [r.assessment.eligible for r in result.results]
    return frame


@pytest.mark.parametrize("policy", [WEIHAI_2020, THREE], ids=["weihai", "three_payers"])
def test_the_output_keeps_the_index_and_gives_int64_fen(policy: Any) -> None:
    """D5 on columns: the output has the input's index and length, int64 fen (``capped``
    bool), the same answer for every row whatever the order and labels of the rows, and
    the same columns and dtypes when there are no rows."""
    frame = _frame(policy)
    out = compensate_portfolio_frame(frame, policy)
    assert len(out) == len(frame) > 1
    assert out.index.equals(frame.index)
    for name in out.columns:
        assert out[name].dtype == (np.bool_ if name == "capped" else np.int64), name
    # rows in another order, under other labels: every row keeps its answer
    order = np.random.default_rng(7).permutation(len(frame))
    moved = frame.iloc[order].set_axis([f"row{i}" for i in order])
    again = compensate_portfolio_frame(moved, policy)
    assert list(again.index) == [f"row{i}" for i in order]
    assert list(again.columns) == list(out.columns)
    pd.testing.assert_frame_equal(
        again.reset_index(drop=True), out.iloc[order].reset_index(drop=True)
    )
    # no rows: the same columns and dtypes
    empty = compensate_portfolio_frame(frame.iloc[:0], policy)
    assert list(empty.columns) == list(out.columns)
    assert list(empty.dtypes) == list(out.dtypes)
    assert len(empty) == 0


def test_optional_input_columns_default_to_the_whole_loan_and_nothing_paid() -> None:
    """Without ``ip_principal_fen`` the whole principal is IP-secured; without
    ``ip_principal_loss_fen`` the loss is pro rata (D9); without a payer's
    ``…_paid_before_fen`` nothing was paid outside the portfolio (D5)."""
    frame = _frame(THREE)
    frame["ip_principal_fen"] = frame["principal_fen"]
    frame["ip_principal_loss_fen"] = -1
    optional = ["ip_principal_fen", "ip_principal_loss_fen"]
    for name in frame.columns:
        if name.endswith("_paid_before_fen"):
            frame[name] = 0
            optional.append(name)
    assert len(optional) > 2
    full = compensate_portfolio_frame(frame, THREE)
    assert full["total_fen"].sum() > 0
    bare = compensate_portfolio_frame(frame.drop(columns=optional), THREE)
    pd.testing.assert_frame_equal(bare, full)


def test_a_refused_frame_is_named_in_full() -> None:
    with pytest.raises(InvalidArgument) as refused:
        compensate_portfolio_frame([])  # type: ignore[arg-type]
    assert str(refused.value) == "frame must be a pandas DataFrame, not list"
    frame = _frame()
    frame["eligible"] = frame["eligible"].astype(int)
    with pytest.raises(InvalidArgument) as refused:
        compensate_portfolio_frame(frame)
    assert str(refused.value) == "column 'eligible' must be bool (from assess_portfolio's results)"


def test_a_frame_without_the_dates_of_time_order_is_refused_naming_the_column() -> None:
    """D5, I69: the time order needs both date columns."""
    for name in ("recognized_on", "applied_on"):
        with pytest.raises(InvalidArgument) as refused:
            compensate_portfolio_frame(_frame().drop(columns=[name]))
        assert str(refused.value) == (
            f"the frame needs the column {name!r} (dates, missing for none) to put the "
            "claims in time order (see claims_to_frame)"
        )
