"""Art. 8(1)–(2), written once: the IP-part loss, each payer's share, the caps (D5–D9,
D14), on a tiny set of operations that two back ends provide.

* :data:`DECIMAL` — exact ``Decimal`` yuan in a private 100-digit ROUND_HALF_UP context
  (no caller's decimal context can change a result); :func:`~ipcomp.compensate` runs
  the formula on it, one claim at a time. It is the oracle of the other back end.
* the numpy int64 fen back end of :mod:`ipcomp.frame.kernel` — whole columns at once
  (:func:`~ipcomp.frame.compensate_frame`).

Every operation is exact: shares are rounded once, half up, to the fen; minimum,
maximum, sums and differences of amounts are exact in both back ends. What the formula
needs of a back end (:class:`Ops`): ``zero``, ``add``, ``sub``, ``minimum``,
``maximum``, ``where`` (``cond ? a : b``), ``rate`` (a payer's rate in the back end's
form), ``share`` (an amount × a rate, rounded half up to the fen), ``pro_rata``
(``x × num ÷ den`` rounded half up, only where ``mask`` holds, else ``x``).

The formula (:func:`shares`), for payers *p* in the scheme's order and caps *c* in
theirs:

1. **IP-part loss** (Art. 8(1), D9): the stated IP-part loss; else the loss × IP
   principal ÷ principal (``pro_rata``, the whole loss when the IP principal is the
   whole principal), rounded to the fen *first*.
2. **Shares** (D14): ``uncapped[p] = share(ip_loss, rate[p])`` where *p* pays on this
   loan, else 0; never more than what the earlier payers leave of the IP-part loss
   (rates summing to exactly 1 can round two halves up: the later payer gives up that
   fen, I23).
3. **Caps** (D5–D8): for each cap, ``room = max(amount − Σ paid_before[p in cap], 0)``
   and ``excess = max(Σ paid[p in cap] − room, 0)``; the excess is taken off the cap's
   payers in its cut order (D6: under ``government_total`` the city gives way first).
4. **Pools**: a payer paying from a fund pool pays at most what remains of it.

>>> from decimal import Decimal as D
>>> ops = DECIMAL
>>> rates = (ops.rate(D("0.40")), ops.rate(D("0.20")))
>>> uncapped, capped, paid = shares(ops, D("800000.00"), rates, (None, None),
...                                 ((D("1000000.00"), (1,), (1,), (D("950000.00"),)),),
...                                 (None, None))
>>> uncapped, paid
([Decimal('320000.00'), Decimal('160000.00')], [Decimal('320000.00'), Decimal('50000.00')])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, Protocol

from ..core.money import _EXACT, FEN, div_round_half_up, from_fen, to_fen

__all__ = ["DECIMAL", "DecimalOps", "Ops", "assessed_cap", "ip_part", "shares", "trace_shares"]


class Ops(Protocol):
    """The operations the formula needs; see the module docstring. Amounts and
    conditions are the back end's own (``Decimal`` and ``bool``, or numpy columns)."""

    @property
    def zero(self) -> Any:
        """Nothing, in the back end's amounts."""
        ...

    def add(self, a: Any, b: Any, /) -> Any: ...
    def sub(self, a: Any, b: Any, /) -> Any: ...
    def minimum(self, a: Any, b: Any, /) -> Any: ...
    def maximum(self, a: Any, b: Any, /) -> Any: ...
    def where(self, cond: Any, a: Any, b: Any, /) -> Any: ...
    def rate(self, rate: Decimal, /) -> Any: ...
    def share(self, amount: Any, rate: Any, /) -> Any: ...
    def pro_rata(self, x: Any, num: Any, den: Any, mask: Any, /) -> Any: ...


class DecimalOps:
    """The scalar back end: exact ``Decimal`` yuan, one claim at a time."""

    zero: Final = Decimal("0.00")
    add = staticmethod(_EXACT.add)
    sub = staticmethod(_EXACT.subtract)
    # the builtins, called with two amounts: exact comparisons, no context involved
    minimum = staticmethod(min)
    maximum = staticmethod(max)

    @staticmethod
    def where(cond: bool, a: Decimal, b: Decimal) -> Decimal:
        """``a`` when ``cond`` else ``b``."""
        return a if cond else b

    @staticmethod
    def rate(rate: Decimal) -> Decimal:
        """A rate as this back end multiplies by it: the exact ``Decimal`` itself."""
        return rate

    @staticmethod
    def share(amount: Decimal, rate: Decimal) -> Decimal:
        """``amount × rate`` rounded half up to the fen: exact, as the context has 100
        digits, amounts at most 15 and rates at most ``MAX_RATE_DIGITS`` (64)."""
        return _EXACT.quantize(_EXACT.multiply(amount, rate), FEN)

    @staticmethod
    def pro_rata(x: Decimal, num: Decimal, den: Decimal, mask: bool) -> Decimal:
        """``x × num ÷ den`` rounded half up to the fen when ``mask``, else ``x``; the
        quotient is taken in integer fen (it is not a finite decimal in general)."""
        if not mask:
            return x
        return from_fen(div_round_half_up(to_fen(x) * to_fen(num), to_fen(den)))


