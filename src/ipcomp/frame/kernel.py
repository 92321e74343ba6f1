"""The columnar kernel: Art. 8(2) on int64 fen columns, exact (D5–D9, D14).

Pure numpy, no pandas: :func:`compensate_arrays` takes equal-length int64 arrays and
returns the output columns. :mod:`ipcomp.frame` reads frames into these arrays.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

try:
    import numpy as np
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "ipcomp.frame needs pandas and numpy: pip install pandas numpy (the pandas extra)"
    ) from exc

from numpy.typing import NDArray

from ..core.errors import InvalidArgument
from ..core.money import MAX_AMOUNT, div_round_half_up, to_fen
from ..engine.arithmetic import ip_part, shares
from ..engine.plan import CapPlan, Plan, plan_of
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy

if TYPE_CHECKING:
    from ..schemes.model import Scheme

__all__ = [
    "NUMPY",
    "OUTPUT_COLUMNS",
    "NumpyOps",
    "compensate_arrays",
    "compensate_scheme_arrays",
    "output_columns",
]


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
) -> Int64Array:
    """``a × num ÷ den`` rounded half up, row by row; ``a >= 0``, ``0 <= num <= den``,
    ``den > 0``, so the result is at most ``a``.
    Exact on every path:

    * one divisor (a rate) and ``2·a·num + den`` within int64: integer arithmetic;
    * otherwise, within the bounds of :func:`_muldiv_by_float` (every checked amount,
      every rate of up to 15 digits): the float64 estimate, rounded by the remainder;
    * beyond them (a rate with more digits than float64 holds; amounts beyond 2**50 fen,
      which only unchecked input can have): Python integers, row by row.
    """
    if a.size == 0:
        return a.copy()
    a_max = int(a.max())
    one_divisor = isinstance(num, int) and isinstance(den, int)
    if one_divisor and 2 * a_max * num + den <= _I64_MAX and 2 * den <= _I64_MAX:
        result = np.multiply(a, 2 * num)
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
    return result


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
    policy: Policy | Scheme = WEIHAI_2020,
    *,
    check: bool = True,
) -> dict[str, Int64Array | NDArray[np.bool_]]:
    """The core of :func:`compensate_frame` on equal-length int64 fen arrays, for the
    Weihai scheme's two payers (for any scheme: :func:`compensate_scheme_arrays`).

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
    plan = plan_of(policy)
    if plan.payer_ids != ("provincial", "municipal"):
        raise InvalidArgument(
            f"compensate_arrays takes the provincial and municipal payers of the Weihai "
            f"scheme; scheme {plan.id!r} has {list(plan.payer_ids)}: use compensate_scheme_arrays"
        )
    caps = [municipal_cap if cap.kind == "assessed" else None for cap in plan.caps]
    return compensate_scheme_arrays(
        plan,
        principal,
        principal_loss,
        ip_principal,
        ip_principal_loss,
        (provincial_paid_before, municipal_paid_before),
        caps,
        check=check,
    )


def output_columns(plan: Plan) -> tuple[str, ...]:
    """The columns the kernel returns for a scheme: ``ip_loss_fen``; per payer
    ``{payer}_uncapped_fen``, ``{payer}_cap_fen`` (when a cap that varies by row has the
    payer's id) and ``{payer}_fen``; ``{cap}_cap_fen`` for the other caps that vary by
    row (a fixed cap is the scheme's constant); ``total_fen``, ``bank_share_fen`` and
    ``capped``. For Weihai: :data:`OUTPUT_COLUMNS`.

    >>> from ipcomp import WEIHAI_2020
    >>> from ipcomp.engine.plan import plan_of
    >>> output_columns(plan_of(WEIHAI_2020)) == OUTPUT_COLUMNS
    True
    """
    cap_ids = [cap.id for cap in plan.caps if cap.kind != "fixed"]
    names = ["ip_loss_fen"]
    for payer in plan.payer_ids:
        names.append(f"{payer}_uncapped_fen")
        if payer in cap_ids:
            names.append(f"{payer}_cap_fen")
        names.append(f"{payer}_fen")
    names += [f"{c}_cap_fen" for c in cap_ids if c not in plan.payer_ids]
    return (*names, "total_fen", "bank_share_fen", "capped")


