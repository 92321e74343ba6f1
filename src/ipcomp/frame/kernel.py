"""The columnar kernel: Art. 8(2) on int64 fen columns, exact (D5–D9, D14).

Pure numpy, no pandas: :func:`compensate_arrays` takes equal-length int64 arrays and
returns the output columns. :mod:`ipcomp.frame` reads frames into these arrays.
"""

from __future__ import annotations

from typing import Any, Final

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "ipcomp.frame needs pandas and numpy: pip install pandas numpy (the pandas extra)"
    ) from exc

from numpy.typing import NDArray

from ..core.errors import InvalidArgument
from ..core.money import MAX_AMOUNT, div_round_half_up, to_fen
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy

__all__ = ["OUTPUT_COLUMNS", "compensate_arrays"]


Int64Array = NDArray[np.int64]
_I64_MAX: Final = int(np.iinfo(np.int64).max)
_MAX_FEN: Final = to_fen(MAX_AMOUNT)

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
