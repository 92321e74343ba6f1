"""The portfolio's public face: events, refusals with their reasons, frames, dates
(Art. 7(4), 9, 10, 11; D5, D14, D15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from pydantic import ValidationError

from ipcomp import (
    WEIHAI_2020,
    Claim,
    Code,
    InvalidArgument,
    RecoveryEvent,
    assess_portfolio,
)
from ipcomp.testing import example_bank, example_claim, example_enterprise, example_loan

D = Decimal
DAY = dt.date(2024, 1, 10)


def _follow_up(**facts: object) -> Claim:
    """A later claim on the example loan: recognised 2023-11-01, applied 2023-11-06."""
    return example_claim(
        recognized_on=dt.date(2023, 11, 1), applied_on=dt.date(2023, 11, 6), **facts
    )


def test_events_need_the_right_amount() -> None:
    """Art. 7(4), D15: a recovery needs a positive amount; a fraud event takes none."""
    with pytest.raises(ValidationError, match="needs an amount"):
        RecoveryEvent(loan_id="L", on=DAY)
    with pytest.raises(ValidationError, match="takes no amount"):
        RecoveryEvent(loan_id="L", on=DAY, kind="fraud", amount="1")
    with pytest.raises(ValidationError, match="amount"):
        RecoveryEvent(loan_id="L", on=DAY, amount=1.5)


def test_events_and_claims_may_be_mappings_and_nothing_else() -> None:
    """Events and claims are models or mappings of their fields; anything else is named."""
    event = {"loan_id": "WH-2022-0001", "on": "2024-01-10", "amount": "1000"}
    result = assess_portfolio([example_claim().model_dump()], events=[event])
    assert result.money_back[0].applied
    with pytest.raises(InvalidArgument, match=r"events\[0\] must be an ipcomp.RecoveryEvent"):
        assess_portfolio([example_claim()], events=[3])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match=r"as_of must be a datetime\.date"):
        assess_portfolio([example_claim()], as_of="2024-01-01")  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match="claims must be an iterable"):
        assess_portfolio(example_claim())  # type: ignore[arg-type]


def test_conflicting_loan_facts_are_a_data_error_naming_both() -> None:
    """D5, I67: the same loan id with another principal, enterprise, bank or disbursement
    date is a blocking CLAIM_LOAN_CONFLICT on the later claim, naming what differs and
    the earlier claim; a bank's record may grow (only its name is compared)."""
    first = example_claim()
    other = _follow_up(
        loan=example_loan(principal="3000000", enterprise=example_enterprise(name="别的企业"))
    )
    result = assess_portfolio([other, first])
    later = result.results[0].assessment
    assert not later.eligible
    (finding,) = [f for f in later.findings if f.code == Code.CLAIM_LOAN_CONFLICT]
    assert "(principal, IP principal, enterprise)" in finding.message_en
    assert "recognised 2023-09-28, applied 2023-10-12" in finding.message_en
    richer = _follow_up(
        loan=example_loan(bank=example_bank(assessed_caps={2023: "1200000", 2024: "900000"}))
    )
    assert assess_portfolio([first, richer]).results[1].assessment.eligible


def test_a_second_claim_with_the_same_recognition_date_is_a_likely_duplicate() -> None:
    """D5, I66: an exact duplicate row is not paid twice."""
    result = assess_portfolio([example_claim(), example_claim()])
    first, second = (r.assessment for r in result.results)
    assert first.eligible
    assert second.codes == {Code.CLAIM_LIKELY_DUPLICATE}
    assert result.totals.paid["municipal"] == D("160000.00")


def test_losses_beyond_the_ip_principal_are_not_paid() -> None:
    """Art. 8(1), D9: two 2,000,000 losses on a 2,000,000 loan: the second is refused
    (CLAIM_IP_LOSSES_EXCEED_PRINCIPAL), the total is 40% + 20% of 2,000,000."""
    first = example_claim(principal_loss="2000000")
    second = _follow_up(principal_loss="2000000")
    result = assess_portfolio([first, second])
    assert Code.CLAIM_IP_LOSSES_EXCEED_PRINCIPAL in result.results[1].assessment.codes
    assert result.totals.paid_total == D("1200000.00")