def compensate_scheme_arrays(
    plan: Plan,
    principal: Int64Array,
    principal_loss: Int64Array,
    ip_principal: Int64Array,
    ip_principal_loss: Int64Array,
    paid_before: Sequence[Int64Array],
    cap_amounts: Sequence[Int64Array | None],
    *,
    direct: Int64Array | None = None,
    check: bool = True,
    pools: Sequence[int | None] | None = None,
) -> dict[str, Int64Array | NDArray[np.bool_]]:
    """The formula of :mod:`ipcomp.engine.arithmetic` on whole int64 fen columns, for
    any scheme's plan: ``paid_before`` one array per payer, ``cap_amounts`` one per cap
    (the amount in force for an ``assessed`` cap; ``None`` for the other kinds, whose
    amount the kernel computes), ``direct`` a bool array where a payer pays only on
    direct or indirect pledges. Returns the :func:`output_columns`."""
    inputs = (principal, principal_loss, ip_principal, ip_principal_loss)
    n = principal.shape[0] if isinstance(principal, np.ndarray) else -1
    given = [*inputs, *paid_before, *(a for a in cap_amounts if a is not None)]
    for array in given:
        if not isinstance(array, np.ndarray) or array.dtype != np.int64 or array.shape != (n,):
            raise InvalidArgument("expected one-dimensional int64 numpy arrays of one length")
    if len(paid_before) != len(plan.payer_ids) or len(cap_amounts) != len(plan.caps):
        raise InvalidArgument("expected one paid-before array per payer and one entry per cap")
    needs_direct = any(a != "all" for a in plan.applies_to)
    if needs_direct and (
        not isinstance(direct, np.ndarray) or direct.dtype != np.int64 or direct.shape != (n,)
    ):
        raise InvalidArgument(
            f"scheme {plan.id!r} has payers on direct or indirect pledges only: give `direct`, "
            "an int64 array (1 direct, 0 indirect, -1 unknown)"
        )
    names = output_columns(plan)
    out: dict[str, Any] = {
        name: np.empty(n, dtype=bool if name == "capped" else np.int64) for name in names
    }
    for cap, given_amounts in zip(plan.caps, cap_amounts, strict=True):
        if given_amounts is not None:  # a copy: the caller's buffer may be read-only or shared
            out[f"{cap.id}_cap_fen"] = np.array(given_amounts, dtype=np.int64, copy=True)
    amount_names = [
        *(f"{payer} paid before" for payer in plan.payer_ids),
        *(f"{cap.id} cap" for cap, a in zip(plan.caps, cap_amounts, strict=True) if a is not None),
    ]
    rates = [NUMPY.rate(r) for r in plan.rates]
    for start in range(0, n, _BLOCK):
        block = slice(start, start + _BLOCK)
        core = tuple(array[block] for array in inputs)
        befores = [array[block] for array in paid_before]
        amounts = [None if a is None else a[block] for a in cap_amounts]
        if check:
            _check_block(
                core, [*befores, *(a for a in amounts if a is not None)], amount_names, start
            )
        _block(
            plan,
            core,
            befores,
            amounts,
            None if direct is None else direct[block],
            rates,
            out,
            block,
            pools,
        )
    return out


def _within(x: Int64Array, lo: int | Int64Array, hi: int | Int64Array) -> NDArray[np.bool_]:
    """``lo <= x <= hi`` in two array operations (unsigned wrap-around: below ``lo`` wraps
    to a huge value)."""
    return (x - lo).view(np.uint64) <= (
        hi - lo if isinstance(hi, int) else (hi - lo).view(np.uint64)
    )


def _check_block(
    core: tuple[Int64Array, ...], amounts: Sequence[Int64Array], names: Sequence[str], offset: int
) -> None:
    if _all_valid(*core, *amounts):
        return  # the common case, in a dozen array operations
    ok, message = next(
        (ok, message) for ok, message in _checks((*core, *amounts), names) if not ok.all()
    )
    _check(ok, message, offset)


_WEIHAI_AMOUNTS: Final = ("municipal paid before", "provincial paid before", "municipal cap")


def _checks(
    inputs: tuple[Int64Array, ...], names: Sequence[str] = _WEIHAI_AMOUNTS
) -> tuple[tuple[NDArray[np.bool_], str], ...]:
    """Each input rule of the kernel, row by row, with its message: the loan's four
    columns, then each amount (paid before, caps) within [0, 10^12 yuan]."""
    principal, principal_loss, ip_principal, ip_principal_loss, *amounts = inputs
    return (
        (_within(principal, 1, _MAX_FEN), "principal must be > 0 and at most 10^12 yuan"),
        (_within(principal_loss, 0, principal), "principal loss outside [0, principal]"),
        (_within(ip_principal, 0, principal), "IP principal outside [0, principal]"),
        (
            (ip_principal_loss == -1)
            | (_within(ip_principal_loss, 0, principal_loss) & (ip_principal_loss <= ip_principal)),
            "stated IP-part loss must be -1 (none) or within [0, min(loss, IP principal)]",
        ),
        *(
            (_within(amount, 0, _MAX_FEN), f"{name} outside [0, 10^12 yuan]")
            for amount, name in zip(amounts, names, strict=True)
        ),
    )