#: The scalar back end.
DECIMAL: Final = DecimalOps()


def ip_part(
    ops: Ops,
    loss: Any,
    ip_principal: Any,
    principal: Any,
    combined: Any,
    stated: Any,
    is_stated: Any,
) -> Any:
    """Art. 8(1), D9: the IP-part loss — ``stated`` where ``is_stated``, else the loss
    pro rata to the IP principal where the loan is ``combined`` (IP principal below the
    principal), else the whole loss; rounded to the fen first.

    >>> from decimal import Decimal as D
    >>> ip_part(DECIMAL, D("333.33"), D("500.00"), D("1000.00"), True, D(0), False)
    Decimal('166.67')
    """
    return ops.where(is_stated, stated, ops.pro_rata(loss, ip_principal, principal, combined))


def assessed_cap(
    ops: Ops, is_assessed: Any, assessed: Any, first_year: Any, later_year_max: Any
) -> Any:
    """D8: the amount of an ``assessed`` cap — the bank's assessed cap, never above the
    maximum, where the claim's business year has one (and is not the bank's first);
    the first-year cap otherwise (D7; with ``NOTE_NO_ASSESSMENT`` in later years).

    >>> from decimal import Decimal as D
    >>> assessed_cap(DECIMAL, True, D("1600000.00"), D("1000000.00"), D("1500000.00"))
    Decimal('1500000.00')
    """
    return ops.where(is_assessed, ops.minimum(assessed, later_year_max), first_year)


#: A cap as the formula reads it: (amount in force, indexes of the payers it limits,
#: indexes in cut order, the payers' earlier payments on the loan).
CapInput = tuple[Any, Sequence[int], Sequence[int], Sequence[Any]]


def shares(
    ops: Ops,
    ip_loss: Any,
    rates: Sequence[Any],
    pays: Sequence[Any],
    caps: Sequence[CapInput],
    pools: Sequence[Any],
) -> tuple[list[Any], list[Any], list[Any]]:
    """Art. 8(2), D5–D8, D14: ``(uncapped, capped, paid)``, one amount per payer: the
    shares before the caps, after the caps, and after the fund pools.

    ``rates``: each payer's rate (``ops.rate``); ``pays``: where each payer pays on the
    loan (``None``: everywhere); ``caps``: :data:`CapInput` per cap, in order; ``pools``:
    what remains of each payer's fund pool (``None``: no pool). See the module docstring.
    """
    zero = ops.zero
    add, sub, minimum, maximum = ops.add, ops.sub, ops.minimum, ops.maximum  # (speed)
    share_of, where = ops.share, ops.where
    uncapped: list[Any] = []
    rest = ip_loss
    for index, (rate, pay) in enumerate(zip(rates, pays, strict=True)):
        share = share_of(ip_loss, rate)
        if pay is not None:
            share = where(pay, share, zero)
        if index:  # the first share is at most the loss anyway (its rate is at most 1)
            share = minimum(share, rest)  # the shares never exceed the loss (I23)
        rest = sub(rest, share)
        uncapped.append(share)
    paid = list(uncapped)
    for amount, members, cut_order, before in caps:
        used = before[0]
        for earlier in before[1:]:
            used = add(used, earlier)
        room = maximum(sub(amount, used), zero)
        have = paid[members[0]]
        for i in members[1:]:
            have = add(have, paid[i])
        excess = maximum(sub(have, room), zero)
        for i in cut_order:
            take = minimum(excess, paid[i])
            paid[i] = sub(paid[i], take)
            excess = sub(excess, take)
    capped = list(paid)
    for i, left in enumerate(pools):
        if left is not None:
            paid[i] = minimum(paid[i], left)
    return uncapped, capped, paid


# --- the scalar back end, compiled -----------------------------------------------------------


class _Trace:
    """A back end that runs the formula on names and writes down each operation as a
    line of Python over the scalar back end's functions: the formula's control flow
    depends only on the scheme's shape (its payers, caps and pools), so one run of
    :func:`shares` on names is the whole computation of every claim of that shape, as
    straight-line code (:func:`compiled_shares`)."""

    zero = "_ZERO"

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.count = 0

    def _emit(self, expression: str) -> str:
        self.count += 1
        name = f"v{self.count}"
        self.lines.append(f"    {name} = {expression}")
        return name

    def add(self, a: str, b: str) -> str:
        return self._emit(f"_add({a}, {b})")

    def sub(self, a: str, b: str) -> str:
        return self._emit(f"_sub({a}, {b})")

    # min(a, b) and max(a, b) exactly (the first when equal), without a call (speed)
    def minimum(self, a: str, b: str) -> str:
        return self._emit(f"{b} if {b} < {a} else {a}")

    def maximum(self, a: str, b: str) -> str:
        return self._emit(f"{b} if {b} > {a} else {a}")

    def where(self, cond: str, a: str, b: str) -> str:
        return self._emit(f"{a} if {cond} else {b}")

    def rate(self, rate: Decimal) -> Decimal:
        return rate  # pragma: no cover - the rates are given as names

    def share(self, amount: str, rate: str) -> str:
        return self._emit(f"_quantize(_multiply({amount}, {rate}), _FEN)")

    def pro_rata(self, x: str, num: str, den: str, mask: str) -> str:  # pragma: no cover
        raise NotImplementedError  # not part of shares()


