"""Result models: compensation, recovery and assessment (Art. 7(4), 8, 9, 10; D5–D16).

All frozen pydantic models: they compare by value, serialise to JSON and back without
loss, and print as an auditor's note.
"""

from __future__ import annotations

import datetime as dt
from decimal import Context, Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

from .core.money import Money, Rate, format_yuan, from_fen, to_fen
from .core.noticeref import NoticeRef
from .findings import Code, Finding

__all__ = ["Assessment", "Compensation", "Recovery", "Share"]

_FROZEN = ConfigDict(frozen=True, extra="forbid", defer_build=True)

CapBasis = Literal["first_year", "assessed", "no_assessment", "fixed", "principal_share", "none"]
LossBasis = Literal["stated", "whole_loan", "pro_rata"]


_EXACT = Context(prec=100)  # rates are exact; the caller's decimal context must not matter


def _cite(ref: NoticeRef) -> str:
    """A notice as a result's text names it: the year and the number (or its date)."""
    return f"{ref.year} {ref.number or ref.date}"


def _pct(rate: Decimal) -> str:
    return f"{rate.scaleb(2, _EXACT).normalize(_EXACT):f}%"


class Share(BaseModel):
    """What one payer pays on one claim (Art. 8(2); D5, D6, D14).

    ``uncapped`` is ``rate`` × the IP-part loss rounded half up to the fen (zero when the
    payer does not pay on this kind of loan); ``paid`` what the caps (and a fund pool)
    leave of it; ``paid_before`` what the payer had paid on the loan before this claim;
    ``cap`` the per-loan cap in force that limits this payer, before earlier payments
    (``None`` when no cap limits it).
    """

    model_config = _FROZEN

    payer: str
    name_zh: str
    name_en: str
    rate: Rate
    uncapped: Money
    paid: Money
    paid_before: Money = Decimal("0.00")
    cap: Money | None = None

    @model_validator(mode="after")
    def _within(self) -> Share:
        if self.paid > self.uncapped:
            raise ValueError("a share cannot pay more than its uncapped value")
        return self


class Compensation(BaseModel):
    """What is paid on one claim, and how it was computed (Art. 8(2); D5–D9, D14).

    ``municipal_cap`` is the cap in force for the claim's business year, before earlier
    payments on the loan; ``notes`` are the non-blocking findings of the arithmetic.

    ``shares`` has one :class:`Share` per payer of the scheme, in the scheme's order;
    ``provincial`` and ``municipal`` (and their ``_uncapped``, ``_rate`` and
    ``_paid_before`` fields) are the shares of the payers ``"provincial"`` and
    ``"municipal"`` (zero when the scheme has no such payer), and ``total`` is the sum
    of every share.
    """

    model_config = _FROZEN

    ip_loss: Money
    provincial: Money
    municipal_uncapped: Money
    municipal_cap: Money
    municipal: Money
    total: Money
    bank_share: Money
    capped: bool
    business_year: int
    notes: tuple[Finding, ...] = ()
    # --- how it was computed (extensions of the docs/spec/api.md contract) ---
    provincial_uncapped: Money | None = None
    provincial_rate: Rate | None = None
    municipal_rate: Rate | None = None
    ip_loss_basis: LossBasis = "stated"
    cap_basis: CapBasis = "first_year"
    cap_scope: Literal["municipal", "government_total", "joint"] = "municipal"
    first_business_year: int | None = None
    municipal_paid_before: Money = Decimal("0.00")
    provincial_paid_before: Money = Decimal("0.00")
    shares: tuple[Share, ...] = ()
    scheme: str | None = None

    @model_validator(mode="after")
    def _sums(self) -> Compensation:
        # sums in integer fen: the caller's decimal context must not matter (D14)
        if self.shares:
            if to_fen(self.total) != sum(to_fen(s.paid) for s in self.shares):
                raise ValueError("total must equal the sum of the shares")
            by_payer = {s.payer: s for s in self.shares}
            for payer in ("provincial", "municipal"):
                share = by_payer.get(payer)
                paid = Decimal(0) if share is None else share.paid
                if getattr(self, payer) != paid:
                    raise ValueError(f"{payer} must equal the {payer} share")
        elif to_fen(self.total) != to_fen(self.provincial) + to_fen(self.municipal):
            raise ValueError("total must equal provincial + municipal")
        if to_fen(self.bank_share) + to_fen(self.total) != to_fen(self.ip_loss):
            raise ValueError("bank_share + total must equal ip_loss")
        # Without provincial_uncapped (a result built from docs/spec/api.md's fields only) a cut of
        # the provincial share cannot be seen, so only a visible cut is required then.
        prov_unc = self.provincial if self.provincial_uncapped is None else self.provincial_uncapped
        if self.municipal > self.municipal_uncapped or self.provincial > prov_unc:
            raise ValueError("a capped share cannot exceed its uncapped value")
        cut = self.municipal < self.municipal_uncapped or self.provincial < prov_unc
        if cut != self.capped and (cut or self.provincial_uncapped is not None):
            raise ValueError("capped must be True exactly when a cap cut the payment")
        if any(note.blocking for note in self.notes):
            raise ValueError("the notes of the arithmetic are never blocking")
        return self

    def explain(self) -> str:
        """The arithmetic, line by line, as an auditor reads it."""
        basis = {
            "stated": "as recognised",
            "whole_loan": "the whole loan is IP-secured",
            "pro_rata": "pro rata to the IP principal (D9)",
        }[self.ip_loss_basis]
        lines = [f"IP-part principal loss {format_yuan(self.ip_loss)} ({basis})"]
        if self.cap_basis in ("fixed", "principal_share", "none") or any(
            s.payer not in ("provincial", "municipal") for s in self.shares
        ):
            return "\n".join([*lines, *self._share_lines(), self._total_line()])
        prov_unc = (
            self.provincial if self.provincial_uncapped is None else (self.provincial_uncapped)
        )
        prov = f"provincial {self._rate(self.provincial_rate)}{format_yuan(prov_unc)}"
        if prov_unc != self.provincial:
            prov += f", capped → {format_yuan(self.provincial)}"
        lines.append(prov)
        mun = f"municipal {self._rate(self.municipal_rate)}{format_yuan(self.municipal_uncapped)}"
        cap_why = {
            "first_year": f"first business year {self.first_business_year}",
            "assessed": f"assessed cap for business year {self.business_year}",
            "no_assessment": f"no assessment for business year {self.business_year}, "
            "first-year cap",
        }[self.cap_basis]
        scope = "" if self.cap_scope == "municipal" else " on provincial + municipal"
        reached = "capped at" if self.municipal != self.municipal_uncapped else "within the cap of"
        mun += f", {reached} {format_yuan(self.municipal_cap)}{scope} ({cap_why})"
        before = to_fen(self.municipal_paid_before) + (
            to_fen(self.provincial_paid_before) if self.cap_scope == "government_total" else 0
        )
        if before:
            mun += f", {format_yuan(from_fen(before))} already paid on this loan"
        if self.municipal != self.municipal_uncapped:
            mun += f" → {format_yuan(self.municipal)}"
        lines.append(mun)
        lines.append(self._total_line())
        return "\n".join(lines)

    def _total_line(self) -> str:
        return f"total {format_yuan(self.total)}; the bank bears {format_yuan(self.bank_share)}"

    def _share_lines(self) -> list[str]:
        """One line per payer (any scheme): rate × loss, the cap, what was cut."""
        lines = []
        for s in self.shares:
            line = f"{s.name_en} {_pct(s.rate)} × {format_yuan(self.ip_loss)} = {format_yuan(s.uncapped)}"
            if s.rate and not s.uncapped and self.ip_loss:
                line += " (does not pay on this loan)"
            if s.cap is not None:
                line += f", within a per-loan cap of {format_yuan(s.cap)}"
                if s.paid_before:
                    line += f" ({format_yuan(s.paid_before)} already paid on this loan)"
            if s.paid != s.uncapped:
                line += f" → {format_yuan(s.paid)}"
            lines.append(line)
        return lines

    def _rate(self, rate: Decimal | None) -> str:
        if rate is None:
            return ""
        return f"{_pct(rate)} × {format_yuan(self.ip_loss)} = "

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        """HTML for Jupyter: the amounts and notes as a small table."""
        from ._html import compensation_html

        return compensation_html(self)