def test_refused_events_say_why() -> None:
    """Art. 7(4), D14, D15: an event on an unknown loan, before any payment, above what
    can be recovered, or after a fraud return, is not applied, with RECOVERY_NOT_APPLIED."""
    claim = example_claim()  # applied 2023-10-12, IP-part loss 800,000
    events = [
        RecoveryEvent(loan_id="NOPE", on=DAY, amount="1"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2023, 1, 1), amount="1"),
        RecoveryEvent(loan_id="WH-2022-0001", on=DAY, amount="900000"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 2, 1), kind="fraud"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 3, 1), amount="1"),
    ]
    moves = assess_portfolio([claim], events=events).money_back
    reasons = [m.findings[0].message_en if m.findings else "" for m in moves]
    assert [m.applied for m in moves] == [False, False, False, True, False]
    assert "no claim of the portfolio is on loan NOPE" in reasons[0]
    assert "nothing had been paid on loan WH-2022-0001 by 2023-01-01" in reasons[1]
    assert "exceeds what the loan's IP-part losses leave to recover, 800,000.00" in reasons[2]
    assert "already returned in full after fraud" in reasons[4]
    assert all(m.findings[0].code == Code.RECOVERY_NOT_APPLIED for m in moves if not m.applied)
    assert moves[3].to_payers == {"provincial": D("320000.00"), "municipal": D("160000.00")}
    assert moves[3].to_bank == 0


def test_fraud_after_a_recovery_returns_what_is_still_out() -> None:
    """D15, I68: after a recovery, a fraud return takes back what each fund still has
    out (paid − recovered), so nothing comes back twice; the statement nets it all."""
    events = [
        RecoveryEvent(loan_id="WH-2022-0001", on=DAY, amount="100000"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 2, 1), kind="fraud"),
    ]
    result = assess_portfolio([example_claim()], events=events)
    recovery, fraud = result.money_back
    assert recovery.to_payers == {"provincial": D("40000.00"), "municipal": D("20000.00")}
    assert fraud.to_payers == {"provincial": D("280000.00"), "municipal": D("140000.00")}
    assert result.totals.net == {"provincial": D("0.00"), "municipal": D("0.00")}
    assert result.totals.net_municipal_outlay == 0
    assert result.totals.recovered_to_bank == D("40000.00")


def test_the_statement_by_bank_and_business_year() -> None:
    """D7, Art. 11: rows per bank and business year (events in the year of their date),
    the loan's headroom, and the next report date after the latest date (or as_of)."""
    events = [RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 5, 6), amount="50000")]
    result = assess_portfolio([example_claim()], events=events)
    assert [(r.bank, r.business_year) for r in result.statement] == [
        ("示例银行威海分行", 2023),
        ("示例银行威海分行", 2024),
    ]
    assert result.statement[1].claims == 0
    assert result.statement[1].recovered["municipal"] == D("10000.00")
    (loan,) = result.loans
    assert loan.caps == {"municipal": D("1200000.00")}
    assert loan.headroom == {"municipal": D("1040000.00")}
    assert result.as_of == dt.date(2024, 5, 6)
    assert result.report_dates == {"示例银行威海分行": (dt.date(2024, 6, 30),)}
    later = assess_portfolio([example_claim()], as_of=dt.date(2024, 12, 1))
    assert later.report_dates["示例银行威海分行"] == (dt.date(2025, 6, 30),)
    assert assess_portfolio([]).report_dates == {}


def test_frames_of_the_statement_the_claims_and_the_loans() -> None:
    """The portfolio as DataFrames (pandas extra): one column per payer."""
    pytest.importorskip("pandas")
    result = assess_portfolio(
        [example_claim(), example_claim(fraud_found=True, recognized_on=dt.date(2023, 10, 9))]
    )
    statement = result.to_frame()
    assert statement["paid_municipal"].tolist() == [D("160000.00"), D("160000.00")]
    claims = result.to_frame("claims")
    assert claims["paid_municipal"].tolist() == [D("160000.00"), None]
    assert claims["codes"].tolist()[1] == "CLAIM_FRAUD"
    loans = result.to_frame("loans")
    assert loans.loc[0, "headroom_municipal"] == D("1040000.00")
    with pytest.raises(InvalidArgument, match="what must be"):
        result.to_frame("everything")  # type: ignore[arg-type]


def test_recoveries_respect_what_each_party_bore() -> None:
    """Art. 7(4), I68: a party whose pro-rata share would exceed what it has not had back
    yet gives the surplus fen to the others."""
    from ipcomp.portfolio import _within

    assert _within([5, 3, 2], [4, 10, 10]) == [4, 4, 2]
    assert _within([1, 1], [1, 1]) == [1, 1]
    assert WEIHAI_2020.scheme.id == "weihai_2020"


