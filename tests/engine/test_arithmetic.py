"""Art. 8(2), D5, D6, D14: the formula written once. Its compiled scalar form (straight-
line code traced from the same function) gives exactly what the formula gives on the
Decimal back end, for any shape of scheme: payers, caps with any members and cut order,
payers on some loans only, fund pools."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ipcomp.engine.arithmetic import DECIMAL, compiled_shares, shares
from ipcomp.testing import amounts
from ipcomp.testing import claims as claims_strategy


@st.composite
def shapes(draw: Any) -> Any:
    n = draw(st.integers(1, 4))
    rates = [Decimal(draw(st.integers(0, 100))) / 100 for _ in range(n)]
    if sum(rates) > 1:
        rates = [r / 4 for r in rates]
    caps = []
    for _ in range(draw(st.integers(0, 3))):
        members = draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=n, unique=True))
        caps.append((tuple(members), tuple(draw(st.permutations(members)))))
    somewhere = [draw(st.booleans()) for _ in range(n)]
    pooled = [draw(st.booleans()) for _ in range(n)]
    return rates, somewhere, caps, pooled


def _inputs(shape: Any, data: st.DataObject) -> Any:
    """Inputs of one claim for a scheme of ``shape``: the IP-part loss, where each payer
    pays, each cap's amount and its payers' earlier payments, each pool's balance."""
    rates, _, caps, pooled = shape
    ip = data.draw(amounts(0, 10_000_000))
    pays = [data.draw(st.booleans()) for _ in rates]
    cap_amounts = [data.draw(amounts(0, 5_000_000)) for _ in caps]
    before = [data.draw(amounts(0, 2_000_000)) for _ in rates]
    pools = [data.draw(amounts(0, 3_000_000)) if p else None for p in pooled]
    return ip, pays, cap_amounts, before, pools


@given(shape=shapes(), data=st.data())
def test_the_compiled_formula_is_the_formula(shape: Any, data: st.DataObject) -> None:
    """D14: same uncapped, capped and paid amounts, to the fen, on any inputs."""
    rates, somewhere, caps, pooled = shape
    ip, pays, cap_amounts, before, pools = _inputs(shape, data)
    expected = shares(
        DECIMAL,
        ip,
        rates,
        [pays[i] if s else None for i, s in enumerate(somewhere)],
        [(a, m, c, [before[i] for i in m]) for a, (m, c) in zip(cap_amounts, caps, strict=True)],
        pools,
    )
    compiled = compiled_shares(rates, somewhere, caps, pooled)
    assert compiled(ip, pays, cap_amounts, before, pools) == expected
    assert compiled_shares(rates, somewhere, caps, pooled) is compiled  # built once per shape


@given(claim=claims_strategy())
def test_the_scalar_ip_part_loss_is_the_formula(claim: Any) -> None:
    """Art. 8(1), D9: ``compensate``'s IP-part loss, which settles the usual cases
    (stated; the whole loan IP-secured) without the ops layer, is ``ip_part`` on the
    scalar back end, every select evaluated."""
    from ipcomp.engine.arithmetic import ip_part
    from ipcomp.engine.compensation import _ip_part_loss

    loan = claim.loan
    stated = claim.ip_principal_loss
    combined = loan.ip_principal is not None and loan.ip_principal != loan.principal
    expected = ip_part(
        DECIMAL,
        claim.principal_loss,
        loan.secured_principal,
        loan.principal,
        combined,
        Decimal("0.00") if stated is None else stated,
        stated is not None,
    )
    amount, basis = _ip_part_loss(claim)
    assert amount == expected
    assert basis == ("stated" if stated is not None else "pro_rata" if combined else "whole_loan")


def test_pro_rata_leaves_an_unmasked_amount_as_it_is() -> None:
    assert DECIMAL.pro_rata(Decimal("333.33"), Decimal(1), Decimal(3), False) == Decimal("333.33")
    assert DECIMAL.pro_rata(Decimal("333.33"), Decimal(1), Decimal(3), True) == Decimal("111.11")


