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


@given(shape=shapes(), data=st.data())
def test_the_compiled_formula_is_the_formula(shape: Any, data: st.DataObject) -> None:
    """D14: same uncapped, capped and paid amounts, to the fen, on any inputs."""
    rates, somewhere, caps, pooled = shape
    ip = data.draw(amounts(0, 10_000_000))
    pays = [data.draw(st.booleans()) for _ in rates]
    cap_amounts = [data.draw(amounts(0, 5_000_000)) for _ in caps]
    befores = [[data.draw(amounts(0, 2_000_000)) for _ in members] for members, _ in caps]
    pools = [data.draw(amounts(0, 3_000_000)) if p else None for p in pooled]
    expected = shares(
        DECIMAL,
        ip,
        rates,
        [pays[i] if s else None for i, s in enumerate(somewhere)],
        [(a, m, c, b) for a, (m, c), b in zip(cap_amounts, caps, befores, strict=True)],
        pools,
    )
    compiled = compiled_shares(rates, somewhere, caps, pooled)
    assert compiled(ip, pays, cap_amounts, befores, pools) == expected
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