def test_pools_unrecognised_claims_and_unpaid_loans() -> None:
    """A pool pays claims in time order across loans, never more than it has (NOTE_POOL_
    LIMITED once it runs dry); a claim not yet recognised comes last; a loan with no
    eligible claim has no cap on record and no headroom."""
    from pathlib import Path

    from ipcomp.schemes import load_scheme

    three = load_scheme(Path(__file__).resolve().parents[2] / "examples/schemes/three_payers.json")
    big = example_loan(principal="9000000", loan_id="L-BIG")
    claims = [
        example_claim(loan=big, principal_loss="9000000"),
        _follow_up(loan=example_loan(loan_id="L-2"), principal_loss="2000000"),
        example_claim(loan=example_loan(loan_id="L-3"), recognized_on=None, applied_on=None),
    ]
    result = assess_portfolio(claims, three)
    first, second, third = result.results
    paid = [
        {s.payer: s.paid for s in r.assessment.compensation.shares}
        if r.assessment.compensation
        else {}
        for r in (first, second)
    ]
    assert paid[0]["municipal"] == D("0.00")  # the joint cap (30% of 9,000,000) cuts the city first
    assert sum(p["municipal"] for p in paid) <= D("3000000.00")
    assert not third.assessment.eligible
    assert result.assessments[2] == third.assessment
    unpaid = next(loan for loan in result.loans if loan.loan_id == "L-3")
    assert (unpaid.caps, unpaid.headroom) == ({}, {})
    moved = assess_portfolio(
        [example_claim()], events=[RecoveryEvent(loan_id="WH-2022-0001", on=DAY, amount="10")]
    ).money_back[0]
    assert moved.total == D("10.00")


def test_two_caps_on_one_payer() -> None:
    """D6, I10: with a provincial cap and the government-total cap, each cap in force is
    reported once, from the payer it limits first."""
    policy = WEIHAI_2020.derive(provincial_cap="100000", cap_scope="government_total")
    (loan,) = assess_portfolio([example_claim()], policy).loans
    assert loan.caps == {"provincial": D("100000.00"), "municipal": D("1200000.00")}
    from ipcomp.portfolio import _within

    assert _within([2, 0], [1, 1]) == [1, 1]  # the last party takes the last surplus fen
    import json

    from ipcomp.schemes import Scheme

    data = json.loads(WEIHAI_2020.scheme.model_dump_json())
    joint = {
        **data["caps"][0],
        "payers": ["provincial", "municipal"],
        "cut_order": ["municipal", "provincial"],
    }
    own = {
        "id": "provincial",
        "payers": ["provincial"],
        "kind": "fixed",
        "amount": "100000.00",
        "article": data["caps"][0]["article"],
    }
    reversed_caps = Scheme.model_validate({**data, "caps": [joint, own]})
    (loan,) = assess_portfolio([example_claim()], reversed_caps).loans
    assert loan.caps == {"municipal": D("1200000.00")}  # the provincial cap limits no payer first


def test_refused_events_in_full() -> None:
    """Art. 7(4), D15: each refused event records where it belongs (bank, business year
    of its date), that nothing moved, and its reason in both languages."""
    events = [
        RecoveryEvent(loan_id="NOPE", on=DAY, amount="1"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2023, 1, 1), amount="1"),
        RecoveryEvent(loan_id="WH-2022-0001", on=DAY, amount="900000"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 2, 1), kind="fraud"),
        RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 3, 1), amount="1"),
    ]
    moves = assess_portfolio([example_claim()], events=events).money_back
    refused = [m for m in moves if not m.applied]
    assert [(m.index, m.event, m.bank, m.business_year) for m in refused] == [
        (0, events[0], None, 2023),
        (1, events[1], "示例银行威海分行", 2022),
        (2, events[2], "示例银行威海分行", 2023),
        (4, events[4], "示例银行威海分行", 2024),
    ]
    assert all(m.to_payers == {} and m.to_bank == D("0.00") for m in refused)
    assert [(m.findings[0].message_zh, m.findings[0].message_en) for m in refused] == [
        ("组合中没有贷款 NOPE 的申请。", "no claim of the portfolio is on loan NOPE."),
        (
            "2023-01-01 之前贷款 WH-2022-0001 尚无已补偿的申请，无可追回。",
            "nothing had been paid on loan WH-2022-0001 by 2023-01-01: nothing to recover.",
        ),
        (
            "追回金额超过该贷款尚可追回的知识产权部分损失 800,000.00 元。",
            "the amount recovered exceeds what the loan's IP-part losses leave to recover, "
            "800,000.00.",
        ),
        (
            "贷款 WH-2022-0001 已因弄虚作假全额退回补偿。",
            "the compensation on loan WH-2022-0001 was already returned in full after fraud.",
        ),
    ]
    assert all(m.findings[0].scheme == "weihai_2020" for m in refused)


