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


def allocate_recovery(compensation: Compensation, recovered: Decimal | int | str) -> Recovery:
    """Share an amount recovered on the IP part after payment (Art. 7(4); D14).

    ``recovered`` is validated like any amount (``pydantic.ValidationError``); above the
    IP-part loss it raises :class:`~ipcomp.errors.RecoveryExceedsLoss`.

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
    weights = (
        to_fen(compensation.provincial),
        to_fen(compensation.municipal),
        to_fen(compensation.bank_share),
    )
    if loss == 0:
        return Recovery(provincial=Decimal(0), municipal=Decimal(0), bank=Decimal(0))
    exact = [divmod(amount * w, loss) for w in weights]
    shares = [q for q, _ in exact]
    # hand out the remaining fen by largest remainder, ties in the order listed
    order = sorted(range(3), key=lambda i: -exact[i][1])
    for i in order[: amount - sum(shares)]:
        shares[i] += 1
    return Recovery(
        provincial=from_fen(shares[0]), municipal=from_fen(shares[1]), bank=from_fen(shares[2])
    )


def fraud_returns(compensation: Compensation) -> Recovery:
    """What a bank must return when fraud is found: everything paid (Art. 9, 10; D15).

    >>> from ipcomp import compensate
    >>> from ipcomp.testing import example_claim
    >>> print(fraud_returns(compensate(example_claim())))
    provincial fund 320,000.00, municipal fund 160,000.00, bank 0.00
    """
    compensation = expect(compensation, Compensation, "compensation")
    return Recovery(
        provincial=compensation.provincial,
        municipal=compensation.municipal,
        bank=Decimal(0),
    )