class Recovery(BaseModel):
    """Where an amount goes: to the provincial fund, to the municipal fund, kept by the
    bank (Art. 7(4), 9, 10; D14, D15); ``others``: to a scheme's other payers, by id."""

    model_config = _FROZEN

    provincial: Money
    municipal: Money
    bank: Money
    others: dict[str, Money] = {}

    @property
    def total(self) -> Decimal:
        """The amount shared."""
        return from_fen(
            to_fen(self.provincial)
            + to_fen(self.municipal)
            + to_fen(self.bank)
            + sum(to_fen(v) for v in self.others.values())
        )

    def __str__(self) -> str:
        others = "".join(f", {payer} {format_yuan(v)}" for payer, v in self.others.items())
        return (
            f"provincial fund {format_yuan(self.provincial)}, municipal fund "
            f"{format_yuan(self.municipal)}{others}, bank {format_yuan(self.bank)}"
        )


class Assessment(BaseModel):
    """A claim assessed under every article: findings, compensation and deadline.

    ``compensation`` is present exactly when the claim is eligible; ``deadline`` is the
    application deadline, or ``None`` when there is no recognition or it cannot be known;
    ``calendar`` names, year by year, the notices the deadline and any lateness count
    rest on (origin ``built-in``, ``entered`` or ``estimate``; D10).
    """

    model_config = _FROZEN

    eligible: bool
    findings: tuple[Finding, ...] = ()
    compensation: Compensation | None = None
    deadline: dt.date | None = None
    loan_id: str | None = None
    deadline_estimated: bool = False
    calendar: tuple[NoticeRef, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Assessment:
        if self.eligible == any(f.blocking for f in self.findings):
            raise ValueError("eligible must be True exactly when no finding is blocking")
        if self.eligible != (self.compensation is not None):
            raise ValueError("compensation is given exactly when the claim is eligible")
        return self

    @property
    def codes(self) -> frozenset[Code]:
        """The codes of all findings."""
        return frozenset(f.code for f in self.findings)

    def explain(self) -> str:
        """An auditor's note: verdict, every finding with its article, the arithmetic."""
        who = f"Loan {self.loan_id}: " if self.loan_id else ""
        verdict = "ELIGIBLE 符合补偿条件" if self.eligible else "NOT ELIGIBLE 不符合补偿条件"
        lines = [who + verdict]
        if self.deadline is not None:
            est = " (estimated calendar)" if self.deadline_estimated else ""
            entered = [_cite(r) for r in self.calendar if r.origin == "entered"]
            if entered:
                est += f" (on entered notices: {', '.join(entered)})"
            lines.append(f"application deadline {self.deadline.isoformat()}{est}")
        lines.extend(f"  - {f}" for f in self.findings)
        if self.compensation is not None:
            lines.append(self.compensation.explain())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain()

    def _repr_html_(self) -> str:
        """HTML for Jupyter: verdict, deadline, findings and amounts."""
        from ._html import assessment_html

        return assessment_html(self)
