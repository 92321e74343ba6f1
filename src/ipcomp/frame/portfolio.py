"""The columnar path of a portfolio: Art. 8(2) with payments carried per loan (D5), on
whole columns, exactly as :func:`~ipcomp.assess_portfolio` pays.

:func:`compensate_portfolio_frame` sorts the rows in the portfolio's time order
(application date, then recognition date, missing dates last, then row order), and
works through the loans' claims rank by rank: all first claims of every loan in one
call of the kernel, then all second claims with what the first ones paid added to their
``{payer}_paid_before_fen``, and so on — as many kernel calls as the most claims on one
loan, not one per row. Only the rows marked ``eligible`` carry their payments forward
(as in :func:`~ipcomp.assess_portfolio`, whose results give the column). A scheme with a
fund pool pays in time order across loans: the rows then go one by one (exact, slower).

>>> import pandas as pd
>>> from ipcomp import assess_portfolio
>>> from ipcomp.frame import claims_to_frame
>>> from ipcomp.testing import example_claim, example_loan
>>> loan = example_loan(principal="9000000")
>>> claims = [example_claim(loan=loan, principal_loss="4000000"),
...           example_claim(loan=loan, principal_loss="3000000", recognized_on="2023-11-01",
...                         applied_on="2023-11-06")]
>>> frame = claims_to_frame(claims)
>>> frame["eligible"] = [r.assessment.eligible for r in assess_portfolio(claims).results]
>>> compensate_portfolio_frame(frame)["municipal_fen"].tolist()
[80000000, 40000000]
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..core.errors import InvalidArgument
from ..core.money import to_fen
from ..engine.plan import plan_of
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .columns import _cap_column, _column
from .kernel import Int64Array, compensate_scheme_arrays, output_columns

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["compensate_portfolio_frame"]

_LAST = dt.date.max.toordinal() + 1  # a missing date sorts after every date


def _ordinals(frame: pd.DataFrame, name: str) -> Int64Array:
    if name not in frame.columns:
        raise InvalidArgument(
            f"the frame needs the column {name!r} (dates, missing for none) to put the claims "
            "in time order (see claims_to_frame)"
        )
    out = np.empty(len(frame), dtype=np.int64)
    for i, value in enumerate(frame[name].astype(object).to_numpy()):
        if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
            out[i] = _LAST
        elif isinstance(value, dt.datetime | pd.Timestamp):
            out[i] = value.date().toordinal()
        elif isinstance(value, dt.date):
            out[i] = value.toordinal()
        else:
            raise InvalidArgument(f"column {name!r}, row {i}: {value!r} is not a date")
    return out


def compensate_portfolio_frame(
    frame: pd.DataFrame, policy: Policy | Scheme = WEIHAI_2020
) -> pd.DataFrame:
    """:func:`~ipcomp.frame.compensate_frame` with payments carried per loan (D5): the
    input columns of ``compensate_frame`` plus ``loan_id``, ``applied_on``,
    ``recognized_on`` (dates; missing for none) and ``eligible`` (bool). Returns the
    same index with the output columns of ``compensate_frame`` and, per payer,
    ``carried_{payer}_fen``: what the portfolio's earlier eligible rows paid on the loan.
    The ``{payer}_paid_before_fen`` inputs stay what was paid *outside* the portfolio.
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgument(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    plan = plan_of(policy)
    for name in ("loan_id", "eligible"):
        if name not in frame.columns:
            raise InvalidArgument(f"the frame needs the column {name!r} (see the docstring)")
    eligible = frame["eligible"].to_numpy()
    if eligible.dtype != np.bool_:
        raise InvalidArgument("column 'eligible' must be bool (from assess_portfolio's results)")
    n = len(frame)
    principal = _column(frame, "principal_fen")
    zeros = np.zeros(n, dtype=np.int64)
    inputs = (
        principal,
        _column(frame, "principal_loss_fen"),
        _column(frame, "ip_principal_fen", default=principal),
        _column(frame, "ip_principal_loss_fen", nullable=True, default=np.full(n, -1, np.int64)),
    )
    stated = [_column(frame, f"{p}_paid_before_fen", default=zeros) for p in plan.payer_ids]
    caps = [_cap_column(frame, cap) if cap.kind == "assessed" else None for cap in plan.caps]
    direct = None
    if not plan.pays_everywhere:
        from . import _direct_column

        direct = _direct_column(frame)
    loans = pd.factorize(frame["loan_id"].astype(object))[0]
    order = np.lexsort(
        (
            np.arange(n),
            _ordinals(frame, "recognized_on"),
            _ordinals(frame, "applied_on"),
        )
    )
    carried = [np.zeros(n, dtype=np.int64) for _ in plan.payer_ids]
    names = output_columns(plan)
    out: dict[str, Any] = {
        name: np.empty(n, dtype=bool if name == "capped" else np.int64) for name in names
    }
    if plan.has_pools:
        batches = [order[i : i + 1] for i in range(n)]  # time order across loans: one by one
    else:
        rank = np.empty(n, dtype=np.int64)
        seen: dict[int, int] = {}
        for row in order.tolist():
            rank[row] = seen.get(loans[row], 0)
            seen[loans[row]] = rank[row] + 1
        batches = [order[rank[order] == r] for r in range(int(rank.max()) + 1 if n else 0)]
    left = [None if pool is None else to_fen(pool) for pool in plan.pools]  # fen
    so_far = np.zeros((len(plan.payer_ids), int(loans.max()) + 1 if n else 0), dtype=np.int64)
    for rows in batches:
        ids = loans[rows]
        before = [stated[i][rows] + so_far[i][ids] for i in range(len(plan.payer_ids))]
        for i in range(len(plan.payer_ids)):
            carried[i][rows] = so_far[i][ids]
        principal_rows, loss_rows, ip_rows, stated_rows = (column[rows] for column in inputs)
        result = compensate_scheme_arrays(
            plan,
            principal_rows,
            loss_rows,
            ip_rows,
            stated_rows,
            before,
            [None if cap is None else cap[rows] for cap in caps],
            direct=None if direct is None else direct[rows],
            pools=left if plan.has_pools else None,
        )
        for name in names:
            out[name][rows] = result[name]
        paying = eligible[rows]
        for i, payer in enumerate(plan.payer_ids):
            paid = np.where(paying, result[f"{payer}_fen"], 0)
            np.add.at(so_far[i], ids, paid)
            if left[i] is not None:
                left[i] -= int(paid.sum())  # type: ignore[operator]
    frame_out = pd.DataFrame(out, index=frame.index, columns=list(names), copy=False)
    for i, payer in enumerate(plan.payer_ids):
        frame_out[f"carried_{payer}_fen"] = carried[i]
    return frame_out
