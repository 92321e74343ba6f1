"""HTML for Jupyter: the ``_repr_html_`` of :class:`~ipcomp.Assessment`,
:class:`~ipcomp.Decision` and :class:`~ipcomp.Compensation`.

Small tables — verdict, findings with their articles, the amounts — with every text
HTML-escaped. Pure functions of the result objects; no dependencies.

>>> from ipcomp import assess
>>> from ipcomp.testing import example_claim
>>> html = assessment_html(assess(example_claim()))
>>> html.startswith("<div class=\\"ipcomp\\">"), "480,000.00" in html
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from html import escape
from typing import TYPE_CHECKING, Final

from .core.money import format_yuan

if TYPE_CHECKING:
    from .findings import Decision, Finding
    from .results import Assessment, Compensation

__all__ = ["assessment_html", "compensation_html", "decision_html", "findings_html"]

_TABLE: Final = '<table style="border-collapse:collapse;text-align:left">'
_CELL: Final = 'style="padding:2px 8px;border-bottom:1px solid #ddd"'
_NUM: Final = 'style="padding:2px 8px;border-bottom:1px solid #ddd;text-align:right"'


def _verdict(eligible: bool, zh_yes: str, zh_no: str) -> str:
    if eligible:
        return f'<b style="color:#1a7f37">ELIGIBLE {zh_yes}</b>'
    return f'<b style="color:#cf222e">NOT ELIGIBLE {zh_no}</b>'


def findings_html(findings: Iterable[Finding]) -> str:
    """A table of findings (code, article, blocking or note, English and Chinese), or
    ``""`` when there are none.

    >>> findings_html([])
    ''
    """
    rows = [
        f"<tr><td {_CELL}><code>{escape(f.code.value)}</code></td>"
        f"<td {_CELL}>{escape(f.article)}</td>"
        f"<td {_CELL}>{'blocking' if f.blocking else 'note'}</td>"
        f"<td {_CELL}>{escape(f.message_en)}<br>{escape(f.message_zh)}</td></tr>"
        for f in findings
    ]
    if not rows:
        return ""
    head = "".join(f"<th {_CELL}>{h}</th>" for h in ("code", "article", "kind", "finding"))
    return f"{_TABLE}<tr>{head}</tr>{''.join(rows)}</table>"


def decision_html(decision: Decision) -> str:
    """The verdict of a check and its findings.

    >>> from ipcomp import check_enterprise
    >>> from ipcomp.testing import example_enterprise
    >>> "NOT ELIGIBLE" in decision_html(check_enterprise(example_enterprise(rating="D")))
    True
    """
    verdict = _verdict(decision.eligible, "符合条件", "不符合条件")
    return f'<div class="ipcomp"><p>{verdict}</p>{findings_html(decision.findings)}</div>'


def _amount(label: str, value: Decimal, note: str = "") -> str:
    extra = f" <small>{escape(note)}</small>" if note else ""
    return f"<tr><td {_CELL}>{escape(label)}{extra}</td><td {_NUM}>{format_yuan(value)}</td></tr>"


def compensation_html(compensation: Compensation) -> str:
    """The amounts of a compensation (Art. 8(2)) as a table, with its notes.

    >>> from ipcomp import compensate
    >>> from ipcomp.testing import example_claim
    >>> "bank share" in compensation_html(compensate(example_claim()))
    True
    """
    c = compensation
    if any(s.payer not in ("provincial", "municipal") for s in c.shares):
        return _shares_html(c)
    cap_note = f"{c.cap_basis.replace('_', ' ')}, business year {c.business_year}"
    rows = [
        _amount("IP-part loss", c.ip_loss, c.ip_loss_basis.replace("_", " ")),
        _amount("provincial", c.provincial),
        _amount("municipal before the cap", c.municipal_uncapped),
        _amount("municipal cap", c.municipal_cap, cap_note),
        _amount("municipal", c.municipal, "capped" if c.capped else ""),
        _amount("total", c.total),
        _amount("bank share", c.bank_share),
    ]
    return f'<div class="ipcomp">{_TABLE}{"".join(rows)}</table>{findings_html(c.notes)}</div>'


def _shares_html(c: Compensation) -> str:
    """Any scheme's payers (Art. 8(2) of that scheme): a row per share, with its rate,
    the amount before the caps, the cap and what the payer paid before on the loan."""
    from .results import _pct  # results imports this module when it renders

    rows = [_amount("IP-part loss", c.ip_loss, c.ip_loss_basis.replace("_", " "))]
    for share in c.shares:
        notes = [f"{_pct(share.rate)} of the loss"]
        if share.paid != share.uncapped:
            notes.append(f"{format_yuan(share.uncapped)} before the caps")
        if share.cap is not None:
            notes.append(f"cap {format_yuan(share.cap)}")
        if share.paid_before:
            notes.append(f"{format_yuan(share.paid_before)} paid before")
        rows.append(_amount(f"{share.name_en} ({share.name_zh})", share.paid, "; ".join(notes)))
    rows += [_amount("total", c.total), _amount("bank share", c.bank_share)]
    return f'<div class="ipcomp">{_TABLE}{"".join(rows)}</table>{findings_html(c.notes)}</div>'


def assessment_html(assessment: Assessment) -> str:
    """Verdict, deadline, findings and amounts of an assessment.

    >>> from ipcomp import assess
    >>> from ipcomp.testing import example_claim
    >>> "2023-10-18" in assessment_html(assess(example_claim()))
    True
    """
    a = assessment
    head = f"Loan {escape(a.loan_id)}: " if a.loan_id else ""
    parts = [f"<p>{head}{_verdict(a.eligible, '符合补偿条件', '不符合补偿条件')}"]
    if a.deadline is not None:
        estimated = " (estimated calendar)" if a.deadline_estimated else ""
        parts.append(f"<br>application deadline {a.deadline.isoformat()}{estimated}")
    parts.append("</p>")
    notes = a.compensation.notes if a.compensation is not None else ()
    parts.append(findings_html(f for f in a.findings if f not in notes))
    if a.compensation is not None:
        parts.append(compensation_html(a.compensation))
    return f'<div class="ipcomp">{"".join(parts)}</div>'