def test_the_claims_frame_row_by_row() -> None:
    """Every column of the claims frame: where the claim stands, what each payer paid
    and had paid earlier on the loan (carried), the codes and the earlier claims."""
    pytest.importorskip("pandas")
    claims = [
        example_claim(),
        _follow_up(principal_loss="500000"),
        example_claim(
            fraud_found=True, recognized_on=dt.date(2023, 12, 1), applied_on=dt.date(2024, 1, 31)
        ),
    ]
    rows = assess_portfolio(claims).to_frame("claims").to_dict("records")
    common = {"loan_id": "WH-2022-0001", "bank": "示例银行威海分行", "business_year": 2023}
    assert rows[0] == {
        "index": 0,
        **common,
        "eligible": True,
        "deadline": dt.date(2023, 10, 18),
        "codes": "",
        "earlier": "",
        "paid_provincial": D("320000.00"),
        "carried_provincial": D("0.00"),
        "paid_municipal": D("160000.00"),
        "carried_municipal": D("0.00"),
        "total": D("480000.00"),
    }
    assert rows[1] == {
        "index": 1,
        **common,
        "eligible": True,
        "deadline": dt.date(2023, 11, 15),
        "codes": "",
        "earlier": "0",
        "paid_provincial": D("200000.00"),
        "carried_provincial": D("320000.00"),
        "paid_municipal": D("100000.00"),
        "carried_municipal": D("160000.00"),
        "total": D("300000.00"),
    }
    # late, fraud, and more IP-part loss than the loan's principal: each code once
    assert rows[2] == {
        "index": 2,
        **common,
        "eligible": False,
        "deadline": dt.date(2023, 12, 15),
        "codes": "CLAIM_LATE;CLAIM_FRAUD;CLAIM_IP_LOSSES_EXCEED_PRINCIPAL",
        "earlier": "0;1",
        "paid_provincial": None,
        "carried_provincial": D("520000.00"),
        "paid_municipal": None,
        "carried_municipal": D("260000.00"),
        "total": None,
    }


def test_the_portfolio_findings_in_full() -> None:
    """D5, I67, I69: the conflict, duplicate and too-much-loss findings name the loan,
    what differs, the earlier claim by its dates and the amounts, in both languages."""
    first = example_claim()
    other = _follow_up(
        loan=example_loan(principal="3000000", enterprise=example_enterprise(name="别的企业"))
    )

    def found(claims: list[object], at: int, code: Code) -> tuple[str, str]:
        result = assess_portfolio(claims)  # type: ignore[arg-type]
        (f,) = [f for f in result.results[at].assessment.findings if f.code == code]
        assert f.blocking
        return f.message_zh, f.message_en

    assert found([first, other], 1, Code.CLAIM_LOAN_CONFLICT) == (
        "贷款 WH-2022-0001 的事实（principal, IP principal, enterprise）与该贷款此前的申请"
        "（recognised 2023-09-28, applied 2023-10-12）不一致（数据错误），不予补偿。",
        "the facts of loan WH-2022-0001 (principal, IP principal, enterprise) differ from "
        "those of the earlier claim on it (recognised 2023-09-28, applied 2023-10-12); this "
        "claim is not paid (data error).",
    )
    again = example_claim(applied_on=dt.date(2023, 10, 13))
    assert found([first, again], 1, Code.CLAIM_LIKELY_DUPLICATE) == (
        "与同一笔贷款此前的申请认定日相同（2023-09-28），疑为重复申请，不予补偿。",
        "an earlier claim on the same loan has the same recognition date (2023-09-28): "
        "likely a duplicate, not paid.",
    )
    claims = [
        first,
        _follow_up(principal_loss="500000"),
        example_claim(recognized_on=dt.date(2023, 12, 1), applied_on=dt.date(2023, 12, 5)),
    ]
    assert found(claims, 2, Code.CLAIM_IP_LOSSES_EXCEED_PRINCIPAL) == (
        "连同此前 2 笔已补偿的申请，该笔贷款知识产权部分损失合计 2,100,000.00 元，"
        "超过知识产权质押部分本金 2,000,000.00 元，不予补偿。",
        "with the 2 earlier paid claim(s) the IP-part losses on the loan come to "
        "2,100,000.00, above its IP principal 2,000,000.00: not paid.",
    )


