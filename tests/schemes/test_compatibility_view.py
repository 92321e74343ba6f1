"""The Weihai-shaped compatibility view of ``Compensation`` (``provincial``, ``municipal``,
their rates, caps and payments before, ``cap_basis``) under schemes of other shapes (issue
12, item 4): it reads the payers named ``provincial`` and ``municipal`` and the first cap
that limits the municipal payer, and is zero / ``None`` / ``"none"`` where a scheme has no
such payer or cap. The tuple of shares is the general answer; the view must agree with it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from _strategies import example_scheme_data, whole_loan_claim
from ipcomp import compensate
from ipcomp.core.money import MAX_AMOUNT
from ipcomp.schemes import Scheme, get_scheme

D = dt.date


def _scheme(data: dict[str, Any]) -> Scheme:
    return Scheme.model_validate(data)


def _with_weihai_code(data: dict[str, Any], code: str) -> None:
    """Adds a code of Weihai's code table to the example scheme's data (the example has no
    assessed cap, so no NOTE_NO_ASSESSMENT, until a test gives it one)."""
    data["codes"][code] = get_scheme("weihai_2020").codes[code].model_dump(mode="json")


def test_the_view_reads_the_provincial_and_municipal_shares() -> None:
    """Three payers, one per-loan cap of 30% of the principal: the view is the shares of
    the payers named provincial and municipal, and the cap is a principal share."""
    scheme = _scheme(example_scheme_data())
    c = compensate(
        whole_loan_claim(
            municipal_paid_before=Decimal("10000.00"),
            provincial_paid_before=Decimal("20000.00"),
        ),
        scheme,
    )
    share = {s.payer: s for s in c.shares}
    assert c.cap_basis == "principal_share"
    assert c.municipal_cap == Decimal("300000.00")
    assert (c.provincial, c.provincial_uncapped, c.provincial_rate, c.provincial_paid_before) == (
        share["provincial"].paid,
        share["provincial"].uncapped,
        Decimal("0.40"),
        Decimal("20000.00"),
    )
    assert (c.municipal, c.municipal_uncapped, c.municipal_rate, c.municipal_paid_before) == (
        share["municipal"].paid,
        share["municipal"].uncapped,
        Decimal("0.30"),
        Decimal("10000.00"),
    )
    assert share["municipal"].cap == Decimal("300000.00")
    assert c.total == sum((s.paid for s in c.shares), Decimal("0.00"))


def test_a_fixed_municipal_cap_is_named_fixed() -> None:
    data = example_scheme_data()
    data["caps"][0] = {**data["caps"][0], "kind": "fixed", "amount": "250000.00"}
    del data["caps"][0]["share"]
    c = compensate(whole_loan_claim(), _scheme(data))
    assert c.cap_basis == "fixed"
    assert c.municipal_cap == Decimal("250000.00")


def test_a_cap_that_does_not_limit_the_municipal_payer_is_not_its_cap() -> None:
    data = example_scheme_data()
    data["caps"][0] = {**data["caps"][0], "payers": ["provincial"], "cut_order": ["provincial"]}
    c = compensate(whole_loan_claim(), _scheme(data))
    assert c.cap_basis == "none"
    assert c.municipal_cap == MAX_AMOUNT
    assert c.municipal == c.municipal_uncapped == Decimal("240000.00")  # 30% of 800,000.00


def test_without_payers_named_provincial_and_municipal_the_view_is_empty() -> None:
    """A scheme whose payers have other ids: no provincial or municipal payment, rate or
    payment before in the view, no municipal cap; the shares still pay."""
    c = compensate(whole_loan_claim(), _scheme(example_scheme_data(renamed=True)))
    zero = Decimal("0.00")
    assert (c.provincial, c.provincial_uncapped, c.provincial_paid_before) == (zero, zero, zero)
    assert (c.municipal, c.municipal_uncapped, c.municipal_paid_before) == (zero, zero, zero)
    assert (c.provincial_rate, c.municipal_rate) == (None, None)
    assert (c.cap_basis, c.municipal_cap) == ("none", MAX_AMOUNT)
    assert [s.payer for s in c.shares] == ["province", "city", "guarantor"]
    assert c.total == sum((s.paid for s in c.shares), zero) > zero


def test_an_assessed_cap_of_the_provincial_payer_alone_leaves_the_view_without_a_cap() -> None:
    """``cap_basis`` describes the municipal payer's cap: an assessed cap that limits only
    the provincial payer gives ``"none"``."""
    data = example_scheme_data()
    data["caps"][0] = {
        **{k: v for k, v in data["caps"][0].items() if k != "share"},
        "kind": "assessed",
        "payers": ["provincial"],
        "cut_order": ["provincial"],
        "first_year": "1000000.00",
        "later_year_max": "1500000.00",
    }
    _with_weihai_code(data, "NOTE_NO_ASSESSMENT")
    c = compensate(whole_loan_claim(), _scheme(data))
    assert (c.cap_basis, c.municipal_cap) == ("none", MAX_AMOUNT)


def test_a_payer_on_direct_pledges_pays_on_a_direct_loan_only() -> None:
    """A payer's ``applies_to`` (issue 12, item 7): ``direct`` pays on a direct pledge, not
    on an indirect one; the payers of ``all`` pay on both."""
    data = example_scheme_data()
    data["payers"][2] = {**data["payers"][2], "applies_to": "direct"}
    scheme = _scheme(data)
    direct = whole_loan_claim("100000.00")
    indirect = whole_loan_claim("100000.00", direct=False)
    paid = {s.payer: s.paid for s in compensate(direct, scheme).shares}
    assert paid == {
        "provincial": Decimal("40000.00"),
        "municipal": Decimal("30000.00"),
        "guarantor": Decimal("10000.00"),
    }
    paid = {s.payer: s.paid for s in compensate(indirect, scheme).shares}
    assert paid == {
        "provincial": Decimal("40000.00"),
        "municipal": Decimal("30000.00"),
        "guarantor": Decimal("0.00"),
    }


def test_the_pool_note_names_every_share_a_pool_cut_in_both_languages() -> None:
    """NOTE_POOL_LIMITED (the example scheme's fund pools pay only up to their balance):
    the note names each cut share, uncapped → paid, in the cut order, in both
    languages."""
    data = example_scheme_data()
    data["payers"][0] = {**data["payers"][0], "pool": "5000000.00"}
    claim = whole_loan_claim("20000000.00", principal="50000000.00")
    c = compensate(claim, _scheme(data))
    assert [(s.payer, s.uncapped, s.paid) for s in c.shares] == [
        ("provincial", Decimal("8000000.00"), Decimal("5000000.00")),
        ("municipal", Decimal("6000000.00"), Decimal("3000000.00")),
        ("guarantor", Decimal("0.00"), Decimal("0.00")),
    ]
    (note,) = c.notes
    assert note.code == "NOTE_POOL_LIMITED"
    assert note.message_zh == (
        "资金池余额不足，仅按余额补偿：市级 6,000,000.00 → 3,000,000.00 元，"
        "省级 8,000,000.00 → 5,000,000.00 元。"
    )
    assert note.message_en == (
        "a fund pool paid only its remaining balance: municipal 6,000,000.00 → "
        "3,000,000.00, provincial 8,000,000.00 → 5,000,000.00."
    )
    assert c.capped


def _two_payers(cap: dict[str, Any]) -> Scheme:
    """The example scheme without its guarantor: the payers are exactly provincial and
    municipal, as in Weihai, under a cap of another kind."""
    data = example_scheme_data()
    data["payers"] = data["payers"][:2]
    data["caps"] = [
        {**cap, "payers": ["provincial", "municipal"], "cut_order": ["municipal", "provincial"]}
    ]
    return _scheme(data)


def test_explain_lists_the_shares_under_a_cap_that_is_not_weihais() -> None:
    """Under a fixed, principal-share or no municipal cap, ``explain`` lists every share
    (the general form), also when the payers are exactly provincial and municipal; the
    Weihai form with its first-year and assessed caps is for assessed caps only."""
    article = {"en": "Art. 7", "zh": "第七条"}
    caps: list[dict[str, Any]] = [
        {"id": "loan", "kind": "fixed", "amount": "100000.00", "article": article},
        {"id": "loan", "kind": "principal_share", "share": "0.05", "article": article},
    ]
    for cap, basis in zip(caps, ("fixed", "principal_share"), strict=True):
        c = compensate(whole_loan_claim(), _two_payers(cap))
        assert c.cap_basis == basis
        lines = c.explain().splitlines()
        assert lines[0].startswith("IP-part principal loss 800,000.00")
        assert [ln.split()[0] for ln in lines[1:3]] == ["provincial", "municipal"]
        assert len(lines) == 4


def test_explain_lists_the_shares_when_the_two_funds_have_no_cap() -> None:
    """Payers exactly provincial and municipal, as in Weihai, but no cap at all:
    ``cap_basis`` is ``"none"`` and ``explain`` lists the two shares, line by line."""
    data = example_scheme_data()
    data["payers"] = data["payers"][:2]
    data["caps"] = []
    c = compensate(whole_loan_claim(), _scheme(data))
    assert (c.cap_basis, c.municipal_cap) == ("none", MAX_AMOUNT)
    assert c.explain() == "\n".join(
        [
            "IP-part principal loss 800,000.00 (the whole loan is IP-secured)",
            "provincial 40% × 800,000.00 = 320,000.00",
            "municipal 30% × 800,000.00 = 240,000.00",
            "total 560,000.00; the bank bears 240,000.00",
        ]
    )


def test_each_assessed_cap_without_an_assessment_notes_its_own_first_year_cap() -> None:
    """D8 for every assessed cap of a scheme: a business year after the bank's first
    without an assessment takes each cap's first-year cap, and each is noted
    (``NOTE_NO_ASSESSMENT``), before the note of the cuts."""
    data = example_scheme_data()
    _with_weihai_code(data, "NOTE_NO_ASSESSMENT")
    article = data["caps"][0]["article"]
    data["caps"] = [
        {
            "id": payer,
            "kind": "assessed",
            "payers": [payer],
            "first_year": first,
            "later_year_max": most,
            "article": article,
        }
        for payer, first, most in (
            ("provincial", "100000.00", "150000.00"),
            ("municipal", "200000.00", "250000.00"),
        )
    ]
    claim = whole_loan_claim(recognized_on=D(2024, 3, 1), applied_on=D(2024, 3, 5))
    c = compensate(claim, _scheme(data))  # the example bank has no assessment for 2024
    assert (c.business_year, c.first_business_year) == (2024, 2021)
    assert [(n.code, n.message_en, n.message_zh) for n in c.notes] == [
        (
            "NOTE_NO_ASSESSMENT",
            "no performance assessment of the bank for business year 2024; the first-year cap "
            "100,000.00 applies.",
            "2024年度无该行绩效考核核定的补偿上限，按首年度上限 100,000.00 元计算。",
        ),
        (
            "NOTE_NO_ASSESSMENT",
            "no performance assessment of the bank for business year 2024; the first-year cap "
            "200,000.00 applies.",
            "2024年度无该行绩效考核核定的补偿上限，按首年度上限 200,000.00 元计算。",
        ),
        (
            "NOTE_CAP_APPLIED",
            "a cap reduced the payment: municipal 240,000.00 → 200,000.00, provincial "
            "320,000.00 → 100,000.00.",
            "补偿上限削减了补偿金额：市级 240,000.00 → 200,000.00 元，省级 320,000.00 → "
            "100,000.00 元。",
        ),
    ]
    assert [(s.payer, s.paid, s.cap) for s in c.shares] == [
        ("provincial", Decimal("100000.00"), Decimal("100000.00")),
        ("municipal", Decimal("200000.00"), Decimal("200000.00")),
        ("guarantor", Decimal("0.00"), None),
    ]