#: A name the trace gave a value (v1, v2, ...).
_NAME: Final = re.compile(r"\bv[0-9]+\b")

#: The compiled shares() of each shape: (payers, pays-everywhere flags, caps, pools).
_COMPILED: dict[tuple[Any, ...], Any] = {}


def compiled_shares(
    rates: Sequence[Decimal],
    pays_somewhere: Sequence[bool],
    caps: Sequence[tuple[Sequence[int], Sequence[int]]],
    pools: Sequence[bool],
) -> Any:
    """:func:`shares` on the scalar back end for one shape of scheme, compiled into one
    straight-line function ``f(ip_loss, pays, amounts, before, pools) -> (uncapped,
    capped, paid)`` (``before``: what each *payer* paid before on the loan; each cap
    reads its own payers' amounts) — the same formula, traced once (:class:`_Trace`), without the cost of
    a Python call per operation; ``tests/schemes/test_every_scheme.py`` pins it against
    :data:`DECIMAL`.

    >>> from decimal import Decimal as D
    >>> f = compiled_shares([D("0.40"), D("0.20")], [False, False], [((1,), (1,))], [False, False])
    >>> f(D("800000.00"), (), (D("1000000.00"),), (D("0.00"), D("950000.00")), ())[2]
    [Decimal('320000.00'), Decimal('50000.00')]
    """
    key = (
        tuple(rates),
        tuple(pays_somewhere),
        tuple((tuple(m), tuple(c)) for m, c in caps),
        tuple(pools),
    )
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = _compile_shares(rates, pays_somewhere, caps, pools)
    return found


def _compile_shares(
    rates: Sequence[Decimal],
    pays_somewhere: Sequence[bool],
    caps: Sequence[tuple[Sequence[int], Sequence[int]]],
    pools: Sequence[bool],
) -> Any:
    """:func:`compiled_shares` without its cache: trace, write and compile."""
    pays = [f"pays[{i}]" if somewhere else None for i, somewhere in enumerate(pays_somewhere)]
    cap_inputs = [
        (f"amounts[{c}]", members, cut, [f"before[{i}]" for i in members])
        for c, (members, cut) in enumerate(caps)
    ]
    pool_names = [f"pools[{i}]" if has else None for i, has in enumerate(pools)]
    lines, scope, (uncapped, capped, paid) = trace_shares(rates, "ip", pays, cap_inputs, pool_names)
    source = "\n".join(
        [
            "def _compiled(ip, pays, amounts, before, pools):",
            *lines,
            f"    return [{', '.join(uncapped)}], [{', '.join(capped)}], [{', '.join(paid)}]",
        ]
    )
    exec(compile(source, f"<ipcomp shares {len(rates)} payers>", "exec"), scope)
    return scope["_compiled"]


def trace_shares(
    rates: Sequence[Decimal],
    ip: str,
    pays: Sequence[str | None],
    caps: Sequence[CapInput],
    pools: Sequence[str | None],
) -> tuple[list[str], dict[str, Any], tuple[list[str], list[str], list[str]]]:
    """:func:`shares` run on names (:class:`_Trace`): the lines of Python that compute
    it (indented for a function body; their own names are ``v1``, ``v2``, …), the scope
    they need (the rates as ``_r0``, ``_r1``, … and the scalar back end's functions), and
    the names of the uncapped, capped and paid amounts of each payer."""
    trace = _Trace()
    rate_names = [f"_r{i}" for i in range(len(rates))]
    uncapped, capped, paid = shares(trace, ip, rate_names, pays, caps, pools)
    # drop the lines whose value nothing reads (what is left after the last payer or cap)
    wanted = {*uncapped, *capped, *paid}
    kept: list[str] = []
    for line in reversed(trace.lines):
        name, expression = line.strip().split(" = ", 1)
        if name in wanted:
            kept.append(line)
            wanted.update(_NAME.findall(expression))
    trace.lines = kept[::-1]
    scope: dict[str, Any] = {
        "_ZERO": DecimalOps.zero,
        "_add": _EXACT.add,
        "_sub": _EXACT.subtract,
        "_quantize": _EXACT.quantize,
        "_multiply": _EXACT.multiply,
        "_FEN": FEN,
        **dict(zip(rate_names, rates, strict=True)),
    }
    return trace.lines, scope, (uncapped, capped, paid)