def _half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half up (both non-negative)."""
    return (2 * numerator + denominator) // (2 * denominator)


def _oracle(
    ip: int,
    rates: list[Decimal],
    pays: list[bool | None],
    caps: list[tuple[int, tuple[int, ...], tuple[int, ...], list[int]]],
    pools: list[int | None],
) -> tuple[list[int], list[int], list[int]]:
    """The formula as the spec states it (Art. 8(2), D5, D6, D14, I23), in integer fen,
    written apart from the library: each payer's rate × the IP-part loss rounded half up
    (0 where it does not pay), never more than the earlier payers leave; each cap in turn
    takes what its payers' shares exceed of its room (its amount less what they paid
    before, never below 0) off them in its cut order; a pool pays at most its balance."""
    uncapped: list[int] = []
    rest = ip
    for rate, pay in zip(rates, pays, strict=True):
        num, den = rate.as_integer_ratio()
        share = _half_up(ip * num, den) if pay is not False else 0
        share = min(share, rest)
        rest -= share
        uncapped.append(share)
    paid = list(uncapped)
    for amount, members, cut_order, before in caps:
        room = max(amount - sum(before), 0)
        excess = max(sum(paid[i] for i in members) - room, 0)
        for i in cut_order:
            take = min(excess, paid[i])
            paid[i] -= take
            excess -= take
    capped = list(paid)
    paid = [p if left is None else min(p, left) for p, left in zip(paid, pools, strict=True)]
    return uncapped, capped, paid


def _fen(values: list[Decimal]) -> list[int]:
    return [int(v * 100) for v in values]


@given(shape=shapes(), data=st.data())
def test_the_formula_is_the_spec(shape: Any, data: st.DataObject) -> None:
    """D14, D5, D6, I23: the formula on the Decimal back end, and its compiled form
    (traced afresh, not from the cache), give the spec's amounts to the fen."""
    from ipcomp.engine.arithmetic import _compile_shares

    rates, somewhere, caps, pooled = shape
    ip, pays, cap_amounts, before, pools = _inputs(shape, data)
    where = [pays[i] if s else None for i, s in enumerate(somewhere)]
    befores = [[before[i] for i in m] for m, _ in caps]
    expected = _oracle(
        int(ip * 100),
        rates,
        where,
        [
            (int(a * 100), m, c, _fen(b))
            for a, (m, c), b in zip(cap_amounts, caps, befores, strict=True)
        ],
        [None if p is None else int(p * 100) for p in pools],
    )
    cap_inputs = [(a, m, c, b) for a, (m, c), b in zip(cap_amounts, caps, befores, strict=True)]
    got = shares(DECIMAL, ip, rates, where, cap_inputs, pools)
    assert tuple(_fen(x) for x in got) == expected
    compiled = _compile_shares(rates, somewhere, caps, pooled)
    assert tuple(_fen(x) for x in compiled(ip, pays, cap_amounts, before, pools)) == expected


def test_the_formula_on_the_worked_example() -> None:
    """Weihai's example claim: 800,000.00 of IP-part loss, 40% and 20%, the city capped
    at 1,000,000.00 less 950,000.00 paid before: 320,000.00 and 50,000.00."""
    from ipcomp.engine.arithmetic import _compile_shares

    d = Decimal
    rates = [d("0.40"), d("0.20")]
    cap = (d("1000000.00"), (1,), (1,), (d("950000.00"),))
    want = (
        [d("320000.00"), d("160000.00")],
        [d("320000.00"), d("50000.00")],
        [d("320000.00"), d("50000.00")],
    )
    assert shares(DECIMAL, d("800000.00"), rates, (None, None), (cap,), (None, None)) == want
    f = _compile_shares(rates, [False, False], [((1,), (1,))], [False, False])
    assert f(d("800000.00"), (), (cap[0],), (d("0.00"), cap[3][0]), ()) == want
    # a pool of 40,000.00 left for the city: it pays that, the cap's figure stays
    f = _compile_shares(rates, [False, False], [((1,), (1,))], [False, True])
    _, capped, paid = f(
        d("800000.00"), (), (cap[0],), (d("0.00"), cap[3][0]), (None, d("40000.00"))
    )
    assert capped == want[1]
    assert paid == [d("320000.00"), d("40000.00")]
