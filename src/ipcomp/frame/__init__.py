"""Portfolios as pandas DataFrames, and an exact columnar compensation path (Art. 8(2)).

Needs the ``pandas`` extra (``pip install 'ipcomp[pandas]'``: pandas and numpy).

* :func:`to_frame`: one row per assessed claim, stable column names (:data:`FRAME_COLUMNS`),
  amounts as exact ``Decimal`` yuan (or nullable ``Int64`` fen with ``money="fen"``).
* :func:`compensate_frame`: the arithmetic of :func:`~ipcomp.compensate` on whole
  columns of integer fen (int64 numpy, never floats), for fund sizing and Monte Carlo
  what-ifs. It gives exactly the scalar result on every row: the same IP-part loss
  (stated, whole loan or pro rata rounded half up first, D9), the same shares rounded
  once half up (D14), the same caps (first-year, assessed, no assessment; earlier
  payments on the loan; ``cap_scope``; ``provincial_cap``; D5–D8). Like ``compensate``
  it ignores eligibility: combine it with :func:`~ipcomp.assess` (or :func:`to_frame`)
  to size what is actually paid.
* :func:`claims_to_frame`: the input columns of :func:`compensate_frame` from
  :class:`~ipcomp.Claim` objects, including the cap basis of each claim's business year.

Input columns of :func:`compensate_frame` (amounts in fen, ``int64``; a column named
without ``_fen`` — e.g. ``principal`` — holding ``Decimal``, ``str`` or ``int`` *yuan* is
converted exactly instead; floats are refused):

=============================  ========  ==================================================
column                         required  meaning
=============================  ========  ==================================================
``principal_fen``              yes       the loan's principal, > 0
``principal_loss_fen``         yes       the recognised principal loss, <= principal
``ip_principal_fen``           no        principal secured by the IP pledge (default: all)
``ip_principal_loss_fen``      no        stated IP-part loss; ``-1`` or NA = not stated
``municipal_paid_before_fen``  no        municipal compensation already paid on the loan
``provincial_paid_before_fen`` no        provincial compensation already paid on the loan
``cap_basis``                  (a)       ``first_year``, ``assessed`` or ``no_assessment``
``assessed_cap_fen``           (a)       the bank's assessed cap for the year; -1 = none
``municipal_cap_fen``          (b)       the cap in force, used as given
=============================  ========  ==================================================

The cap comes from ``municipal_cap_fen`` when the frame has it (b); otherwise from
``cap_basis`` and the policy (a): ``first_year_cap`` for ``first_year`` and
``no_assessment``, ``min(assessed_cap_fen, later_year_cap_max)`` for ``assessed``.

Overflow: amounts are at most 10^12 yuan = 10^14 fen. Each product is checked against
the int64 range before it is formed (from the column maxima, then row by row); rows
where ``2 × a × b + d`` could exceed 2^63 − 1 (pro rata on loans above about 20
million yuan) take an exact overflow path: a float64 estimate of the quotient, corrected
with the remainder computed in wrapping int64 arithmetic (exact, as the true remainder
is small); rates with very many decimals fall back to Python integers. Results stay exact.

>>> from ipcomp import WEIHAI_2020, compensate
>>> from ipcomp.testing import example_claim, example_loan
>>> big = example_loan(principal="8000000")
>>> claims = [example_claim(), example_claim(loan=big, principal_loss="7999999.99")]
>>> out = compensate_frame(claims_to_frame(claims))
>>> out[["provincial_fen", "municipal_fen", "capped"]].to_dict("list")
{'provincial_fen': [32000000, 320000000], 'municipal_fen': [16000000, 120000000], 'capped': [False, True]}
>>> [compensate(c).municipal for c in claims]
[Decimal('160000.00'), Decimal('1200000.00')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

try:
    import numpy as np
    import pandas as pd
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("ipcomp.frame needs pandas and numpy: pip install 'ipcomp[pandas]'") from exc

from numpy.typing import NDArray

from ..core._args import expect, iterable
from ..core.errors import InvalidArgument
from ..core.money import MAX_AMOUNT, div_round_half_up, from_fen, parse_money, to_fen
from ..engine.compensation import claim_date
from ..engine.deadlines import business_year, first_business_year
from ..facts import Claim, as_claim
from ..results import Assessment
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy

__all__ = [
    "AMOUNT_COLUMNS",
    "CAP_BASES",
    "CLAIM_FRAME_COLUMNS",
    "FRAME_COLUMNS",
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "claims_to_frame",
    "compensate_arrays",
    "compensate_frame",
    "to_frame",
    "yuan",
]

Int64Array = NDArray[np.int64]
_I64_MAX: Final = int(np.iinfo(np.int64).max)
_MAX_FEN: Final = to_fen(MAX_AMOUNT)
#: ``cap_basis`` values, in the order of their integer codes 0, 1, 2.
CAP_BASES: Final = ("first_year", "assessed", "no_assessment")
_ASSESSED: Final = 1
#: The input columns of :func:`compensate_frame` (see the module docstring).
INPUT_COLUMNS: Final = (
    "principal_fen",
    "principal_loss_fen",
    "ip_principal_fen",
    "ip_principal_loss_fen",
    "municipal_paid_before_fen",
    "provincial_paid_before_fen",
    "cap_basis",
    "assessed_cap_fen",
    "municipal_cap_fen",
)
#: The columns :func:`compensate_frame` returns: int64 fen, and ``capped`` (bool).
OUTPUT_COLUMNS: Final = (
    "ip_loss_fen",
    "provincial_uncapped_fen",
    "provincial_fen",
    "municipal_uncapped_fen",
    "municipal_cap_fen",
    "municipal_fen",
    "total_fen",
    "bank_share_fen",
    "capped",
)
#: The columns of :func:`claims_to_frame`.
CLAIM_FRAME_COLUMNS: Final = (
    "loan_id",
    "bank",
    "business_year",
    "principal_fen",
    "ip_principal_fen",
    "principal_loss_fen",
    "ip_principal_loss_fen",
    "municipal_paid_before_fen",
    "provincial_paid_before_fen",
    "cap_basis",
    "assessed_cap_fen",
)
#: The amounts of an assessment in :func:`to_frame` (Decimal yuan, or ``*_fen``).
AMOUNT_COLUMNS: Final = (
    "ip_loss",
    "provincial",
    "municipal_uncapped",
    "municipal_cap",
    "municipal",
    "total",
    "bank_share",
)
#: The columns of :func:`to_frame` (with ``money="fen"`` the amounts end in ``_fen``).
FRAME_COLUMNS: Final = (
    "loan_id",
    "eligible",
    "business_year",
    "deadline",
    "deadline_estimated",
    *AMOUNT_COLUMNS,
    "capped",
    "cap_basis",
    "ip_loss_basis",
    "codes",
    "blocking_codes",
)
#: The columns :func:`to_frame` adds when given the claims.
_CLAIM_COLUMNS: Final = (
    "bank",
    "enterprise",
    "industry",
    "disbursed_on",
    "recognized_on",
    "applied_on",
    "principal",
    "ip_principal",
    "principal_loss",
)


# --- the core: exact integer arithmetic on int64 columns -----------------------------------


#: Bounds of the float-estimate path of :func:`_muldiv_half_up` (see there).
_A_MAX_FLOAT: Final = 2**50
_DEN_MAX_FLOAT: Final = 2**53


def _muldiv_by_float(a: Int64Array, num: Int64Array | int, den: Int64Array | int) -> Int64Array:
    """``a × num ÷ den`` rounded half up, exactly, for ``0 <= a <= 2**50`` and
    ``0 <= num <= den <= 2**53``: the quotient estimated in float64, the rounding decided
    by the exact remainder.

    a, num and den are exact in float64, so the float quotient is within 2 × 2**-53 of
    the true quotient x = a·num/den <= a <= 2**50, relatively: off by less than 0.27.
    Its truncation q is floor(x), or one off when x lies within 0.27 of a whole number
    k. The remainder r = a·num - q·den lies in [-0.27·den, 1.27·den), inside int64, so
    wrapping int64 arithmetic gives it exactly, and q + (2r >= den) is x rounded half up
    in every case: where q is one off, x rounds to k, and that is what the sum gives
    from either side (pinned with such rows in tests/frame/test_frame.py). Integer
    division by a different divisor per row is several times slower (benchmarks/).
    """
    estimate = a.astype(np.float64)
    estimate *= num
    estimate /= den
    q = estimate.astype(np.int64)  # truncation: the floor, as the estimate is >= 0
    r = a * num  # array arithmetic wraps modulo 2**64 silently; the true value fits
    r -= q * den
    r *= 2
    q += r >= den  # half up
    return q


def _muldiv_half_up(
    a: Int64Array,
    num: Int64Array | int,
    den: Int64Array | int,
    out: Int64Array | None = None,
) -> Int64Array:
    """``a × num ÷ den`` rounded half up, row by row; ``a >= 0``, ``0 <= num <= den``,
    ``den > 0``, so the result is at most ``a``; written into ``out`` when it is given.
    Exact on every path:

    * one divisor (a rate) and ``2·a·num + den`` within int64: integer arithmetic;
    * otherwise, within the bounds of :func:`_muldiv_by_float` (every checked amount,
      every rate of up to 15 digits): the float64 estimate, rounded by the remainder;
    * beyond them (a rate with more digits than float64 holds; amounts beyond 2**50 fen,
      which only unchecked input can have): Python integers, row by row.
    """
    if a.size == 0:
        return a.copy() if out is None else out
    a_max = int(a.max())
    one_divisor = isinstance(num, int) and isinstance(den, int)
    if one_divisor and 2 * a_max * num + den <= _I64_MAX and 2 * den <= _I64_MAX:
        result = np.multiply(a, 2 * num, out=out)  # in place when ``out`` is given
        result += den
        result //= 2 * den
        return result
    den_max = den if isinstance(den, int) else int(den.max())
    if a_max <= _A_MAX_FLOAT and den_max <= _DEN_MAX_FLOAT:
        result = _muldiv_by_float(a, num, den)
    else:
        nums = [num] * a.size if isinstance(num, int) else num.tolist()
        dens = [den] * a.size if isinstance(den, int) else den.tolist()
        rows = a.tolist()
        exact = (div_round_half_up(rows[i] * nums[i], dens[i]) for i in range(a.size))
        result = np.fromiter(exact, dtype=np.int64, count=a.size)
    if out is None:
        return result
    out[...] = result
    return out


def _check(condition: NDArray[np.bool_], message: str, offset: int = 0) -> None:
    bad = np.flatnonzero(~condition)
    if bad.size:
        raise InvalidArgument(f"{message} (row {offset + int(bad[0])})")


#: Rows per block: the temporaries of a block stay in the CPU cache.
_BLOCK: Final = 1 << 15


def compensate_arrays(
    principal: Int64Array,
    principal_loss: Int64Array,
    ip_principal: Int64Array,
    ip_principal_loss: Int64Array,
    municipal_paid_before: Int64Array,
    provincial_paid_before: Int64Array,
    municipal_cap: Int64Array,
    policy: Policy = WEIHAI_2020,
    *,
    check: bool = True,
) -> dict[str, Int64Array | NDArray[np.bool_]]:
    """The core of :func:`compensate_frame` on equal-length int64 fen arrays.

    ``ip_principal_loss`` is ``-1`` where no IP-part loss is stated; ``municipal_cap``
    is the cap in force for each claim. Returns ``{column: array}`` for the
    :data:`OUTPUT_COLUMNS`. ``check=False`` skips the input checks (the caller vouches
    for them); results on unchecked bad input are undefined. Works in blocks of
    32,768 rows so that temporaries stay in the cache.

    >>> a = lambda *v: np.array(v, dtype=np.int64)
    >>> out = compensate_arrays(a(1000), a(333), a(500), a(-1), a(0), a(0), a(10**8))
    >>> int(out["ip_loss_fen"][0]), int(out["provincial_fen"][0]), int(out["municipal_fen"][0])
    (167, 67, 33)
    """
    inputs = (
        principal,
        principal_loss,
        ip_principal,
        ip_principal_loss,
        municipal_paid_before,
        provincial_paid_before,
        municipal_cap,
    )
    n = principal.shape[0] if isinstance(principal, np.ndarray) else -1
    for array in inputs:
        if not isinstance(array, np.ndarray) or array.dtype != np.int64 or array.shape != (n,):
            raise InvalidArgument("expected one-dimensional int64 numpy arrays of one length")
    out: dict[str, Any] = {
        name: np.empty(n, dtype=bool if name == "capped" else np.int64) for name in OUTPUT_COLUMNS
    }
    out["municipal_cap_fen"] = municipal_cap
    rates = (
        policy.provincial_rate.as_integer_ratio(),
        policy.municipal_rate.as_integer_ratio(),
    )
    (p_num, p_den), (m_num, m_den) = rates
    rates_sum_to_one = p_num * m_den + m_num * p_den == p_den * m_den
    provincial_cap = None if policy.provincial_cap is None else to_fen(policy.provincial_cap)
    for start in range(0, n, _BLOCK):
        block = slice(start, start + _BLOCK)
        args = tuple(array[block] for array in inputs)
        if check:
            _check_block(args, start)
        _block(
            args,
            rates,
            rates_sum_to_one,
            provincial_cap,
            policy.cap_scope == "municipal",
            out,
            block,
        )
    return out


def _within(x: Int64Array, lo: int | Int64Array, hi: int | Int64Array) -> NDArray[np.bool_]:
    """``lo <= x <= hi`` in two array operations (unsigned wrap-around: below ``lo`` wraps
    to a huge value)."""
    return (x - lo).view(np.uint64) <= (
        hi - lo if isinstance(hi, int) else (hi - lo).view(np.uint64)
    )


def _check_block(inputs: tuple[Int64Array, ...], offset: int) -> None:
    if _all_valid(*inputs):
        return  # the common case, in a dozen array operations
    ok, message = next((ok, message) for ok, message in _checks(inputs) if not ok.all())
    _check(ok, message, offset)


def _checks(inputs: tuple[Int64Array, ...]) -> tuple[tuple[NDArray[np.bool_], str], ...]:
    """Each input rule of :func:`compensate_arrays`, row by row, with its message."""
    (
        principal,
        principal_loss,
        ip_principal,
        ip_principal_loss,
        municipal_paid_before,
        provincial_paid_before,
        municipal_cap,
    ) = inputs
    return (
        (_within(principal, 1, _MAX_FEN), "principal must be > 0 and at most 10^12 yuan"),
        (_within(principal_loss, 0, principal), "principal loss outside [0, principal]"),
        (_within(ip_principal, 0, principal), "IP principal outside [0, principal]"),
        (
            (ip_principal_loss == -1)
            | (_within(ip_principal_loss, 0, principal_loss) & (ip_principal_loss <= ip_principal)),
            "stated IP-part loss must be -1 (none) or within [0, min(loss, IP principal)]",
        ),
        (
            _within(municipal_paid_before, 0, _MAX_FEN),
            "municipal paid before outside [0, 10^12 yuan]",
        ),
        (
            _within(provincial_paid_before, 0, _MAX_FEN),
            "provincial paid before outside [0, 10^12 yuan]",
        ),
        (_within(municipal_cap, 0, _MAX_FEN), "municipal cap outside [0, 10^12 yuan]"),
    )


def _all_valid(
    principal: Int64Array,
    principal_loss: Int64Array,
    ip_principal: Int64Array,
    ip_principal_loss: Int64Array,
    municipal_paid_before: Int64Array,
    provincial_paid_before: Int64Array,
    municipal_cap: Int64Array,
) -> bool:
    """True exactly when every rule of :func:`_checks` holds on every row, in a dozen
    array operations: minima and maxima first, then two differences that cannot
    overflow once those bounds hold (pinned by tests/frame/test_frame.py)."""
    if principal.size == 0:
        return True
    least_ip_side = np.minimum(principal_loss, ip_principal)  # >= every stated IP loss
    least = np.minimum(least_ip_side, municipal_paid_before)
    np.minimum(least, provincial_paid_before, out=least)
    np.minimum(least, municipal_cap, out=least)
    most = np.maximum(principal, municipal_paid_before)
    np.maximum(most, provincial_paid_before, out=most)
    np.maximum(most, municipal_cap, out=most)
    if not (
        int(principal.min()) >= 1
        and int(least.min()) >= 0
        and int(most.max()) <= _MAX_FEN
        and int(ip_principal_loss.min()) >= -1
    ):
        return False
    # now 1 <= principal <= max, and the amounts below are >= 0: no difference overflows
    loan_side = np.maximum(principal_loss, ip_principal)
    np.subtract(principal, loan_side, out=loan_side)  # loss and IP principal <= principal
    np.subtract(least_ip_side, ip_principal_loss, out=least_ip_side)  # -1, or <= both
    return int(loan_side.min()) >= 0 and int(least_ip_side.min()) >= 0


def _block(
    inputs: tuple[Int64Array, ...],
    rates: tuple[tuple[int, int], tuple[int, int]],
    rates_sum_to_one: bool,
    provincial_cap: int | None,
    municipal_scope: bool,
    out: dict[str, Any],
    block: slice,
) -> None:
    (
        principal,
        principal_loss,
        ip_principal,
        ip_principal_loss,
        municipal_paid_before,
        provincial_paid_before,
        municipal_cap,
    ) = inputs
    # Results are computed in place in the output columns (less memory traffic).
    ip = out["ip_loss_fen"][block]
    prov_unc = out["provincial_uncapped_fen"][block]
    mun_unc = out["municipal_uncapped_fen"][block]
    # D9: the IP-part loss, rounded to the fen first.
    stated = ip_principal_loss >= 0
    np.copyto(ip, principal_loss)
    np.copyto(ip, ip_principal_loss, where=stated)
    pro = np.flatnonzero(~stated & (ip_principal != principal))
    if pro.size:
        ip[pro] = _muldiv_half_up(principal_loss[pro], ip_principal[pro], principal[pro])
    # D14: each share rounded once from the IP-part loss.
    _muldiv_half_up(ip, *rates[0], out=prov_unc)
    _muldiv_half_up(ip, *rates[1], out=mun_unc)
    # rates summing to exactly 1 can round both halves up: the municipal share gives
    # up that fen, so the shares never exceed the loss (as in compensate); with a
    # smaller sum the two rounded shares never exceed it anyway
    if rates_sum_to_one:
        np.minimum(mun_unc, ip - prov_unc, out=mun_unc)
    # D5-D8: caps, cumulative per loan; results written straight into the output columns.
    prov = out["provincial_fen"][block]
    mun = out["municipal_fen"][block]
    if provincial_cap is None:
        np.copyto(prov, prov_unc)
    else:
        np.subtract(provincial_cap, provincial_paid_before, out=prov)
        np.maximum(prov, 0, out=prov)
        np.minimum(prov, prov_unc, out=prov)
    if municipal_scope:
        np.subtract(municipal_cap, municipal_paid_before, out=mun)
        np.maximum(mun, 0, out=mun)
        np.minimum(mun, mun_unc, out=mun)
    else:  # "government_total": cut the municipal share first, then the provincial
        room = np.maximum(municipal_cap - municipal_paid_before - provincial_paid_before, 0)
        excess = np.maximum(prov + mun_unc - room, 0)
        np.subtract(mun_unc, np.minimum(excess, mun_unc), out=mun)
        prov -= excess - (mun_unc - mun)
    total = out["total_fen"][block]
    np.add(prov, mun, out=total)
    np.subtract(ip, total, out=out["bank_share_fen"][block])
    capped = out["capped"][block]
    np.less(mun, mun_unc, out=capped)
    if provincial_cap is not None or not municipal_scope:
        capped |= prov < prov_unc


# --- reading columns exactly ---------------------------------------------------------------


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


def _column(
    frame: pd.DataFrame, name: str, *, nullable: bool = False, default: Int64Array | None = None
) -> Int64Array:
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


def compensate_frame(frame: pd.DataFrame, policy: Policy = WEIHAI_2020) -> pd.DataFrame:
    """Art. 8(2) on every row of a frame, exactly as :func:`~ipcomp.compensate` would.

    Input columns: see the module docstring and :data:`INPUT_COLUMNS`. Returns a frame
    with the same index and the :data:`OUTPUT_COLUMNS` (int64 fen, ``capped`` bool);
    join it to the input with ``frame.join(compensate_frame(frame))``. Raises
    :class:`~ipcomp.InvalidArgument` on missing columns, floats, or values the models
    would refuse.

    >>> df = pd.DataFrame({"principal_fen": [10**9, 10**9], "principal_loss_fen": [10**9, 5],
    ...                    "cap_basis": ["first_year", "assessed"],
    ...                    "assessed_cap_fen": [-1, 150_000_000]})
    >>> compensate_frame(df)[["municipal_fen", "municipal_cap_fen", "capped"]]
       municipal_fen  municipal_cap_fen  capped
    0      100000000          100000000    True
    1              1          150000000   False
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgument(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    policy = expect(policy, Policy, "policy")
    principal = _column(frame, "principal_fen")
    n = len(principal)
    zeros = np.zeros(n, dtype=np.int64)
    result = compensate_arrays(
        principal,
        _column(frame, "principal_loss_fen"),
        _column(frame, "ip_principal_fen", default=principal),
        _column(frame, "ip_principal_loss_fen", nullable=True, default=np.full(n, -1, np.int64)),
        _column(frame, "municipal_paid_before_fen", default=zeros),
        _column(frame, "provincial_paid_before_fen", default=zeros),
        _cap_column(frame, policy),
        policy,
    )
    return pd.DataFrame(result, index=frame.index, columns=list(OUTPUT_COLUMNS), copy=False)


def claims_to_frame(claims: Iterable[Claim], policy: Policy = WEIHAI_2020) -> pd.DataFrame:
    """The :func:`compensate_frame` input columns (:data:`CLAIM_FRAME_COLUMNS`) of claims.

    ``business_year`` and ``cap_basis`` follow D7/D8 under ``policy`` (its business-year
    start and validity start); the cap amounts themselves are applied by
    :func:`compensate_frame`, so a variant with other caps or rates can reuse the frame.

    >>> from ipcomp.testing import example_claim
    >>> claims_to_frame([example_claim()])[["business_year", "cap_basis", "assessed_cap_fen"]]
       business_year cap_basis  assessed_cap_fen
    0           2023  assessed         120000000
    """
    policy = expect(policy, Policy, "policy")
    rows: dict[str, list[Any]] = {name: [] for name in CLAIM_FRAME_COLUMNS}
    for i, item in enumerate(iterable(claims, "claims")):
        claim = as_claim(item, f"claims[{i}]")
        loan, bank = claim.loan, claim.loan.bank
        year = business_year(claim_date(claim), policy)
        if year <= first_business_year(bank, policy):
            basis, assessed = "first_year", -1
        elif year in bank.assessed_caps:
            basis, assessed = "assessed", to_fen(bank.assessed_caps[year])
        else:
            basis, assessed = "no_assessment", -1
        stated = claim.ip_principal_loss
        for name, value in (
            ("loan_id", loan.loan_id),
            ("bank", bank.name),
            ("business_year", year),
            ("principal_fen", to_fen(loan.principal)),
            ("ip_principal_fen", to_fen(loan.secured_principal)),
            ("principal_loss_fen", to_fen(claim.principal_loss)),
            ("ip_principal_loss_fen", -1 if stated is None else to_fen(stated)),
            ("municipal_paid_before_fen", to_fen(claim.municipal_paid_before)),
            ("provincial_paid_before_fen", to_fen(claim.provincial_paid_before)),
            ("cap_basis", basis),
            ("assessed_cap_fen", assessed),
        ):
            rows[name].append(value)
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=object if name in ("loan_id", "bank") else np.int64)
            if name != "cap_basis"
            else pd.Categorical(values, categories=CAP_BASES)
            for name, values in rows.items()
        },
        columns=list(CLAIM_FRAME_COLUMNS),
    )


