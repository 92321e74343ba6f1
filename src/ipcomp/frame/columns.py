"""Reading frame columns exactly into int64 fen (D14): int64 fen columns as they are,
exact yuan (``Decimal``, ``str``, ``int``) converted, floats refused."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..core.errors import InvalidArgument
from ..core.money import MAX_AMOUNT, parse_money, to_fen
from ..schemes.weihai_2020.policy import Policy
from .kernel import _check

__all__ = ["CAP_BASES"]


Int64Array = NDArray[np.int64]
_I64_MAX: Final = int(np.iinfo(np.int64).max)
_MAX_FEN: Final = to_fen(MAX_AMOUNT)
#: ``cap_basis`` values, in the order of their integer codes 0, 1, 2.
CAP_BASES: Final = ("first_year", "assessed", "no_assessment")
_ASSESSED: Final = 1


def _missing(value: object) -> bool:
    """None, pandas' NA, or the NaN pandas puts in a missing cell of a text column."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _yuan_to_fen(values: Sequence[Any], name: str, nullable: bool) -> Int64Array:
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        if nullable and _missing(value):
            out[i] = -1
            continue
        try:
            out[i] = to_fen(parse_money(value))
        except ValueError as exc:
            raise InvalidArgument(f"column {name!r}, row {i}: {exc}") from None
    return out


def _int_column(series: pd.Series[Any], name: str, nullable: bool) -> Int64Array:
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_float_dtype(dtype):
        raise InvalidArgument(
            f"column {name!r} has dtype {dtype}: fen must be integers (int64), never "
            "floats or booleans; or give exact yuan as Decimal/str in a column without '_fen'"
        )
    if pd.api.types.is_integer_dtype(dtype):
        if dtype == np.int64:  # numpy int64: no missing values, nothing out of range
            return series.to_numpy()
        if series.hasnans:
            if not nullable:
                raise InvalidArgument(f"column {name!r} has missing values")
            series = series.fillna(-1)
        if series.size and int(series.max()) > _I64_MAX:
            raise InvalidArgument(f"column {name!r} has values beyond 10^12 yuan")
        return series.to_numpy(dtype=np.int64)
    out = np.empty(len(series), dtype=np.int64)
    for i, value in enumerate(series.to_numpy(dtype=object)):
        if nullable and _missing(value):
            out[i] = -1
        elif isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_):
            if not -1 <= int(value) <= _MAX_FEN:
                raise InvalidArgument(f"column {name!r}, row {i}: {value} outside [0, 10^14] fen")
            out[i] = int(value)
        else:
            raise InvalidArgument(
                f"column {name!r}, row {i}: {value!r} is not a whole number of fen"
            )
    return out


def _unique(frame: pd.DataFrame) -> None:
    """Columns are read by name: a name given twice is refused, not half-read."""
    if not frame.columns.is_unique:
        twice = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise InvalidArgument(f"the frame has duplicate columns: {', '.join(twice)}")


def _column(
    frame: pd.DataFrame, name: str, *, nullable: bool = False, default: Int64Array | None = None
) -> Int64Array:
    _unique(frame)
    if name in frame.columns:
        return _int_column(frame[name], name, nullable)
    yuan_name = name.removesuffix("_fen")
    if yuan_name in frame.columns:
        series = frame[yuan_name]
        if pd.api.types.is_float_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
            raise InvalidArgument(
                f"column {yuan_name!r} has dtype {series.dtype}: give yuan as Decimal, str "
                "or int (floats cannot hold amounts exactly)"
            )
        return _yuan_to_fen(list(series.to_numpy(dtype=object)), yuan_name, nullable)
    if default is not None:
        return default
    raise InvalidArgument(
        f"the frame needs a column {name!r} (int64 fen) or {yuan_name!r} (exact yuan)"
    )


def _cap_column(frame: pd.DataFrame, policy: Policy) -> Int64Array:
    _unique(frame)
    if "municipal_cap_fen" in frame.columns or "municipal_cap" in frame.columns:
        return _column(frame, "municipal_cap_fen")
    if "cap_basis" not in frame.columns:
        raise InvalidArgument(
            "the frame needs 'municipal_cap_fen' (the cap in force) or 'cap_basis' and "
            "'assessed_cap_fen' (see claims_to_frame)"
        )
    basis = frame["cap_basis"]
    if pd.api.types.is_integer_dtype(basis.dtype):
        codes = basis.to_numpy(dtype=np.int64)
        known = (codes >= 0) & (codes < len(CAP_BASES))
    else:
        texts = basis.astype(object).to_numpy()
        codes = np.array(
            [CAP_BASES.index(t) if t in CAP_BASES else -1 for t in texts], dtype=np.int64
        )
        known = codes >= 0
    _check(known, f"cap_basis must be one of {', '.join(CAP_BASES)} (or codes 0-2)")
    assessed = _column(frame, "assessed_cap_fen", nullable=True)
    is_assessed = codes == _ASSESSED
    _check(~is_assessed | (assessed >= 0), "an 'assessed' cap_basis needs assessed_cap_fen >= 0")
    later_max = to_fen(policy.later_year_cap_max)
    return np.where(is_assessed, np.minimum(assessed, later_max), to_fen(policy.first_year_cap))