def test_events_are_taken_by_date_whatever_their_order() -> None:
    """Art. 7(4), D15: events apply in date order (ties in the order given): a fraud
    return dated after a recovery, given first, still comes second; a recovery on the
    day of the application counts what was paid that day."""
    recovery = RecoveryEvent(loan_id="WH-2022-0001", on=DAY, amount="100000")
    fraud = RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2024, 2, 1), kind="fraud")
    moves = assess_portfolio([example_claim()], events=[fraud, recovery]).money_back
    assert [m.index for m in moves] == [0, 1]
    assert moves[1].to_payers == {"provincial": D("40000.00"), "municipal": D("20000.00")}
    assert moves[0].to_payers == {"provincial": D("280000.00"), "municipal": D("140000.00")}
    same_day = RecoveryEvent(loan_id="WH-2022-0001", on=dt.date(2023, 10, 12), amount="10")
    (move,) = assess_portfolio([example_claim()], events=[same_day]).money_back
    assert move.applied


def test_the_portfolio_names_its_scheme_and_uses_the_calendar_given() -> None:
    from ipcomp import Calendar
    from ipcomp.testing import example_notice

    result = assess_portfolio([example_claim()])
    assert result.scheme == "weihai_2020"
    calendar = Calendar.default().with_notice(example_notice(2027))
    late = example_claim(
        recognized_on=dt.date(2026, 12, 28),
        applied_on=dt.date(2027, 1, 4),
        loan=example_loan(disbursed_on=dt.date(2026, 1, 5)),
    )
    codes = assess_portfolio([late], calendar=calendar).results[0].assessment.codes
    assert Code.NOTE_CALENDAR_ENTERED in codes


def test_refused_arguments_are_named() -> None:
    with pytest.raises(InvalidArgument, match=r"claims\[1\] must be an ipcomp\.Claim"):
        assess_portfolio([example_claim(), 3])  # type: ignore[list-item]
    with pytest.raises(InvalidArgument, match=r"^claims must be an iterable of ipcomp\.Claim"):
        assess_portfolio(3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"events\[0\] must be .*, not int$"):
        assess_portfolio([example_claim()], events=[3])  # type: ignore[list-item]


def test_the_statement_frame_and_a_snapshot_of_the_book() -> None:
    """The statement frame: a row per bank and business year, then the totals; a book's
    portfolio taken twice counts the same claims and eligible claims."""
    pytest.importorskip("pandas")
    from ipcomp import PortfolioBook

    claims = [example_claim(), example_claim(fraud_found=True, recognized_on=dt.date(2023, 10, 9))]
    rows = assess_portfolio(claims).to_frame().to_dict("records")
    assert [(r["bank"], r["claims"], r["eligible"]) for r in rows[:1]] == [
        ("示例银行威海分行", 2, 1)
    ]
    assert rows[1]["claims"] == 2
    assert rows[1]["eligible"] == 1
    assert rows[0]["business_year"] == 2023
    book = PortfolioBook()
    for claim in claims:
        book.add(claim)
    first, again = book.portfolio(), book.portfolio()
    assert first == again
    assert [(r.claims, r.eligible) for r in again.statement] == [(2, 1)]
    assert (again.totals.claims, again.totals.eligible) == (2, 1)


