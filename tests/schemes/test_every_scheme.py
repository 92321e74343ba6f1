"""Art. 8(2), D5, D6, D14 in every scheme: invariants of the one engine, run over every
registered scheme and every example scheme under ``examples/schemes/``.

For any claim: the shares sum to the total and never exceed the IP-part loss; each
share is at most its rate × the loss (within half a fen) and only paid where its payer
pays; every cap holds on the loan, cumulatively; amounts are whole fen; more loss never
pays less; the columnar path gives exactly the scalar result on every row.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _strategies import scaled, whole_loan_claim
from ipcomp import Claim, compensate
from ipcomp.engine.plan import plan_of
from ipcomp.schemes import Scheme, get_scheme, load_scheme, registered_schemes
from ipcomp.testing import claims

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "schemes"
SCHEMES: dict[str, Scheme] = {
    **{name: get_scheme(name) for name in registered_schemes()},
    **{
        path.stem: load_scheme(path)
        for path in sorted(EXAMPLES.glob("*.json"))
        if not path.name.endswith(".cases.json")
    },
}
FEN = Decimal("0.01")
scheme_ids = pytest.mark.parametrize("scheme_id", sorted(SCHEMES))


def test_the_example_schemes_are_found() -> None:
    """Every example scheme file is read, and the Weihai scheme is registered."""
    assert "weihai_2020" in SCHEMES
    assert "three_payers" in SCHEMES
    assert SCHEMES["three_payers"].example


def _cap_amount(scheme: Scheme, claim: Claim, cap_index: int) -> Decimal | None:
    """The cap in force as the result reports it through the shares (None: unknown)."""
    comp = compensate(claim, scheme)
    cap = scheme.caps[cap_index]
    limits = {s.cap for s in comp.shares if s.payer in cap.payers}
    return limits.pop() if len(limits) == 1 else None


@scheme_ids
@settings(max_examples=scaled(60))
@given(claim=claims())
def test_shares_sum_and_stay_within_the_loss(scheme_id: str, claim: Claim) -> None:
    """D14: total = Σ shares, bank share = IP-part loss − total ≥ 0, every amount whole
    fen, each share ≤ its uncapped value ≤ rate × loss + half a fen."""
    scheme = SCHEMES[scheme_id]
    comp = compensate(claim, scheme)
    assert [s.payer for s in comp.shares] == [p.id for p in scheme.payers]
    assert comp.total == sum((s.paid for s in comp.shares), Decimal(0))
    assert comp.bank_share == comp.ip_loss - comp.total >= 0
    for share, payer in zip(comp.shares, scheme.payers, strict=True):
        for amount in (share.uncapped, share.paid):
            assert amount == amount.quantize(FEN)
            assert amount >= 0
        assert share.paid <= share.uncapped <= comp.ip_loss * payer.rate + Decimal("0.005")


@scheme_ids
@settings(max_examples=scaled(60))
@given(claim=claims())
def test_every_cap_holds_cumulatively(scheme_id: str, claim: Claim) -> None:
    """D5, D6: for every cap, what its payers pay on this claim is at most what remains
    under it after their earlier payments on the loan."""
    scheme = SCHEMES[scheme_id]
    comp = compensate(claim, scheme)
    by_payer = {s.payer: s for s in comp.shares}
    for index, cap in enumerate(scheme.caps):
        amount = _cap_amount(scheme, claim, index)
        if amount is None:  # two caps on one payer: checked through the tighter one
            continue
        paid = sum((by_payer[p].paid for p in cap.payers), Decimal(0))
        before = sum((by_payer[p].paid_before for p in cap.payers), Decimal(0))
        assert paid <= max(amount - before, Decimal(0))


@scheme_ids
@settings(max_examples=scaled(40))
@given(claim=claims(), extra=st.integers(0, 10**9))
def test_more_loss_never_pays_less(scheme_id: str, claim: Claim, extra: int) -> None:
    """Art. 8(2): a larger principal loss never lowers the total paid, nor any payer's
    share before the caps (after them, a payer that gives way first under a joint cap
    can pay less: the others' shares grow into the cap)."""
    scheme = SCHEMES[scheme_id]
    room = claim.loan.principal - claim.principal_loss
    more = claim.principal_loss + min(room, Decimal(extra) / 100)
    bigger = Claim.model_validate(
        {**claim.model_dump(), "principal_loss": more, "ip_principal_loss": None}
    )
    smaller = Claim.model_validate({**claim.model_dump(), "ip_principal_loss": None})
    low, high = compensate(smaller, scheme), compensate(bigger, scheme)
    assert low.total <= high.total
    assert all(a.uncapped <= b.uncapped for a, b in zip(low.shares, high.shares, strict=True))
    joint = {p for cap in scheme.caps if len(cap.payers) > 1 for p in cap.payers}
    for a, b in zip(low.shares, high.shares, strict=True):
        if a.payer not in joint:
            assert a.paid <= b.paid


@scheme_ids
@settings(max_examples=scaled(25))
@given(batch=st.lists(claims(), min_size=1, max_size=8))
def test_the_columnar_path_is_the_scalar_path(scheme_id: str, batch: list[Claim]) -> None:
    """Art. 8(2): compensate_frame gives exactly compensate's shares on every row (the
    scalar path is the oracle of the columnar one)."""
    pytest.importorskip("pandas")
    from ipcomp.frame import claims_to_frame, compensate_frame

    scheme = SCHEMES[scheme_id]
    out = compensate_frame(claims_to_frame(batch, scheme), scheme)
    for row, claim in enumerate(batch):
        comp = compensate(claim, scheme)
        assert int(out["ip_loss_fen"].iloc[row]) == int(comp.ip_loss * 100)
        for share in comp.shares:
            assert int(out[f"{share.payer}_fen"].iloc[row]) == int(share.paid * 100)
            assert int(out[f"{share.payer}_uncapped_fen"].iloc[row]) == int(share.uncapped * 100)
        assert int(out["total_fen"].iloc[row]) == int(comp.total * 100)
        assert bool(out["capped"].iloc[row]) == comp.capped


@scheme_ids
def test_the_scheme_survives_a_json_round_trip(scheme_id: str) -> None:
    """Every scheme is data: written as JSON and read back, it is the same scheme, and
    its compiled code table names every code its rules can give."""
    scheme = SCHEMES[scheme_id]
    assert Scheme.model_validate_json(scheme.model_dump_json()) == scheme
    plan = plan_of(scheme)
    for rule in scheme.rules:
        for code in rule.codes:
            assert plan.info(code).article


def test_paid_before_above_a_principal_share_cap_is_implausible() -> None:
    """A cap that is a share of the principal bounds what can have been paid before on
    the loan by that share of *this* loan's principal (D5 under a per-loan share cap):
    the three-payer example's 30% of 1,000,000.00 is 300,000.00."""
    from ipcomp import Code, assess

    scheme = SCHEMES["three_payers"]

    def stated(municipal: str, provincial: str) -> set[Code]:
        claim = whole_loan_claim(
            "100000.00",
            municipal_paid_before=Decimal(municipal),
            provincial_paid_before=Decimal(provincial),
        )
        return {f.code for f in assess(claim, scheme).findings}

    assert Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE not in stated("150000.00", "150000.00")
    assert Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE in stated("150000.00", "150000.01")
