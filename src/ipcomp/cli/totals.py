"""Portfolio totals in exact integer fen: overall, by bank, by business year."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..core.money import to_fen
from ..engine.compensation import claim_date
from ..engine.deadlines import business_year
from ..facts import Claim
from ..findings import Code
from ..portfolio import Portfolio
from ..results import Assessment
from ..schemes.model import Scheme
from ..schemes.weihai_2020.policy import Policy
from .common import _AMOUNTS, _yuan
from .portfolio import money_back_totals

_FUNDS = ("provincial", "municipal")

# --- totals --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Group:
    claims: int = 0
    eligible: int = 0
    capped: int = 0
    fen: dict[str, int] = field(default_factory=lambda: dict.fromkeys(_AMOUNTS, 0))

    def add(self, amounts: tuple[tuple[str, int], ...] | None, capped: bool) -> None:
        """One claim: ``amounts`` (name, fen) of an eligible one, ``None`` otherwise."""
        self.claims += 1
        if amounts is None:
            return
        self.eligible += 1
        self.capped += capped
        fen = self.fen
        for name, value in amounts:
            fen[name] = fen.get(name, 0) + value

    def as_json(self) -> dict[str, Any]:
        return {
            "claims": self.claims,
            "eligible": self.eligible,
            "capped": self.capped,
            **{name: _yuan(value) for name, value in self.fen.items()},
        }


@dataclass(slots=True)
class _Totals:
    """Portfolio totals in exact integer fen."""

    policy: Policy | Scheme
    rows: int = 0
    bad_rows: int = 0
    all: _Group = field(default_factory=_Group)
    by_bank: dict[str, _Group] = field(default_factory=dict)
    by_year: dict[int, _Group] = field(default_factory=dict)
    findings: Counter[str] = field(default_factory=Counter)
    #: in portfolio mode, the portfolio (its money back and statement)
    portfolio: Portfolio | None = None

    def add(self, claim: Claim, assessment: Assessment) -> None:
        self.rows += 1
        c = assessment.compensation
        amounts: tuple[tuple[str, int], ...] | None = None
        capped = False
        if c is not None:
            capped = c.capped
            amounts = (
                *((name, to_fen(getattr(c, name))) for name in _AMOUNTS),
                # a scheme's payers beyond the two funds (a guarantor)
                *((s.payer, to_fen(s.paid)) for s in c.shares if s.payer not in _FUNDS),
            )
        self.all.add(amounts, capped)
        _group(self.by_bank, claim.loan.bank.name).add(amounts, capped)
        year = c.business_year if c is not None else _year(claim, assessment, self.policy)
        _group(self.by_year, year).add(amounts, capped)
        self.findings.update(assessment.codes)

    def add_bad(self) -> None:
        self.rows += 1
        self.bad_rows += 1

    def as_json(self) -> dict[str, Any]:
        overall = self.all.as_json()
        return {
            "rows": self.rows,
            "claims": self.all.claims,
            "bad_rows": self.bad_rows,
            "eligible": self.all.eligible,
            "not_eligible": self.all.claims - self.all.eligible,
            "capped": self.all.capped,
            **{
                name: overall[name]
                for name in (*_AMOUNTS, *sorted(self.all.fen.keys() - set(_AMOUNTS)))
            },
            "findings": {code.value: self.findings[code] for code in Code if self.findings[code]},
            "by_bank": {k: self.by_bank[k].as_json() for k in sorted(self.by_bank)},
            "by_business_year": {str(k): self.by_year[k].as_json() for k in sorted(self.by_year)},
            **({} if self.portfolio is None else money_back_totals(self.portfolio)),
        }


def _group(groups: dict[Any, _Group], key: Any) -> _Group:
    """The group of ``key``, made on first use (``setdefault(key, _Group())`` would build
    a group on every row)."""
    group = groups.get(key)
    if group is None:
        group = groups[key] = _Group()
    return group


def _year(claim: Claim, assessment: Assessment, policy: Policy | Scheme) -> int:
    c = assessment.compensation
    return c.business_year if c is not None else business_year(claim_date(claim), policy)
