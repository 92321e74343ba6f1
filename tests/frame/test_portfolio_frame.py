"""D5 on columns: compensate_portfolio_frame carries payments per loan exactly as
assess_portfolio does (0 fen of difference), on the bundled portfolio and on generated
ones, for the Weihai scheme, a what-if variant and the example scheme with a pool."""

from __future__ import annotations

from pathlib import Path

import pytest

pd = pytest.importorskip("pandas")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from _strategies import portfolios, scaled  # noqa: E402
from ipcomp import WEIHAI_2020, Claim, InvalidArgument, assess_portfolio  # noqa: E402
from ipcomp.frame import claims_to_frame, compensate_portfolio_frame  # noqa: E402
from ipcomp.records import read_claims  # noqa: E402
from ipcomp.schemes import load_scheme  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
THREE = load_scheme(ROOT / "examples" / "schemes" / "three_payers.json")


def _agree(claims: list[Claim], policy) -> None:
    result = assess_portfolio(claims, policy)
    frame = claims_to_frame(claims, policy)
    frame["eligible"] = [r.assessment.eligible for r in result.results]
    out = compensate_portfolio_frame(frame, policy)
    for r in result.results:
        c = r.assessment.compensation
        if c is None:
            continue
        for s in c.shares:
            assert int(out[f"{s.payer}_fen"].iloc[r.index]) == int(s.paid * 100)
            carried = r.carried.get(s.payer)
            assert int(out[f"carried_{s.payer}_fen"].iloc[r.index]) == int((carried or 0) * 100)
        assert int(out["total_fen"].iloc[r.index]) == int(c.total * 100)


def test_the_bundled_portfolio_carries_alike() -> None:
    """D5: on examples/portfolio.csv, every eligible row pays what assess_portfolio pays."""
    _agree(read_claims(ROOT / "examples" / "portfolio.csv"), WEIHAI_2020)


@settings(max_examples=scaled(30))
@given(
    portfolio=portfolios(),
    policy=st.sampled_from(
        [
            WEIHAI_2020,
            WEIHAI_2020.derive(municipal_rate="0.30", cap_scope="government_total"),
            THREE,
        ]
    ),
)
def test_generated_portfolios_carry_alike(portfolio: list[Claim], policy) -> None:
    """D5, D6: generated portfolios (several claims per loan, random input order): the
    columnar pass gives assess_portfolio's payments and carried amounts to the fen."""
    _agree(portfolio, policy)


def test_the_frame_must_say_what_it_needs() -> None:
    """A frame without loan ids, eligibility or dates is refused with the column named."""
    from ipcomp.testing import example_claim

    frame = claims_to_frame([example_claim()])
    with pytest.raises(InvalidArgument, match="'eligible'"):
        compensate_portfolio_frame(frame)
    frame["eligible"] = [1]
    with pytest.raises(InvalidArgument, match="must be bool"):
        compensate_portfolio_frame(frame)
    frame["eligible"] = [True]
    with pytest.raises(InvalidArgument, match="'applied_on'"):
        compensate_portfolio_frame(frame.drop(columns=["applied_on"]))
    with pytest.raises(InvalidArgument, match="not a date"):
        compensate_portfolio_frame(frame.assign(applied_on=["2023-01-01"]))
    with pytest.raises(InvalidArgument, match="DataFrame"):
        compensate_portfolio_frame([])  # type: ignore[arg-type]


def test_a_small_pool_runs_dry_alike() -> None:
    """Art. 5 of the example, I74: a fund pool smaller than what the claims ask is spent
    in time order across loans, on columns exactly as in assess_portfolio (the last
    claims get what is left, then nothing)."""
    import json

    from ipcomp.schemes import Scheme
    from ipcomp.testing import example_claim, example_loan

    data = json.loads(THREE.model_dump_json())
    for payer in data["payers"]:
        if payer["id"] == "municipal":
            payer["pool"] = "250000.00"
    small = Scheme.model_validate(data)
    claims = [
        example_claim(loan=example_loan(loan_id=f"L{i}", direct=False), principal_loss="500000")
        for i in range(4)
    ]
    result = assess_portfolio(claims, small)
    paid = [r.assessment.compensation.municipal for r in result.results]  # type: ignore[union-attr]
    assert [str(p) for p in paid] == ["150000.00", "100000.00", "0.00", "0.00"]
    _agree(claims, small)
