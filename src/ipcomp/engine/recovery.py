"""Money flowing back after payment: recoveries (Art. 7(4); D14) and fraud (Art. 9, 10;
D15).

A recovery on the IP part (at most the IP-part loss) is shared pro rata to each party's
share of that loss — provincial fund, municipal fund, and the bank for the share it bore
— an assumption of ours, documented as D14. Shares are exact to the fen and sum exactly
to the amount recovered (largest remainder: each share is within one fen of its exact
value).
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from pydantic import TypeAdapter

from ..core._args import expect
from ..core.errors import RecoveryExceedsLoss
from ..core.money import Money, format_yuan, from_fen, to_fen
from ..results import Compensation, Recovery

__all__ = ["allocate_recovery", "fraud_returns"]


@cache
def _money() -> TypeAdapter[Decimal]:
    return TypeAdapter(Money)  # built on first use: keeps `import ipcomp` light


def largest_remainder(amount: int, weights: list[int]) -> list[int]:
    """``amount`` (whole fen) shared pro rata to ``weights``, exactly: each share is
    within one fen of its exact value and the shares sum to ``amount`` (the remaining fen
    go by largest remainder, ties in the order listed; I16).

    >>> largest_remainder(100, [1, 1, 1])
    [34, 33, 33]
    """
    total = sum(weights)
    if total == 0:
        return [0] * len(weights)
    exact = [divmod(amount * w, total) for w in weights]
    shares = [q for q, _ in exact]
    order = sorted(range(len(weights)), key=lambda i: -exact[i][1])
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return shares


def allocate_recovery(compensation: Compensation, recovered: Decimal | int | str) -> Recovery:
    """Share an amount recovered on the IP part after payment (Art. 7(4); D14).

    ``recovered`` is validated like any amount (``pydantic.ValidationError``); above the
    IP-part loss it raises :class:`~ipcomp.errors.RecoveryExceedsLoss`. Every payer of
    the scheme gets back its share (``others`` holds the payers besides the two funds).

    >>> from ipcomp import compensate
    >>> from ipcomp.testing import example_claim
    >>> print(allocate_recovery(compensate(example_claim()), "100000"))
    provincial fund 40,000.00, municipal fund 20,000.00, bank 40,000.00
    """
    compensation = expect(compensation, Compensation, "compensation")
    amount = to_fen(_money().validate_python(recovered))
    loss = to_fen(compensation.ip_loss)
    if amount > loss:
        raise RecoveryExceedsLoss(
            f"recovered {format_yuan(from_fen(amount))} exceeds the IP-part loss "
            f"{format_yuan(compensation.ip_loss)}"
        )
    payers = _paid_by_payer(compensation)
    shares = largest_remainder(
        amount, [*(to_fen(v) for v in payers.values()), to_fen(compensation.bank_share)]
    )
    back = dict(zip(payers, map(from_fen, shares), strict=False))
    return _recovery(back, from_fen(shares[-1]))


def _paid_by_payer(compensation: Compensation) -> dict[str, Decimal]:
    """What each payer paid on the claim, in the scheme's order (the two funds for a
    result that lists no shares)."""
    if compensation.shares:
        return {s.payer: s.paid for s in compensation.shares}
    return {"provincial": compensation.provincial, "municipal": compensation.municipal}


def _recovery(back: dict[str, Decimal], bank: Decimal) -> Recovery:
    zero = Decimal("0.00")
    return Recovery(
        provincial=back.pop("provincial", zero),
        municipal=back.pop("municipal", zero),
        bank=bank,
        others=back,
    )


def fraud_returns(compensation: Compensation) -> Recovery:
    """What a bank must return when fraud is found: everything paid (Art. 9, 10; D15).

    >>> from ipcomp import compensate
    >>> from ipcomp.testing import example_claim
    >>> print(fraud_returns(compensate(example_claim())))
    provincial fund 320,000.00, municipal fund 160,000.00, bank 0.00
    """
    compensation = expect(compensation, Compensation, "compensation")
    return _recovery(_paid_by_payer(compensation), Decimal(0))