def test_recoveries_add_up_per_loan_to_exactly_what_can_be_recovered() -> None:
    """Art. 7(4), D15, I68: recoveries on a loan add up, each split by what each party
    bore (40% / 20% / the bank's 40%); one of exactly what is left is applied, one fen
    more is not; another loan's recoveries and its fraud return are its own; the
    statement adds them all in the business year of their dates (Art. 11)."""
    a, b = "WH-2022-0001", "B"
    claims = [example_claim(), example_claim(loan=example_loan(loan_id=b))]
    events = [
        RecoveryEvent(loan_id=a, on=dt.date(2023, 11, 1), amount="100000"),
        RecoveryEvent(loan_id=a, on=dt.date(2023, 12, 1), amount="100000"),
        RecoveryEvent(loan_id=a, on=dt.date(2024, 1, 10), amount="600000"),
        RecoveryEvent(loan_id=a, on=dt.date(2024, 1, 11), amount="1"),
        RecoveryEvent(loan_id=b, on=dt.date(2023, 12, 1), amount="400000"),
        RecoveryEvent(loan_id=b, on=dt.date(2024, 2, 1), kind="fraud"),
    ]
    result = assess_portfolio(claims, events=events)

    def split(p: str, m: str, bank: str) -> tuple[dict[str, Decimal], Decimal]:
        return {"provincial": D(p), "municipal": D(m)}, D(bank)

    moves = result.money_back
    assert [(m.index, m.bank, m.business_year, m.applied) for m in moves] == [
        (i, "示例银行威海分行", 2023, i != 3) for i in range(6)
    ]
    assert [(m.to_payers, m.to_bank) for m in moves] == [
        split("40000.00", "20000.00", "40000.00"),
        split("40000.00", "20000.00", "40000.00"),
        split("240000.00", "120000.00", "240000.00"),  # exactly what was left
        ({}, D("0.00")),
        split("160000.00", "80000.00", "160000.00"),
        split("160000.00", "80000.00", "0.00"),  # the fraud return: what is still out
    ]
    (row,) = result.statement
    assert row.recovered == {"provincial": D("480000.00"), "municipal": D("240000.00")}
    assert row.recovered_to_bank == D("480000.00")
    assert row.returned == {"provincial": D("160000.00"), "municipal": D("80000.00")}
    assert row.net == {"provincial": D("0.00"), "municipal": D("0.00")}


def test_claims_are_taken_in_time_order_and_the_loan_position_adds_them_up() -> None:
    """D5: claims in application order, a claim not yet applied for after those that
    are (whatever the input order); the loan's position counts its claims, the eligible
    ones and what each fund paid; the portfolio's date is the latest claim date."""
    claims = [
        example_claim(recognized_on=dt.date(2023, 12, 1), applied_on=None),
        example_claim(),
        _follow_up(principal_loss="500000"),
        example_claim(
            fraud_found=True, recognized_on=dt.date(2023, 11, 2), applied_on=dt.date(2023, 11, 7)
        ),
    ]
    result = assess_portfolio(claims)
    assert [(r.index, r.earlier, r.assessment.eligible) for r in result.results] == [
        (0, (1, 2), False),
        (1, (), True),
        (2, (1,), True),
        (3, (1, 2), False),
    ]
    (loan,) = result.loans
    assert (loan.bank, loan.claims, loan.eligible) == ("示例银行威海分行", 4, 2)
    assert loan.paid == {"provincial": D("520000.00"), "municipal": D("260000.00")}
    assert loan.headroom == {"municipal": D("940000.00")}
    assert (result.totals.claims, result.totals.eligible) == (4, 2)
    assert [(r.claims, r.eligible) for r in result.statement] == [(4, 2)]
    assert result.as_of == dt.date(2023, 12, 1)


def test_ip_losses_up_to_exactly_the_ip_principal_are_paid() -> None:
    """D5, I69: 1,200,000 then 800,000 of IP-part loss on a 2,000,000 IP principal: both
    paid (only more than the principal is refused)."""
    claims = [
        example_claim(principal_loss="1200000"),
        _follow_up(),
    ]
    assert [r.assessment.eligible for r in assess_portfolio(claims).results] == [True, True]


def test_the_next_report_date_is_strictly_after_the_portfolio_date() -> None:
    """Art. 11: on a report date itself, the next one is the following date."""
    result = assess_portfolio([example_claim()], as_of=dt.date(2024, 6, 30))
    assert result.report_dates == {"示例银行威海分行": (dt.date(2024, 11, 30),)}


def test_the_book_names_bad_events_and_dates() -> None:
    from ipcomp import PortfolioBook

    with pytest.raises(
        InvalidArgument, match=r"^events must be an iterable of ipcomp\.RecoveryEvent"
    ):
        PortfolioBook(events=3)  # type: ignore[arg-type]
    with pytest.raises(InvalidArgument, match=r"^as_of must be a datetime\.date, not str$"):
        assess_portfolio([example_claim()], as_of="2024-01-01")  # type: ignore[arg-type]
