"""D9 — combined loans (组合贷, Art. 8(1)): the IP part of a loss is the recognised
IP-part loss when the claim states it (used as is), otherwise the loss × IP principal ÷
principal (pro rata), rounded to the fen half up **first**; every share is computed
from that rounded figure (D14)."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, TypeVar

from hypothesis import given
from pydantic import BaseModel

from ipcomp import Claim, compensate
from ipcomp.engine.compensation import ip_part_loss
from ipcomp.testing import claims, example_claim, example_loan

M = TypeVar("M", bound=BaseModel)
FEN = Decimal("0.01")


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def test_pro_rata_half_fen_rounds_up() -> None:
    """D9, D14: principal 8,000,000 of which 3,000,000 IP-secured, 1,000,000.12 lost:
    1,000,000.12 × 3 ÷ 8 = 375,000.045 → 375,000.05 (half up; half-even would give
    375,000.04). Shares from 375,000.05: 40% = 150,000.02, 20% = 75,000.01, the bank
    375,000.05 − 225,000.03 = 150,000.02."""
    assert Decimal("375000.045").quantize(FEN, ROUND_HALF_EVEN) == Decimal("375000.04")
    loan = example_loan(principal=8_000_000, ip_principal=3_000_000)
    result = compensate(example_claim(loan=loan, principal_loss="1000000.12"))
    assert result.ip_loss == Decimal("375000.05")
    assert result.ip_loss_basis == "pro_rata"
    assert (result.provincial, result.municipal, result.bank_share) == (
        Decimal("150000.02"),
        Decimal("75000.01"),
        Decimal("150000.02"),
    )


def test_shares_come_from_the_rounded_ip_loss() -> None:
    """D9, D14: principal 20,000,000, IP part 2,000,000, 10,000,000.13 lost: IP loss
    1,000,000.013 → 1,000,000.01. Province 40% × 1,000,000.01 = 400,000.004 → 400,000.00
    (from the unrounded figure it would be 400,000.0052 → 400,000.01); city
    200,000.002 → 200,000.00; the bank 1,000,000.01 − 600,000.00 = 400,000.01."""
    loan = example_loan(principal=20_000_000, ip_principal=2_000_000)
    result = compensate(example_claim(loan=loan, principal_loss="10000000.13"))
    assert result.ip_loss == Decimal("1000000.01")
    assert result.provincial == Decimal("400000.00")
    assert (Decimal("1000000.013") * Decimal("0.4")).quantize(FEN, ROUND_HALF_UP) == Decimal(
        "400000.01"
    )
    assert result.municipal == Decimal("200000.00")
    assert result.bank_share == Decimal("400000.01")


def test_stated_ip_loss_is_used_as_is() -> None:
    """D9, Art. 8(1): a recognised IP-part loss of 123,456.78 on a combined loan is used
    as is, not recomputed pro rata (which would give 600,000 × 1.5 ÷ 2 = 450,000)."""
    loan = example_loan(ip_principal=1_500_000)
    result = compensate(
        example_claim(loan=loan, principal_loss=600_000, ip_principal_loss="123456.78")
    )
    assert result.ip_loss == Decimal("123456.78")
    assert result.ip_loss_basis == "stated"
    assert (result.provincial, result.municipal) == (Decimal("49382.71"), Decimal("24691.36"))


@given(claims())
def test_ip_part_loss_rule(claim: Claim) -> None:
    """D9: the IP-part loss is the stated one when given; else the whole loss for a pure
    loan; else within half a fen of loss × IP principal ÷ principal, halves up; never
    more than the loss or the IP principal."""
    fen, basis = ip_part_loss(claim)
    result = compensate(claim)
    assert result.ip_loss == Decimal(fen) / 100
    loan = claim.loan
    if claim.ip_principal_loss is not None:
        assert (basis, result.ip_loss) == ("stated", claim.ip_principal_loss)
    elif loan.ip_principal is None or loan.ip_principal == loan.principal:
        assert (basis, result.ip_loss) == ("whole_loan", claim.principal_loss)
    else:
        exact = (
            Fraction(claim.principal_loss) * Fraction(loan.ip_principal) / Fraction(loan.principal)
        )
        assert basis == "pro_rata"
        assert abs(Fraction(result.ip_loss) - exact) <= Fraction(1, 200)
        assert fen == math.floor(exact * 100 + Fraction(1, 2))  # half a fen rounds up
    assert result.ip_loss <= claim.principal_loss
    assert result.ip_loss <= loan.secured_principal


@given(claims(combined=True))
def test_full_ip_share_equals_the_pure_case(claim: Claim) -> None:
    """D9: a combined loan whose IP principal is raised to the whole principal pays
    exactly what the same loan pays with no IP principal stated (a pure IP loan)."""
    claim = changed(claim, ip_principal_loss=None)
    full = changed(claim, loan=changed(claim.loan, ip_principal=claim.loan.principal))
    pure = changed(claim, loan=changed(claim.loan, ip_principal=None))
    assert compensate(full) == compensate(pure)
    assert compensate(full).ip_loss == claim.principal_loss


@given(claims(combined=True))
def test_stated_equal_to_pro_rata_changes_nothing_but_the_basis(claim: Claim) -> None:
    """D9: stating exactly the pro-rata IP loss gives the same amounts."""
    claim = changed(claim, ip_principal_loss=None)
    pro_rata = compensate(claim)
    stated = compensate(changed(claim, ip_principal_loss=pro_rata.ip_loss))
    assert stated.model_copy(update={"ip_loss_basis": "pro_rata"}) == pro_rata
