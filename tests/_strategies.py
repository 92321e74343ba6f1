"""Shared strategies of the spec tests (imported as ``_strategies``: tests/ is on the path)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from ipcomp import Claim
from ipcomp.testing import claims, loans

ZERO = Decimal("0.00")


def scaled(n: int) -> int:
    """``n`` examples at the dev profile's 100, scaled to the loaded profile (the ci
    profile runs fewer, the long profile more), never fewer than 5."""
    return max(5, n * settings.default.max_examples // 100)


@st.composite
def portfolios(
    draw: Any, max_loans: int = 4, max_claims: int = 3, stated: bool = True
) -> list[Claim]:
    """A portfolio: a few eligible loans, each with one to ``max_claims`` eligible
    claims, in a random input order. ``stated=False``: nothing stated as paid before
    outside the portfolio."""
    found = draw(
        st.lists(
            loans(eligible=True), min_size=1, max_size=max_loans, unique_by=lambda ln: ln.loan_id
        )
    )
    out: list[Claim] = []
    for loan in found:
        for _ in range(draw(st.integers(1, max_claims))):
            claim = draw(claims(eligible=True, loan=st.just(loan)))
            if not stated or draw(st.booleans()):
                claim = claim.model_copy(
                    update={"municipal_paid_before": ZERO, "provincial_paid_before": ZERO}
                )
            out.append(claim)
    return draw(st.permutations(out))
