"""Shared strategies and inputs of the spec tests (imported as ``_strategies``: tests/ is
on the path)."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st

from ipcomp import Claim
from ipcomp.testing import claims, example_claim, loans

ZERO = Decimal("0.00")
#: The example scheme of three payers (issue 12, item 7).
EXAMPLE_SCHEME = Path(__file__).resolve().parents[1] / "examples" / "schemes" / "three_payers.json"


def example_scheme_data(*, renamed: bool = False) -> dict[str, Any]:
    """The example scheme of three payers as a dict to vary (``Scheme.model_validate`` it
    afterwards); ``renamed``: its payers ``province`` and ``city`` instead of
    ``provincial`` and ``municipal``, so that none has a name Weihai's payers have."""
    text = EXAMPLE_SCHEME.read_text(encoding="utf-8")
    if renamed:
        text = text.replace('"provincial"', '"province"').replace('"municipal"', '"city"')
    data: dict[str, Any] = json.loads(text)
    return data


def whole_loan_claim(
    loss: str = "800000.00",
    *,
    principal: str = "1000000.00",
    direct: bool | None = True,
    **update: Any,
) -> Claim:
    """``example_claim()`` on a loan of ``principal``, all of it IP-secured, pledged
    directly or not (``direct``), with ``loss`` of principal lost and no IP-part loss
    stated; ``update``: other fields of the claim (validated, as every ``model_copy``)."""
    base = example_claim()
    loan = base.loan.model_copy(
        update={"principal": Decimal(principal), "ip_principal": None, "direct": direct}
    )
    return base.model_copy(
        update={"loan": loan, "principal_loss": Decimal(loss), "ip_principal_loss": None, **update}
    )


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
