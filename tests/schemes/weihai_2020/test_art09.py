"""Art. 9, 10 — fraud and false reporting (by a bank under Art. 9, by any party under
Art. 10): a claim with `fraud_found` is not compensated, and what was paid on it goes
back in full (D15)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, TypeVar

from hypothesis import given
from pydantic import BaseModel

from ipcomp import (
    WEIHAI_2020,
    Claim,
    Code,
    Recovery,
    assess,
    check_claim,
    compensate,
    fraud_returns,
)
from ipcomp.testing import claims, example_claim

M = TypeVar("M", bound=BaseModel)


def changed(model: M, **changes: Any) -> M:
    """``model`` with ``changes``, validated again."""
    return type(model).model_validate({**dict(model), **changes})


def test_fraud_finding_cites_articles_9_and_10() -> None:
    """Art. 9, 10, D15: the finding cites both articles together, blocks, and says in
    both languages that nothing is paid and anything paid goes back."""
    (finding,) = check_claim(example_claim(fraud_found=True)).findings
    assert finding.code is Code.CLAIM_FRAUD
    assert finding.article == "Art. 9, 10"
    assert finding.blocking
    assert "returned in full" in finding.message_en
    assert "全额退回" in finding.message_zh


@given(claims())
def test_fraud_is_never_compensated(claim: Claim) -> None:
    """Art. 9, 10, D15: whatever else is true of a claim, fraud makes it ineligible
    (under any late-application setting) and no compensation is given."""
    fraudulent = changed(claim, fraud_found=True)
    for policy in (WEIHAI_2020, WEIHAI_2020.derive(late_application="flag")):
        result = assess(fraudulent, policy)
        assert not result.eligible
        assert result.compensation is None
        assert Code.CLAIM_FRAUD in result.codes
        assert Code.CLAIM_FRAUD in {f.code for f in check_claim(fraudulent, policy).blocking}


@given(claims())
def test_fraud_changes_nothing_but_the_fraud_finding(claim: Claim) -> None:
    """Art. 9, 10, D15: flagging fraud adds exactly CLAIM_FRAUD to the findings; the
    arithmetic (what would be, or was, paid) is unchanged."""
    honest, fraudulent = changed(claim, fraud_found=False), changed(claim, fraud_found=True)
    honest_codes = [f.code for f in assess(honest).findings]
    fraud_codes = [f.code for f in assess(fraudulent).findings]
    assert sorted(fraud_codes) == sorted([*honest_codes, Code.CLAIM_FRAUD])
    assert compensate(honest) == compensate(fraudulent)


def test_what_was_paid_goes_back_in_full() -> None:
    """Art. 9, 10, D15: the example claim was paid 320,000 (province, 40% × 800,000) and
    160,000 (city, 20% × 800,000); on fraud both come back in full, the bank keeps
    nothing of them: 480,000 in all."""
    returned = fraud_returns(compensate(example_claim()))
    assert returned == Recovery(provincial=320_000, municipal=160_000, bank=0)
    assert returned.total == Decimal("480000.00")
    assert str(returned) == "provincial fund 320,000.00, municipal fund 160,000.00, bank 0.00"


def test_the_fraud_finding_in_full():
    """Art. 9, 10, D15: CLAIM_FRAUD says, in both languages, that nothing is paid and that
    anything paid is returned in full."""
    (finding,) = [
        f
        for f in check_claim(example_claim(fraud_found=True)).findings
        if f.code is Code.CLAIM_FRAUD
    ]
    assert (finding.message_zh, finding.message_en) == (
        "发现弄虚作假、骗取补偿等行为，不予补偿，已拨付资金应全额退回。",
        "fraud or false reporting was found; no compensation, and anything paid must be "
        "returned in full.",
    )