def _all_valid(
    principal: Int64Array,
    principal_loss: Int64Array,
    ip_principal: Int64Array,
    ip_principal_loss: Int64Array,
    *amounts: Int64Array,
) -> bool:
    """True exactly when every rule of :func:`_checks` holds on every row, in a dozen
    array operations: minima and maxima first, then two differences that cannot
    overflow once those bounds hold (pinned by tests/frame/test_frame.py)."""
    if principal.size == 0:
        return True
    least_ip_side = np.minimum(principal_loss, ip_principal)  # >= every stated IP loss
    least = least_ip_side.copy()
    most = principal.copy()
    for amount in amounts:
        np.minimum(least, amount, out=least)
        np.maximum(most, amount, out=most)
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


class NumpyOps:
    """The columnar back end of the formula: int64 fen columns (see
    :mod:`ipcomp.engine.arithmetic`), exact on every path of :func:`_muldiv_half_up`."""

    zero: Final = 0

    @staticmethod
    def add(a: Any, b: Any) -> Any:
        """Row by row ``a + b``."""
        return np.add(a, b)

    @staticmethod
    def sub(a: Any, b: Any) -> Any:
        """Row by row ``a - b``."""
        return np.subtract(a, b)

    @staticmethod
    def minimum(a: Any, b: Any) -> Any:
        """Row by row ``min(a, b)``."""
        return np.minimum(a, b)

    @staticmethod
    def maximum(a: Any, b: Any) -> Any:
        """Row by row ``max(a, b)``."""
        return np.maximum(a, b)

    @staticmethod
    def where(cond: Any, a: Any, b: Any) -> Any:
        """Row by row ``a`` where ``cond``, else ``b``."""
        return np.where(cond, a, b)

    @staticmethod
    def rate(rate: Decimal) -> tuple[int, int]:
        """A rate as an exact integer fraction."""
        return rate.as_integer_ratio()

    @staticmethod
    def share(amount: Int64Array, rate: tuple[int, int]) -> Int64Array:
        """``amount × rate`` rounded half up to the fen, row by row."""
        return _muldiv_half_up(amount, *rate)

    @staticmethod
    def pro_rata(
        x: Int64Array, num: Int64Array, den: Int64Array, mask: NDArray[np.bool_]
    ) -> Int64Array:
        """``x × num ÷ den`` rounded half up where ``mask``, else ``x``."""
        out = x.copy()
        rows = np.flatnonzero(mask)
        if rows.size:
            out[rows] = _muldiv_half_up(x[rows], num[rows], den[rows])
        return out


#: The columnar back end.
NUMPY: Final = NumpyOps()


def _block(
    plan: Plan,
    core: tuple[Int64Array, ...],
    befores: Sequence[Int64Array],
    cap_inputs: Sequence[Int64Array | None],
    direct: Int64Array | None,
    rates: Sequence[tuple[int, int]],
    out: dict[str, Any],
    block: slice,
    pools: Sequence[int | None] | None = None,
) -> None:
    principal, principal_loss, ip_principal, ip_principal_loss = core
    stated = ip_principal_loss >= 0
    ip = ip_part(
        NUMPY,
        principal_loss,
        ip_principal,
        principal,
        ~stated & (ip_principal != principal),
        ip_principal_loss,
        stated,
    )
    amounts = [
        _cap_amount(cap, given, principal) for cap, given in zip(plan.caps, cap_inputs, strict=True)
    ]
    caps = [
        (amount, cap.members, cap.cut_order, [befores[i] for i in cap.members])
        for cap, amount in zip(plan.caps, amounts, strict=True)
    ]
    pays = [
        None if applies == "all" else direct == (1 if applies == "direct" else 0)
        for applies in plan.applies_to
    ]
    if pools is None:
        pools = [None if pool is None else to_fen(pool) for pool in plan.pools]
    uncapped, _, paid = shares(NUMPY, ip, rates, pays, caps, pools if plan.has_pools else ())
    out["ip_loss_fen"][block] = ip
    capped = out["capped"][block]
    capped[...] = False
    total = out["total_fen"][block]
    total[...] = 0
    for i, payer in enumerate(plan.payer_ids):
        out[f"{payer}_uncapped_fen"][block] = uncapped[i]
        out[f"{payer}_fen"][block] = paid[i]
        capped |= paid[i] < uncapped[i]
        total += paid[i]
    for cap, given, amount in zip(plan.caps, cap_inputs, amounts, strict=True):
        if given is None and cap.kind != "fixed":
            out[f"{cap.id}_cap_fen"][block] = amount
    np.subtract(ip, total, out=out["bank_share_fen"][block])


def _cap_amount(cap: CapPlan, given: Int64Array | None, principal: Int64Array) -> Any:
    """The amount of a cap on each row: given (assessed), fixed, or a principal share."""
    if given is not None:
        return given
    if cap.kind == "fixed":
        assert cap.amount is not None
        return np.full(principal.shape, to_fen(cap.amount), dtype=np.int64)
    if cap.kind == "principal_share":
        assert cap.share is not None
        return NUMPY.share(principal, NUMPY.rate(cap.share))
    raise InvalidArgument(f"cap {cap.id!r} is assessed per bank and year: give its amounts")
