"""Reading frame columns exactly into int64 fen (D14): int64 fen columns as they are,
exact yuan (``Decimal``, ``str``, ``int``) converted, floats refused.

A yuan column is converted with :func:`~ipcomp.core.money.parse_money`'s rules, cell by
cell in effect, but not in a Python loop where it can be helped: integer columns and
text of the plain form (``"2390000.00"``) are read with numpy (``parse.py``); the other
cells (``Decimal``, text with blanks or signs, …) go through ``parse_money`` one by one.
Either way a refused cell raises :class:`~ipcomp.InvalidArgument` naming the column,
the first refused row and ``parse_money``'s reason.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from ..core.errors import InvalidArgument
from ..core.money import _EXACT, FEN, MAX_AMOUNT, parse_money, to_fen
from ..engine.arithmetic import assessed_cap
from ..engine.plan import CapPlan
from .kernel import NUMPY, _check
from .parse import plain_text_to_fen

__all__ = ["CAP_BASES"]


Int64Array = NDArray[np.int64]
BoolArray = NDArray[np.bool_]
ObjectArray = NDArray[np.object_]
_I64_MAX: Final = int(np.iinfo(np.int64).max)
_MAX_YUAN: Final = int(MAX_AMOUNT)
_MAX_FEN: Final = to_fen(MAX_AMOUNT)
#: ``cap_basis`` values, in the order of their integer codes 0, 1, 2.
CAP_BASES: Final = ("first_year", "assessed", "no_assessment")
_ASSESSED: Final = 1
_NEEDED: Final = "a missing cell (None, NaN or NA): this column needs an amount in every row"


def _missing(value: object) -> bool:
    """None, pandas' NA, or the NaN pandas puts in a missing cell of a text column."""
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _yuan_column(series: pd.Series[Any], name: str, nullable: bool) -> Int64Array:
    """A column of exact yuan as int64 fen (-1 for a missing cell if ``nullable``)."""
    dtype = series.dtype
    if pd.api.types.is_float_dtype(dtype) or pd.api.types.is_bool_dtype(dtype):
        raise InvalidArgument(
            f"column {name!r} has dtype {dtype}: give yuan as Decimal, str "
            "or int (floats cannot hold amounts exactly)"
        )
    values: ObjectArray | None = None
    if pd.api.types.is_integer_dtype(dtype):
        fen, done = _integer_yuan(series, nullable)
    else:
        values = series.to_numpy(dtype=object)
        fen, done = _text_yuan(series, values, nullable)
    rest = np.flatnonzero(~done)
    if rest.size:  # the cells numpy did not read: parse_money accepts or refuses them
        if values is None:
            values = series.to_numpy(dtype=object)
        fen[rest] = _yuan_to_fen(values[rest], rest, name, nullable)
    return fen


def _integer_yuan(series: pd.Series[Any], nullable: bool) -> tuple[Int64Array, BoolArray]:
    """An integer column (numpy or nullable) in fen, and which cells that settles: whole
    yuan in [0, 10^12], and missing cells of a ``nullable`` column (-1)."""
    missing = series.isna().to_numpy() if series.hasnans else None
    ints = (series if missing is None else series.fillna(0)).to_numpy()
    done = (ints >= 0) & (ints <= _MAX_YUAN)
    fen = np.where(done, ints.astype(np.int64) * 100, 0)
    if missing is not None:
        done &= ~missing
        if nullable:
            fen[missing] = -1
            done |= missing
    return fen, done


def _text_yuan(
    series: pd.Series[Any], values: ObjectArray, nullable: bool
) -> tuple[Int64Array, BoolArray]:
    """Any other column (``values``: its cells as objects) in fen, and which cells that
    settles: text of the plain form, and missing cells of a ``nullable`` column (-1)."""
    fen = np.zeros(len(values), dtype=np.int64)
    done = np.zeros(len(values), dtype=np.bool_)
    text: slice | NDArray[np.intp]
    if pd.api.types.infer_dtype(values, skipna=False) == "string":
        text = slice(None)
    elif isinstance(series.dtype, pd.StringDtype):  # str cells and the dtype's NA or NaN
        missing = series.isna().to_numpy()
        if nullable:
            fen[missing] = -1
            done[missing] = True
        text = np.flatnonzero(~missing)
    else:  # Decimal, int, missing cells, mixed: never pd.isna (it raises on Decimal sNaN)
        text = np.flatnonzero(np.fromiter(map(_is_text, values), np.bool_, len(values)))
    fen[text], done[text] = plain_text_to_fen(values[text])
    return fen, done


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def _yuan_to_fen(
    values: ObjectArray, rows: NDArray[np.intp], name: str, nullable: bool
) -> Int64Array:
    """parse_money on each cell (``rows``: their row numbers, for the message), with a
    shortcut for the ``Decimal`` and ``int`` cells it accepts: a finite amount in
    [0, 10^12] yuan that is whole in fen (equal to itself quantized to the fen). A
    missing cell is -1 if ``nullable``, else refused as missing (I60)."""
    out = np.empty(len(values), dtype=np.int64)
    for i, value in enumerate(values):
        kind = type(value)
        if kind is Decimal and value.is_finite() and 0 <= value <= MAX_AMOUNT:
            exact = value.quantize(FEN, context=_EXACT)
            if exact == value:
                out[i] = to_fen(exact)
                continue
        elif kind is int and 0 <= value <= _MAX_YUAN:
            out[i] = value * 100
            continue
        if _missing(value):
            if not nullable:
                raise InvalidArgument(f"column {name!r}, row {rows[i]}: {_NEEDED}")
            out[i] = -1
            continue
        try:
            out[i] = to_fen(parse_money(value))
        except ValueError as exc:
            raise InvalidArgument(f"column {name!r}, row {rows[i]}: {exc}") from None
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
        return _yuan_column(frame[yuan_name], yuan_name, nullable)
    if default is not None:
        return default
    raise InvalidArgument(
        f"the frame needs a column {name!r} (int64 fen) or {yuan_name!r} (exact yuan)"
    )


def _cap_column(frame: pd.DataFrame, cap: CapPlan) -> Int64Array:
    """The amounts of an ``assessed`` cap (D7, D8): the column ``{cap}_cap_fen`` (the cap
    in force) when the frame has it, else from ``cap_basis`` and ``assessed_cap_fen``."""
    _unique(frame)
    name = f"{cap.id}_cap_fen"
    if name in frame.columns or name.removesuffix("_fen") in frame.columns:
        return _column(frame, name)
    if "cap_basis" not in frame.columns:
        raise InvalidArgument(
            f"the frame needs {name!r} (the cap in force) or 'cap_basis' and "
            "'assessed_cap_fen' (see claims_to_frame)"
        )
    basis = frame["cap_basis"]
    if pd.api.types.is_integer_dtype(basis.dtype):  # a missing code (pd.NA) is unknown
        codes = basis.to_numpy(dtype=np.int64, na_value=-1)
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
    assert cap.first_year is not None
    assert cap.later_year_max is not None
    amounts: Int64Array = assessed_cap(
        NUMPY, is_assessed, assessed, to_fen(cap.first_year), to_fen(cap.later_year_max)
    )
    return amounts
