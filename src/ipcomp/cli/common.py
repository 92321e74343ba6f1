"""What every part of the command shares: exit statuses, the usage error, amounts."""

from __future__ import annotations

from decimal import Decimal
from typing import Final

from ..core.errors import IpcompError
from ..core.money import format_yuan, from_fen

#: Every row was a valid claim.
EXIT_OK: Final = 0
#: Some rows were not valid claims (each is reported).
EXIT_BAD_ROWS: Final = 1
#: Usage error, unreadable or empty input, or unwritable output (disk full...).
EXIT_USAGE: Final = 2
#: stdout was closed by the reader (``ipcomp assess big.csv | head``): quiet, as a Unix
#: tool killed by SIGPIPE (128 + 13).
EXIT_BROKEN_PIPE: Final = 141
#: Interrupted (Ctrl-C): 128 + SIGINT.
EXIT_INTERRUPTED: Final = 130

_AMOUNTS: Final = ("ip_loss", "provincial", "municipal", "total", "bank_share")


class _UsageError(IpcompError):
    """A usage or I/O problem: message on stderr, exit code 2."""


def _yuan(fen: int) -> str:
    """An amount in fen as a decimal string with two places, e.g. ``-12.30``."""
    return f"{from_fen(fen):f}"


def _money(fen: int) -> str:
    return format_yuan(from_fen(fen))


def _percent(rate: Decimal) -> str:
    return f"{rate.scaleb(2).normalize():f}%"
