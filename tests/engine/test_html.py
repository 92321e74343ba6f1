"""Rich display in Jupyter: ``_repr_html_`` of Assessment, Decision and Compensation."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

from ipcomp import WEIHAI_2020, assess, check_enterprise, compensate
from ipcomp._html import findings_html
from ipcomp.testing import example_claim, example_enterprise, example_loan


class _Checker(HTMLParser):
    """Collects the text and checks that tags nest."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: object) -> None:
        if tag != "br":
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> str:
    checker = _Checker()
    checker.feed(html)
    checker.close()
    assert checker.stack == []
    return " ".join(checker.text)


def test_assessment_html_eligible_with_cap_note() -> None:
    loan = example_loan(principal="10000000")
    claim = example_claim(loan=loan, principal_loss="8000000", applied_on=dt.date(2023, 10, 18))
    text = parse(assess(claim)._repr_html_())
    assert "ELIGIBLE" in text
    assert "application deadline 2023-10-18" in text
    assert "NOTE_CAP_APPLIED" in text
    assert text.count("NOTE_CAP_APPLIED") == 1  # the notes are shown once, under the amounts
    assert "1,600,000.00" in text  # municipal before the cap
    assert "capped" in text


def test_assessment_html_not_eligible_escapes_text() -> None:
    loan = example_loan(loan_id="<script>alert(1)</script>")
    html = assess(example_claim(loan=loan, fraud_found=True))._repr_html_()
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    text = parse(html)
    assert "NOT ELIGIBLE" in text
    assert "CLAIM_FRAUD" in text
    assert "bank share" not in text
    unrecognised = example_claim(recognized_on=None, applied_on=None)
    assert "deadline" not in parse(assess(unrecognised)._repr_html_())


def test_assessment_html_estimated_deadline_and_no_loan_id() -> None:
    policy = WEIHAI_2020.derive(calendar_estimate=True)
    claim = example_claim(recognized_on=dt.date(2026, 12, 24), applied_on=None)
    assessment = assess(claim, policy).model_copy(update={"loan_id": None})
    text = parse(assessment._repr_html_())
    assert "(estimated calendar)" in text
    assert "NOTE_DEADLINE_ESTIMATED" in text
    assert "Loan" not in text.split("ELIGIBLE")[0]


def test_decision_and_compensation_html() -> None:
    decision = check_enterprise(example_enterprise(rating="D", name="A&B"))
    text = parse(decision._repr_html_())
    assert "NOT ELIGIBLE" in text
    assert "ENTERPRISE_RATING_BELOW_C" in text
    assert "ELIGIBLE" in parse(check_enterprise(example_enterprise())._repr_html_())
    compensation = compensate(example_claim())
    text = parse(compensation._repr_html_())
    assert "480,000.00" in text
    assert "assessed, business year 2023" in text
    assert findings_html([]) == ""


def test_another_schemes_payers_each_get_a_row() -> None:
    """Issue 12 item 4: the HTML reads the shares: every payer of the example scheme,
    its rate, cap, what it paid before, and a cut."""
    from decimal import Decimal
    from pathlib import Path

    from ipcomp import compensate
    from ipcomp.schemes import load_scheme
    from ipcomp.testing import example_claim, example_loan

    three = load_scheme(Path(__file__).resolve().parents[2] / "examples/schemes/three_payers.json")
    claim = example_claim(loan=example_loan(direct=False), municipal_paid_before=Decimal("100000"))
    html = compensate(claim, three)._repr_html_()
    for text in (
        "provincial (省级)",
        "municipal (市级)",
        "guarantor",
        "30% of the loss",
        "240,000.00 before the caps",
        "cap 600,000.00",
        "100,000.00 paid before",
        "bank share",
    ):
        assert text in html
    uncapped = compensate(claim, three.derive(caps=[]))._repr_html_()
    assert "cap " not in uncapped
    assert "guarantor" in uncapped