# --- assessments as a frame ----------------------------------------------------------------


def yuan(fen: pd.Series[Any]) -> pd.Series[Any]:
    """Integer fen as exact ``Decimal`` yuan (NA stays ``None``), for display and sums.

    >>> yuan(pd.Series([12345, 5])).to_list()
    [Decimal('123.45'), Decimal('0.05')]
    """
    if not isinstance(fen, pd.Series):
        raise InvalidArgument(f"fen must be a pandas Series, not {type(fen).__name__}")
    return pd.Series(
        [_fen_value(v, i) for i, v in enumerate(fen.astype(object))],
        index=fen.index,
        dtype=object,
        name=fen.name,
    )


def _fen_value(value: object, row: int) -> Decimal | None:
    """One cell of a fen column as yuan: whole numbers only, never a rounded float."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None  # missing (pandas reads a missing cell of a number column as NaN)
    if isinstance(value, bool | np.bool_):
        raise InvalidArgument(f"row {row}: {value!r} is not an amount in fen")
    if isinstance(value, int | np.integer):
        return from_fen(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)  # float-ok: checked to be a whole number held exactly
        if number.is_integer() and abs(number) < 2**53:
            return from_fen(int(number))
    raise InvalidArgument(
        f"row {row}: {value!r} is not a whole number of fen (read fen columns as Int64)"
    )


def _unique(codes: Iterable[str]) -> str:
    return ";".join(dict.fromkeys(codes))


def to_frame(
    assessments: Iterable[Assessment],
    claims: Iterable[Claim] | None = None,
    *,
    money: Literal["decimal", "fen"] = "decimal",
    policy: Policy = WEIHAI_2020,
) -> pd.DataFrame:
    """One row per assessment, with the :data:`FRAME_COLUMNS`:

    ``loan_id``, ``eligible`` (bool), ``business_year`` (nullable ``Int64``),
    ``deadline`` (``datetime.date`` or ``None``), ``deadline_estimated`` (bool), the
    amounts ``ip_loss``, ``provincial``, ``municipal_uncapped``, ``municipal_cap``,
    ``municipal``, ``total``, ``bank_share`` (exact ``Decimal`` yuan; ``None`` when the
    claim is not eligible; with ``money="fen"`` named ``*_fen`` as nullable ``Int64``),
    ``capped`` (nullable ``boolean``), ``cap_basis`` and ``ip_loss_basis`` (str or
    ``None``), ``codes`` and ``blocking_codes`` (finding codes joined by ``;`` in finding
    order, ``""`` when none).

    With ``claims`` (the assessed claims, in the same order) it adds ``bank``,
    ``enterprise``, ``industry``, ``disbursed_on``, ``recognized_on``, ``applied_on``,
    ``principal``, ``ip_principal`` (the IP-secured principal), ``principal_loss``, and
    fills ``business_year`` for ineligible claims too (D7, under ``policy``).

    >>> from ipcomp import assess
    >>> from ipcomp.testing import example_claim
    >>> claim = example_claim()
    >>> df = to_frame([assess(claim)], [claim])
    >>> df.loc[0, "bank"], int(df.loc[0, "business_year"]), df.loc[0, "total"]
    ('示例银行威海分行', 2023, Decimal('480000.00'))
    """
    if money not in ("decimal", "fen"):
        raise InvalidArgument(f"money must be 'decimal' or 'fen', not {money!r}")
    policy = expect(policy, Policy, "policy")
    items = [
        expect(a, Assessment, f"assessments[{i}]")
        for i, a in enumerate(iterable(assessments, "assessments"))
    ]
    claim_list = (
        None
        if claims is None
        else [as_claim(c, f"claims[{i}]") for i, c in enumerate(iterable(claims, "claims"))]
    )
    if claim_list is not None and len(claim_list) != len(items):
        raise InvalidArgument(
            f"{len(items)} assessments but {len(claim_list)} claims: give one claim per assessment"
        )
    columns: dict[str, list[Any]] = {name: [] for name in FRAME_COLUMNS}
    for index, a in enumerate(items):
        c = a.compensation
        year = c.business_year if c is not None else None
        if year is None and claim_list is not None:
            year = business_year(claim_date(claim_list[index]), policy)
        columns["loan_id"].append(a.loan_id)
        columns["eligible"].append(a.eligible)
        columns["business_year"].append(year)
        columns["deadline"].append(a.deadline)
        columns["deadline_estimated"].append(a.deadline_estimated)
        for name in AMOUNT_COLUMNS:
            columns[name].append(None if c is None else getattr(c, name))
        columns["capped"].append(None if c is None else c.capped)
        columns["cap_basis"].append(None if c is None else c.cap_basis)
        columns["ip_loss_basis"].append(None if c is None else c.ip_loss_basis)
        columns["codes"].append(_unique(f.code.value for f in a.findings))
        columns["blocking_codes"].append(_unique(f.code.value for f in a.findings if f.blocking))
    data: dict[str, Any] = {
        "loan_id": pd.Series(columns["loan_id"], dtype=object),
        "eligible": pd.Series(columns["eligible"], dtype=bool),
        "business_year": pd.Series(columns["business_year"], dtype="Int64"),
        "deadline": pd.Series(columns["deadline"], dtype=object),
        "deadline_estimated": pd.Series(columns["deadline_estimated"], dtype=bool),
    }
    for name in AMOUNT_COLUMNS:
        if money == "fen":
            fen = [None if v is None else to_fen(v) for v in columns[name]]
            data[f"{name}_fen"] = pd.Series(fen, dtype="Int64")
        else:
            data[name] = pd.Series(columns[name], dtype=object)
    data["capped"] = pd.Series(columns["capped"], dtype="boolean")
    for name in ("cap_basis", "ip_loss_basis", "codes", "blocking_codes"):
        data[name] = pd.Series(columns[name], dtype=object)
    if claim_list is not None:
        extra = _claim_columns(claim_list, money)
        data.update(extra)
    return pd.DataFrame(data)


def _claim_columns(claims: list[Claim], money: Literal["decimal", "fen"]) -> dict[str, Any]:
    def amount(values: list[Decimal]) -> pd.Series[Any]:
        if money == "fen":
            return pd.Series([to_fen(v) for v in values], dtype="Int64")
        return pd.Series(values, dtype=object)

    suffix = "_fen" if money == "fen" else ""
    return {
        "bank": pd.Series([c.loan.bank.name for c in claims], dtype=object),
        "enterprise": pd.Series([c.loan.enterprise.name for c in claims], dtype=object),
        "industry": pd.Series([c.loan.enterprise.industry.value for c in claims], dtype=object),
        "disbursed_on": pd.Series([c.loan.disbursed_on for c in claims], dtype=object),
        "recognized_on": pd.Series([c.recognized_on for c in claims], dtype=object),
        "applied_on": pd.Series([c.applied_on for c in claims], dtype=object),
        f"principal{suffix}": amount([c.loan.principal for c in claims]),
        f"ip_principal{suffix}": amount([c.loan.secured_principal for c in claims]),
        f"principal_loss{suffix}": amount([c.principal_loss for c in claims]),
    }
