"""D14 — money and rounding: CNY `Decimal` quantized to the fen, ROUND_HALF_UP (四舍五入);
each share computed once from the (already rounded) IP-part loss; the cap applies to
the rounded municipal share; total = provincial + municipal; bank share = IP-part loss −
total. Recoveries after payment (Art. 7(4)) on the IP part are shared pro rata to each
party's share of the loss."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import (
    WEIHAI_2020,
    Claim,
    Compensation,
    IpcompError,
    Recovery,
    RecoveryExceedsLoss,
    allocate_recovery,
    compensate,
)
from ipcomp.testing import amounts, bad_values, claims, example_claim, example_loan

FEN = Decimal("0.01")
rates = st.decimals(min_value=0, max_value=1, places=3)


def paid_on(ip_loss: int | str) -> Compensation:
    """The compensation of a pure claim whose IP-part loss is ``ip_loss``."""
    return compensate(example_claim(principal_loss=ip_loss))


# --- rounding -----------------------------------------------------------------------------


def test_half_fen_shares_round_up() -> None:
    """D14: with a city rate of 15% (a what-if; the published 20% and 40% of a whole
    number of fen never end in half a fen), 1,000.30 × 15% = 150.045 → 150.05 (half up;
    banker's rounding would give 150.04); 1,000.10 × 15% = 150.015 → 150.02; the
    province's 40% of 1,000.30 = 400.12 exactly; the bank 1,000.30 − 550.17 = 450.13."""
    policy = WEIHAI_2020.derive(municipal_rate="0.15")
    result = compensate(example_claim(principal_loss="1000.30"), policy)
    assert (result.municipal, result.provincial, result.bank_share) == (
        Decimal("150.05"),
        Decimal("400.12"),
        Decimal("450.13"),
    )
    assert compensate(example_claim(principal_loss="1000.10"), policy).municipal == Decimal(
        "150.02"
    )


def test_one_fen_and_small_losses() -> None:
    """D14: 0.01 × 40% = 0.004 → 0.00; 0.02 × 40% = 0.008 → 0.01, × 20% = 0.004 → 0.00;
    0.03 × 20% = 0.006 → 0.01; 0.03 × 40% = 0.012 → 0.01; the bank bears the rest."""
    expected = {
        "0.01": ("0.00", "0.00", "0.01"),
        "0.02": ("0.01", "0.00", "0.01"),
        "0.03": ("0.01", "0.01", "0.01"),
        "0.05": ("0.02", "0.01", "0.02"),
    }
    for loss, (province, city, bank) in expected.items():
        result = paid_on(loss)
        assert (result.provincial, result.municipal, result.bank_share) == (
            Decimal(province),
            Decimal(city),
            Decimal(bank),
        ), loss


@given(claims(), rates, rates)
def test_each_share_is_rounded_once_from_the_rounded_ip_loss(
    claim: Claim, provincial: Decimal, municipal: Decimal
) -> None:
    """D14, Art. 8(2): for any rates (summing to at most 1), each uncapped share is the
    rounded IP-part loss × its rate, rounded half up once; the shares and the bank's share
    sum exactly to the IP-part loss and none is negative."""
    assume(provincial + municipal <= 1)
    policy = WEIHAI_2020.derive(provincial_rate=provincial, municipal_rate=municipal)
    result = compensate(claim, policy)
    assert result.provincial_uncapped == (result.ip_loss * provincial).quantize(FEN, ROUND_HALF_UP)
    city = (result.ip_loss * municipal).quantize(FEN, ROUND_HALF_UP)
    if provincial + municipal < 1:
        assert result.municipal_uncapped == city
    else:  # both halves up would pay one fen more than the loss (see the next test)
        assert result.municipal_uncapped in (city, city - FEN)
    assert result.provincial + result.municipal + result.bank_share == result.ip_loss
    assert min(result.provincial, result.municipal, result.bank_share) >= 0
    for amount in (result.provincial, result.municipal, result.bank_share, result.total):
        assert amount.as_tuple().exponent == -2


_LONG_RATES = st.integers(1, 64).flatmap(
    lambda digits: st.integers(0, 10**digits).map(lambda n: Decimal(n).scaleb(-digits))
)


@given(amounts(0, 10**12), _LONG_RATES)
def test_shares_are_exact_for_rates_of_up_to_64_digits(loss: Decimal, rate: Decimal) -> None:
    """D14: a rate with as many digits as a rate may have (64) still gives the exact share
    of the loss, rounded once half up, as integer arithmetic does, in compensate and in
    the columnar path alike."""
    policy = WEIHAI_2020.derive(provincial_rate=rate, municipal_rate=0)
    loan = example_loan(principal=10**12, ip_principal=None)
    result = compensate(example_claim(loan=loan, principal_loss=loss), policy)
    share = Fraction(loss) * Fraction(rate) * 100
    expected = int(share) + (share - int(share) >= Fraction(1, 2))
    assert result.provincial_uncapped == Decimal(expected).scaleb(-2)


def test_rates_have_at_most_64_significant_digits() -> None:
    """D14: a rate with more significant digits than text may carry (64) is refused, not
    rounded; 64 digits are accepted exactly."""
    ok = Decimal("0." + "3" * 64)
    assert WEIHAI_2020.derive(provincial_rate=ok).provincial_rate == ok
    # 0.21 × (0.5 − 10^-64) is a hair below 0.105: 0.10, not the 0.11 of a product
    # rounded to fewer digits before the fen
    hair = Decimal("0.4" + "9" * 63)
    policy = WEIHAI_2020.derive(provincial_rate=hair, municipal_rate=0)
    assert compensate(example_claim(principal_loss="0.21"), policy).provincial == Decimal("0.10")
    with pytest.raises(ValidationError, match="at most 64 significant digits"):
        WEIHAI_2020.derive(provincial_rate=Decimal("0." + "3" * 65))
    # trailing zeros are not significant: 64 digits and a zero pass, 65 and zeros do not
    assert WEIHAI_2020.derive(provincial_rate=Decimal("0." + "3" * 64 + "0")).provincial_rate
    with pytest.raises(ValidationError, match="at most 64 significant digits"):
        WEIHAI_2020.derive(provincial_rate=Decimal("0." + "3" * 64 + "1" + "0" * 5))
    # 0.4 written with 66 zeros is 0.4
    padded = WEIHAI_2020.derive(provincial_rate=Decimal("0.4" + "0" * 66))
    assert padded.provincial_rate == Decimal("0.4")
    assert compensate(example_claim(), padded).provincial == Decimal("320000.00")
    with pytest.raises(ValidationError, match="at most 64 significant digits"):
        WEIHAI_2020.derive(provincial_rate=Decimal("0." + "4" * 99 + "9"))


def test_rates_summing_to_one_never_pay_more_than_the_loss() -> None:
    """D14, Art. 8(2): with 50% + 50% of 0.01, both shares would round 0.005 up to 0.01
    and pay 0.02 for a 0.01 loss; the city gives up that fen: 0.01 + 0.00, the bank
    bears 0.00."""
    policy = WEIHAI_2020.derive(provincial_rate="0.5", municipal_rate="0.5")
    result = compensate(example_claim(principal_loss="0.01"), policy)
    assert (result.provincial, result.municipal, result.bank_share) == (
        Decimal("0.01"),
        Decimal("0.00"),
        Decimal("0.00"),
    )


def test_cap_applies_to_the_rounded_municipal_share() -> None:
    """D14, D8: assessed cap 1,200,000 in 2023; 6,000,000.03 lost → 20% = 1,200,000.006
    → 1,200,000.01, one fen over the cap: cut to 1,200,000.00 and noted."""
    loan = example_loan(principal=10_000_000)
    result = compensate(example_claim(loan=loan, principal_loss="6000000.03"))
    assert result.municipal_uncapped == Decimal("1200000.01")
    assert (result.municipal, result.capped) == (Decimal("1200000.00"), True)


# --- recoveries (Art. 7(4)) ---------------------------------------------------------------


def test_recovery_worked_examples() -> None:
    """Art. 7(4), D14: paid 400 / 200 and the bank bore 400 of a 1,000 loss.
    Recovered 100,000 of the 800,000 example → 40% / 20% / 40% = 40,000 / 20,000 /
    40,000. Recovered 0.07 of 1,000: exact 0.028 / 0.014 / 0.028 → 0.02 / 0.01 / 0.02
    plus the two fen left to the largest remainders (0.008, 0.008 over 0.004) → 0.03 /
    0.01 / 0.03. Recovered 0.01: 0.004 / 0.002 / 0.004, a tie between province and bank,
    broken in the order listed → the province."""
    big = allocate_recovery(compensate(example_claim()), "100000")
    assert big == Recovery(provincial=40_000, municipal=20_000, bank=40_000)
    assert allocate_recovery(paid_on(1000), "0.07") == Recovery(
        provincial="0.03", municipal="0.01", bank="0.03"
    )
    assert allocate_recovery(paid_on(1000), "0.01") == Recovery(
        provincial="0.01", municipal=0, bank=0
    )
    assert allocate_recovery(paid_on(1000), 1000) == Recovery(
        provincial=400, municipal=200, bank=400
    )


def test_recovery_follows_what_was_actually_paid() -> None:
    """Art. 7(4), D5, D14: after a cap, shares follow the payments, not the rates: city
    300,000 of 2,000,000 (cap 1,500,000 − 1,200,000 paid before), province 800,000, bank
    900,000; recovering 200,000 returns 80,000 / 30,000 / 90,000."""
    claim = example_claim(
        principal_loss=2_000_000,
        municipal_paid_before=1_200_000,
        recognized_on="2022-09-01",
        applied_on="2022-09-02",
    )
    assert allocate_recovery(compensate(claim), 200_000) == Recovery(
        provincial=80_000, municipal=30_000, bank=90_000
    )


@given(claims(), st.data())
def test_recovery_shares_are_exact_and_pro_rata(claim: Claim, data: Any) -> None:
    """Art. 7(4), D14: the shares sum exactly to the amount recovered, each within one
    fen of its exact pro-rata value, none negative; nothing is recovered from a zero
    loss."""
    paid = compensate(claim)
    recovered = data.draw(amounts(0, paid.ip_loss))
    result = allocate_recovery(paid, recovered)
    assert result.total == recovered
    for share, weight in (
        (result.provincial, paid.provincial),
        (result.municipal, paid.municipal),
        (result.bank, paid.bank_share),
    ):
        assert share >= 0
        if paid.ip_loss:
            exact = Fraction(recovered) * Fraction(weight) / Fraction(paid.ip_loss)
            assert abs(Fraction(share) - exact) < Fraction(1, 100)
        else:
            assert share == 0


@given(claims(), amounts(Decimal("0.01"), 10**6))
def test_recovery_above_the_ip_loss_is_refused(claim: Claim, excess: Decimal) -> None:
    """Art. 7(4), D14: a recovery on the IP part is at most the IP-part loss; more raises
    RecoveryExceedsLoss, an IpcompError and a ValueError."""
    paid = compensate(claim)
    with pytest.raises(RecoveryExceedsLoss, match="exceeds the IP-part loss"):
        allocate_recovery(paid, paid.ip_loss + excess)
    assert issubclass(RecoveryExceedsLoss, IpcompError)
    assert issubclass(RecoveryExceedsLoss, ValueError)


@given(st.one_of(st.floats(), bad_values()))
def test_malformed_recovered_amounts_are_validation_errors(value: object) -> None:
    """D14: a float, negative, sub-fen or non-numeric recovered amount is a
    ValidationError (never rounded); an acceptable value is shared or refused as too
    large."""
    try:
        result = allocate_recovery(paid_on(1000), value)  # type: ignore[arg-type]
    except (ValidationError, RecoveryExceedsLoss):
        return
    assert result.total <= 1000


def test_float_recovered_is_refused() -> None:
    """D14: 100.0 is refused like any float amount."""
    with pytest.raises(ValidationError, match="float"):
        allocate_recovery(paid_on(1000), 100.0)  # type: ignore[arg-type]


def test_zero_loss_recovers_nothing() -> None:
    """Art. 7(4), D14: with a zero IP-part loss only zero can be recovered."""
    paid = paid_on(0)
    assert allocate_recovery(paid, 0) == Recovery(provincial=0, municipal=0, bank=0)
    with pytest.raises(RecoveryExceedsLoss):
        allocate_recovery(paid, "0.01")


def test_amounts_are_never_rounded_silently() -> None:
    """D14: a loss with digits below the fen is refused; "100.000" is 100.00."""
    with pytest.raises(ValidationError, match="below the fen"):
        example_claim(principal_loss="100.005")
    assert paid_on("100.000") == paid_on(100)


def test_results_do_not_depend_on_the_decimal_context() -> None:
    """D14: a low-precision, truncating decimal context changes nothing."""
    import decimal

    policy = WEIHAI_2020.derive(municipal_rate="0.12345")
    claim = example_claim(principal_loss="999999.99", municipal_paid_before="0.01")
    expected = compensate(claim, policy)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = decimal.ROUND_DOWN
        again = compensate(claim, policy)
        recovery = allocate_recovery(again, "12345.67")
        text = str(again)
        total = recovery.total
    assert again == expected
    assert text == str(expected)
    assert "12.345% × 999,999.99" in text
    assert recovery == allocate_recovery(expected, "12345.67")
    assert total == Decimal("12345.67")


def test_recovery_above_the_ip_loss_names_both_amounts() -> None:
    """Art. 7(4), D14: the refusal names the amount recovered and the IP-part loss."""
    paid = compensate(example_claim())  # IP-part loss 800,000
    with pytest.raises(RecoveryExceedsLoss) as caught:
        allocate_recovery(paid, "800000.01")
    assert str(caught.value) == "recovered 800,000.01 exceeds the IP-part loss 800,000.00"
    assert allocate_recovery(paid, "800000").total == Decimal("800000.00")
