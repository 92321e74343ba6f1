"""Generate the bundled example portfolio: about 200 fictitious claims in Weihai.

Deterministic (``random.Random(SEED)``, no hypothesis): running it again gives the same
bytes. Writes, beside this file:

* ``portfolio.csv``   — the claims as flat CSV rows (columns: docs/cli.md);
* ``portfolio.jsonl`` — the same claims, one ``Claim`` JSON per line;
* ``portfolio_bad.jsonl`` — a few valid and a few deliberately malformed rows, for the
  error handling of ``ipcomp assess`` (tests and docs);
* ``recoveries.csv`` — money back after payment (``ipcomp assess --events``): two
  recoveries, a fraud return and an event on a loan the portfolio does not hold.

Three loans have a follow-up claim; the follow-ups state nothing as paid before (the
first claim was paid inside the portfolio), and in portfolio mode the loan's cap cuts
them (D5).

Every bank, enterprise and loan is invented. Six banks: five cooperating banks with
assessed caps for some business years (one with a cap below the first-year cap, one with
years missing) and one troubled bank whose 2022 assessment record (1,800,000 yuan) is
above the policy's maximum, a data error that blocks its claims
(``BANK_ASSESSED_CAP_ABOVE_MAX``). Every finding code of docs/schemes/weihai_2020/policy.md appears at least
once under ``WEIHAI_2020``, except ``NOTE_DEADLINE_ESTIMATED``, which needs the opt-in
``Policy(calendar_estimate=True)`` (``examples/policy_calendar_estimate.json``) and then
appears on the claims recognised in late December 2026.

Run: ``python examples/make_portfolio.py`` (``--check`` only compares).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from ipcomp import (
    Bank,
    Claim,
    Code,
    Enterprise,
    Industry,
    IPKind,
    Loan,
    Pledge,
    Rating,
    RiskClass,
    add_working_days,
    assess,
    assess_portfolio,
)
from ipcomp.core.uscc import USCC_ALPHABET, check_character
from ipcomp.records import write_claims

SEED = 20200823
HERE = Path(__file__).resolve().parent
REGULAR = 155  # claims drawn at random; the scenarios below bring the total to about 200

# --- banks -------------------------------------------------------------------------------


def _bank(name: str, reported: dt.date | None, caps: dict[int, int], **facts: Any) -> Bank:
    base: dict[str, Any] = {
        "meets_fund_conditions": True,
        "ip_credit_system": True,
        "responsible_staff": True,
        "filed_in_shandong": True,
    }
    return Bank(
        name=name,
        reported_in_weihai_on=reported,
        assessed_caps={year: Decimal(cap) for year, cap in caps.items()},
        **{**base, **facts},
    )


COASTAL = _bank(
    "威海海岸商业银行",
    dt.date(2020, 8, 28),
    {
        2021: 1_200_000,
        2022: 1_500_000,
        2023: 1_300_000,
        2024: 1_500_000,
        2025: 1_500_000,
        2026: 1_500_000,
    },
)
FISHING_PORT = _bank(  # no assessment for 2023 and 2025: NOTE_NO_ASSESSMENT
    "荣成渔港农村商业银行",
    dt.date(2020, 9, 15),
    {2021: 1_000_000, 2022: 1_200_000, 2024: 1_400_000},
)
SILVER_BEACH = _bank(  # joined in 2021; its 2022 cap is below the first-year cap
    "乳山银滩村镇银行",
    dt.date(2021, 6, 1),
    {2022: 800_000, 2023: 1_000_000, 2024: 1_200_000, 2025: 1_200_000},
)
KUNYU = _bank(
    "文登昆嵛商业银行",
    dt.date(2020, 10, 20),
    {
        2021: 1_500_000,
        2022: 1_500_000,
        2023: 1_500_000,
        2024: 1_500_000,
        2025: 1_500_000,
        2026: 1_500_000,
    },
)
HI_TECH = _bank(  # reported only in March 2022: its first business year is 2022
    "威海高区科创银行",
    dt.date(2022, 3, 15),
    {2023: 1_300_000, 2024: 1_500_000, 2025: 1_400_000},
)
EAST_PORT_CAPS = {2022: 1_800_000, 2023: 1_000_000}  # 1,800,000 > 1,500,000: data error
GOOD_BANKS = (COASTAL, FISHING_PORT, SILVER_BEACH, KUNYU, HI_TECH)
BANK_WEIGHTS = (30, 22, 12, 22, 14)


def east_port(**facts: Any) -> Bank:
    """The troubled bank, as it stood at one claim (its facts vary between claims)."""
    return _bank("环翠东港村镇银行", dt.date(2021, 1, 10), EAST_PORT_CAPS, **facts)


# --- enterprises -------------------------------------------------------------------------

PLACES = ("威海", "荣成", "文登", "乳山", "环翠", "石岛", "经区", "高区")
DIVISIONS = {
    "威海": "371000",
    "荣成": "371082",
    "文登": "371003",
    "乳山": "371083",
    "环翠": "371002",
    "石岛": "371082",
    "经区": "371071",
    "高区": "371072",
}
WORDS = (
    "海汇", "蓝海", "鑫源", "华宇", "远航", "泰和", "盛隆", "金港", "瑞丰", "海阔", "恒信",
    "朗润", "晟达", "佳和", "昆嵛", "银滩", "成山", "鲸鸣", "海韵", "联拓", "天润", "润通",
    "北洋", "东方", "宏基", "新诺", "禾丰", "聚源", "星海", "长青",
)  # fmt: skip
TRADES: dict[Industry, tuple[str, ...]] = {
    Industry.INDUSTRY: ("精密机械", "渔具制造", "医疗器械", "新材料", "船舶配件", "电子科技"),
    Industry.SOFTWARE_IT: ("软件科技", "信息技术", "数据科技"),
    Industry.AGRICULTURE: ("海洋牧场", "水产养殖", "海参养殖", "果业"),
    Industry.WHOLESALE: ("海产品贸易", "商贸"),
    Industry.RETAIL: ("百货", "连锁超市"),
    Industry.TRANSPORT: ("物流运输", "海运"),
    Industry.WAREHOUSING: ("冷链仓储",),
    Industry.CONSTRUCTION: ("建设工程",),
    Industry.INFORMATION_TRANSMISSION: ("网络通信",),
    Industry.LEASING_BUSINESS_SERVICES: ("设备租赁", "知识产权服务"),
    Industry.OTHER: ("生物科技", "检测技术", "海洋科学研究"),
    Industry.CATERING: ("餐饮管理",),
    Industry.ACCOMMODATION: ("酒店管理",),
}
INDUSTRY_WEIGHTS = (40, 12, 8, 8, 4, 4, 3, 3, 3, 3, 8, 2, 2)


class Maker:
    """Deterministic fictitious enterprises, loans and claims."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.codes: set[str] = set()
        self.loan_numbers: dict[int, int] = {}

    # -- parts --
    def credit_code(self, division: str) -> str:
        while True:
            body = "".join(self.rng.choice(USCC_ALPHABET) for _ in range(9))
            first17 = "91" + division + body
            code = first17 + check_character(first17)
            if code not in self.codes:
                self.codes.add(code)
                return code

    def enterprise(self, **changes: Any) -> Enterprise:
        rng = self.rng
        industry = rng.choices(list(TRADES), INDUSTRY_WEIGHTS)[0]
        while True:
            place = rng.choice(PLACES)
            name = f"{place}{rng.choice(WORDS)}{rng.choice(TRADES[industry])}有限公司"
            if name not in self.names:
                self.names.add(name)
                break
        data: dict[str, Any] = {
            "name": name,
            "industry": industry,
            "legal_person": True,
            "operating": True,
            "via_platform": True,
            "rating": rng.choices([Rating.A, Rating.B, Rating.C], [25, 45, 30])[0],
            "credit_code": self.credit_code(DIVISIONS[place]),
            "employees": rng.randint(8, 180),
            "revenue": Decimal(rng.randint(300, 9000) * 10_000),
            "total_assets": Decimal(rng.randint(500, 12_000) * 10_000),
        }
        if rng.random() < 0.08:  # registered with an explicit division code only
            data["division_code"] = data.pop("credit_code")[2:8]
        return Enterprise.model_validate({**data, **changes})

    def patent(self) -> str:
        digits = f"{self.rng.randint(2014, 2021)}{self.rng.choice('123')}{self.rng.randint(0, 9_999_999):07d}"
        weights = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
        check = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
        return f"ZL{digits}.{'X' if check == 10 else check}"

    def pledges(self) -> tuple[Pledge, ...]:
        rng = self.rng
        out = [Pledge(kind=IPKind.PATENT, registered=True, number=self.patent())]
        for _ in range(rng.choices([0, 1, 2], [55, 35, 10])[0]):
            if rng.random() < 0.6:
                out.append(Pledge(kind=IPKind.PATENT, registered=True, number=self.patent()))
            else:
                number = str(rng.randint(10_000_000, 59_999_999))
                out.append(Pledge(kind=IPKind.TRADEMARK, registered=True, number=number))
        if rng.random() < 0.15:  # a trademark-only loan
            out = [
                Pledge(
                    kind=IPKind.TRADEMARK,
                    registered=True,
                    number=str(rng.randint(10_000_000, 59_999_999)),
                )
            ]
        return tuple(out)

    def loan_id(self, day: dt.date) -> str:
        self.loan_numbers[day.year] = self.loan_numbers.get(day.year, 0) + 1
        return f"WH-{day.year}-{self.loan_numbers[day.year]:04d}"

    def day(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, (end - start).days))

    # -- loans and claims --
    def loan(
        self,
        bank: Bank,
        disbursed: dt.date,
        *,
        size: str | None = None,
        combined: bool | None = None,
        **changes: Any,
    ) -> Loan:
        rng = self.rng
        size = size or rng.choices(["small", "medium", "large"], [70, 27, 3])[0]
        low, high = {"small": (50, 300), "medium": (300, 600), "large": (600, 2000)}[size]
        principal = Decimal(rng.randint(low, high) * 10_000)
        if combined is None:
            combined = rng.random() < 0.3
        ip_principal = None
        if combined:
            ip_principal = Decimal(
                int(principal * Decimal(rng.randint(40, 80)) / 100 / 10_000) * 10_000
            )
        data: dict[str, Any] = {
            "loan_id": self.loan_id(disbursed),
            "enterprise": self.enterprise(),
            "bank": bank,
            "disbursed_on": disbursed,
            "principal": principal,
            "ip_principal": ip_principal,
            "pledges": self.pledges(),
            "direct": True,
            "written_contract": True,
            "via_platform": True,
        }
        return Loan.model_validate({**data, **changes})

    def claim(
        self,
        loan: Loan,
        *,
        recognized: dt.date | None = None,
        within: int | None = None,
        loss_share: tuple[int, int] = (30, 100),
        **changes: Any,
    ) -> Claim:
        rng = self.rng
        fen = int(loan.principal * 100)
        loss = Decimal(rng.randint(fen * loss_share[0] // 100, fen * loss_share[1] // 100)) / 100
        stated = None
        if loan.ip_principal is not None and rng.random() < 0.35:
            top = int(min(loss, loan.ip_principal) * 100)
            stated = Decimal(rng.randint(top * 80 // 100, top)) / 100
        if recognized is None:
            earliest = loan.disbursed_on + dt.timedelta(days=240)
            recognized = self.day(
                earliest, min(earliest + dt.timedelta(days=700), dt.date(2026, 11, 30))
            )
        applied = changes.get("applied_on")
        if "applied_on" not in changes:
            applied = add_working_days(recognized, within or rng.randint(1, 10))
        data: dict[str, Any] = {
            "loan": loan,
            "principal_loss": loss,
            "ip_principal_loss": stated,
            "risk_class": rng.choices(
                [RiskClass.SUBSTANDARD, RiskClass.DOUBTFUL, RiskClass.LOSS], [25, 35, 40]
            )[0],
            "overdue": True,
            "recognized_on": recognized,
            "applied_on": applied,
            "via_platform": True,
        }
        return Claim.model_validate({**data, **changes})


# --- the portfolio -----------------------------------------------------------------------


def _regular(m: Maker) -> list[Claim]:
    claims = []
    for _ in range(REGULAR):
        bank = m.rng.choices(GOOD_BANKS, BANK_WEIGHTS)[0]
        start = max(dt.date(2020, 9, 1), bank.reported_in_weihai_on or dt.date(2020, 9, 1))
        disbursed = m.day(start, dt.date(2025, 10, 31))
        claims.append(m.claim(m.loan(bank, disbursed)))
    return claims


#: The follow-up claims of the last :func:`_scenarios` (checked in the portfolio).
follow_ups: list[Claim] = []


def _scenarios(m: Maker) -> list[tuple[Claim, set[Code]]]:
    """Claims that show one rule each, with the codes each must carry (alone)."""
    out: list[tuple[Claim, set[Code]]] = []
    follow_ups.clear()

    def add(claim: Claim, *codes: Code) -> Claim:
        out.append((claim, set(codes)))
        return claim

    day = dt.date
    # Business year 2020 (Mar 2020 - Feb 2021): fast defaults in the first year.
    for bank in (COASTAL, FISHING_PORT):
        loan = m.loan(bank, m.day(day(2020, 8, 24), day(2020, 9, 30)))
        add(m.claim(loan, recognized=m.day(day(2021, 1, 5), day(2021, 2, 10))))
    # Caps binding (Art. 8(2), D5-D8).
    big = m.loan(
        COASTAL, day(2021, 4, 12), size="large", combined=False, principal=Decimal(12_000_000)
    )
    add(m.claim(big, recognized=day(2023, 3, 15), loss_share=(70, 90)), Code.NOTE_CAP_APPLIED)
    first_year = m.loan(HI_TECH, day(2022, 4, 8), combined=False, principal=Decimal(9_000_000))
    add(m.claim(first_year, recognized=day(2023, 2, 1), loss_share=(70, 95)), Code.NOTE_CAP_APPLIED)
    low_cap = m.loan(SILVER_BEACH, day(2021, 7, 1), combined=False, principal=Decimal(6_000_000))
    add(m.claim(low_cap, recognized=day(2022, 9, 5), loss_share=(80, 100)), Code.NOTE_CAP_APPLIED)
    no_assessment = m.loan(
        FISHING_PORT, day(2021, 11, 3), combined=False, principal=Decimal(10_000_000)
    )
    add(
        m.claim(no_assessment, recognized=day(2023, 6, 12), loss_share=(70, 90)),
        Code.NOTE_CAP_APPLIED,
        Code.NOTE_NO_ASSESSMENT,
    )
    # D5: follow-up claims on the same loan. What the first claim was paid is paid inside
    # the portfolio, so the follow-up states nothing as paid before: `ipcomp assess`
    # carries it (portfolio mode), and the cap cuts the follow-up there.
    for bank, start, later in (
        (KUNYU, day(2021, 2, 1), day(2024, 5, 6)),
        (COASTAL, day(2021, 9, 1), day(2024, 9, 9)),
        (FISHING_PORT, day(2022, 1, 10), day(2024, 4, 8)),
    ):
        loan = m.loan(bank, start, size="large", combined=False, principal=Decimal(16_000_000))
        add(m.claim(loan, recognized=start + dt.timedelta(days=600), loss_share=(25, 35)))
        follow_ups.append(m.claim(loan, recognized=later, loss_share=(25, 40)))
        out.append((follow_ups[-1], set()))
    # Art. 14, D13: recognised and applied after the measures expired.
    late_loan = m.loan(KUNYU, day(2025, 1, 20))
    add(m.claim(late_loan, recognized=day(2026, 9, 10)), Code.NOTE_POLICY_EXPIRED)
    add(
        m.claim(m.loan(COASTAL, day(2025, 3, 3)), recognized=day(2026, 10, 26)),
        Code.NOTE_POLICY_EXPIRED,
    )
    # D10: the 10th working day after 24 Dec 2026 falls in 2027, whose holiday notice is not
    # published: lateness of an application on 11 Jan 2027 cannot be decided.
    unknown = m.loan(KUNYU, day(2025, 3, 18))
    add(
        m.claim(unknown, recognized=day(2026, 12, 24), applied_on=day(2027, 1, 11)),
        Code.CLAIM_DEADLINE_UNKNOWN,
        Code.NOTE_POLICY_EXPIRED,
    )
    # ... and one recognised on 28 Dec 2026 that has not applied yet: no deadline is known.
    pending = m.loan(COASTAL, day(2025, 5, 6))
    add(m.claim(pending, recognized=day(2026, 12, 28), applied_on=None), Code.NOTE_POLICY_EXPIRED)
    # Art. 3: the enterprise.
    bank = COASTAL

    def with_enterprise(code: Code, **facts: Any) -> None:
        loan = m.loan(
            bank, m.day(day(2021, 3, 1), day(2024, 6, 30)), enterprise=m.enterprise(**facts)
        )
        add(m.claim(loan), code)

    with_enterprise(
        Code.ENTERPRISE_NOT_IN_WEIHAI, credit_code=m.credit_code("370602"), division_code=None
    )
    with_enterprise(Code.ENTERPRISE_NOT_LEGAL_PERSON, legal_person=False)
    with_enterprise(Code.ENTERPRISE_NOT_OPERATING, operating=False)
    with_enterprise(
        Code.ENTERPRISE_NOT_SME,
        industry=Industry.INDUSTRY,
        employees=1500,
        revenue=Decimal(520_000_000),
    )
    with_enterprise(Code.ENTERPRISE_SIZE_UNKNOWN, industry=Industry.SOFTWARE_IT, employees=None)
    with_enterprise(Code.ENTERPRISE_NOT_VIA_PLATFORM, via_platform=False)
    with_enterprise(Code.ENTERPRISE_RATING_BELOW_C, rating=Rating.D)
    with_enterprise(Code.ENTERPRISE_RATING_MISSING, rating=None)
    # Art. 4, 7, 14: the loan.
    bank = KUNYU

    def with_loan(code: Code, disbursed: dt.date | None = None, **facts: Any) -> None:
        when = disbursed or m.day(day(2021, 3, 1), day(2024, 6, 30))
        add(m.claim(m.loan(bank, when, **facts)), code)

    with_loan(
        Code.LOAN_NO_ELIGIBLE_IP,
        pledges=(Pledge(kind=IPKind.SOFTWARE_COPYRIGHT, registered=True, number="2021SR0123456"),),
    )
    with_loan(Code.LOAN_NOT_DIRECT, direct=False)
    with_loan(Code.LOAN_NOT_VIA_PLATFORM, via_platform=False)
    with_loan(Code.LOAN_NO_WRITTEN_CONTRACT, written_contract=False)
    with_loan(
        Code.LOAN_PLEDGE_NOT_REGISTERED,
        pledges=(
            Pledge(kind=IPKind.PATENT, registered=True, number=m.patent()),
            Pledge(kind=IPKind.TRADEMARK, registered=False, number="31245678"),
        ),
    )
    with_loan(
        Code.LOAN_PLEDGE_NOT_REGISTERED,
        pledges=(Pledge(kind=IPKind.PATENT, registered=None, number=m.patent()),),
    )
    with_loan(Code.LOAN_OUTSIDE_VALIDITY, disbursed=day(2020, 7, 15))
    # Art. 6: the banks.
    add(
        m.claim(m.loan(HI_TECH, day(2021, 11, 2)), recognized=day(2022, 2, 21)),
        Code.BANK_NOT_REPORTED_IN_WEIHAI,
    )
    for facts, code in (
        ({}, Code.BANK_ASSESSED_CAP_ABOVE_MAX),
        ({"meets_fund_conditions": False}, Code.BANK_FUND_CONDITIONS_UNMET),
        ({"ip_credit_system": False}, Code.BANK_NO_IP_CREDIT_SYSTEM),
        ({"responsible_staff": None}, Code.BANK_NO_RESPONSIBLE_STAFF),
        ({"filed_in_shandong": False}, Code.BANK_NOT_FILED_IN_SHANDONG),
    ):
        loan = m.loan(east_port(**facts), m.day(day(2021, 3, 1), day(2023, 6, 30)))
        add(m.claim(loan), code, Code.BANK_ASSESSED_CAP_ABOVE_MAX)
    # Art. 8, 9, 10: the claim.
    bank = FISHING_PORT

    def with_claim(code: Code, **facts: Any) -> None:
        loan = m.loan(bank, m.day(day(2021, 3, 1), day(2024, 6, 30)))
        add(m.claim(loan, **facts), code)

    with_claim(Code.CLAIM_NO_PRINCIPAL_LOSS, loss_share=(0, 0))
    with_claim(Code.CLAIM_NOT_NON_PERFORMING, risk_class=RiskClass.SPECIAL_MENTION)
    with_claim(Code.CLAIM_NOT_NON_PERFORMING, overdue=False)
    with_claim(Code.CLAIM_NOT_RECOGNISED, recognized_on=None, applied_on=None)
    with_claim(Code.CLAIM_NOT_VIA_PLATFORM, via_platform=False)
    with_claim(Code.CLAIM_LATE, within=14)
    with_claim(Code.CLAIM_LATE, within=11)
    with_claim(Code.CLAIM_FRAUD, fraud_found=True)
    return out


def _claim_day(claim: Claim) -> dt.date:
    return claim.applied_on or claim.recognized_on or claim.loan.disbursed_on


def portfolio(seed: int = SEED) -> list[Claim]:
    """The example portfolio, sorted by claim date; checks every scenario's codes."""
    m = Maker(seed)
    claims = _regular(m)
    for claim in claims:
        found = assess(claim).codes
        blocking = {c for c in found if not c.startswith("NOTE_")}
        assert not blocking, (claim.loan.loan_id, blocking)
    for claim, codes in _scenarios(m):
        found = assess(claim).codes
        assert codes <= found, (claim.loan.loan_id, codes, found)
        claims.append(claim)
    claims.sort(key=lambda c: (_claim_day(c), c.loan.loan_id))
    # in the portfolio, every follow-up is cut by its loan's cap (D5), and nothing else
    # becomes blocking there
    result = assess_portfolio(claims)
    for claim, r in zip(claims, result.results, strict=True):
        if claim in follow_ups:
            assert r.earlier, claim.loan.loan_id
            assert Code.NOTE_CAP_APPLIED in r.assessment.codes, claim.loan.loan_id
        assert r.assessment.eligible == assess(claim).eligible, claim.loan.loan_id
    return claims


def _events(claims: list[Claim]) -> str:
    """Money back (Art. 7(4), 9, 10; D14, D15) as CSV: a recovery on a loan with a
    follow-up claim, a recovery and a fraud return on regular loans, and one event on a
    loan the portfolio does not hold (reported, RECOVERY_NOT_APPLIED)."""
    paid = [
        (c, a)
        for c, a in zip(claims, assess_portfolio(claims).assessments, strict=True)
        if a.eligible and c.applied_on is not None and c.applied_on.year <= 2024
    ]
    follow = next(c for c in claims if c in follow_ups)
    regular = [c for c, _ in paid if c.loan.loan_id.startswith("WH-") and c not in follow_ups]
    rows = [
        ("loan_id", "on", "kind", "amount"),
        (follow.loan.loan_id, "2025-03-14", "recovery", "300000.00"),
        (regular[3].loan.loan_id, "2025-05-20", "recovery", "50000.00"),
        (regular[7].loan.loan_id, "2025-06-30", "fraud", ""),
        ("WH-1999-0001", "2025-07-01", "recovery", "1000.00"),
    ]
    return "".join(",".join(row) + "\n" for row in rows)


def _bad_rows(claims: list[Claim]) -> str:
    """JSON Lines with valid rows and deliberately malformed ones (one problem each)."""
    good = [json.loads(c.model_dump_json()) for c in claims[:3]]

    def variant(base: dict[str, Any], change: Callable[[dict[str, Any]], None]) -> str:
        data = json.loads(json.dumps(base))
        change(data)
        return json.dumps(data, ensure_ascii=False)

    def put(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
        def change(data: dict[str, Any]) -> None:
            *parents, last = path.split(".")
            for key in parents:
                data = data[key]
            data[last] = value

        return change

    def drop(key: str) -> Callable[[dict[str, Any]], None]:
        return lambda data: data.pop(key)

    a, b = good[0], good[1]
    recognised = dt.date.fromisoformat(a["recognized_on"])
    code = a["loan"]["enterprise"]["credit_code"] or "91371000MA3C4L3X17"
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    lines = [
        json.dumps(a, ensure_ascii=False),  # 1 valid
        variant(b, put("principal_loss", 123456.7)),  # 2 a float amount
        variant(b, put("loan.principal", "1000000.005")),  # 3 digits below the fen
        variant(a, put("loan.enterprise.credit_code", wrong)),  # 4 wrong check character
        variant(a, put("applied_on", (recognised - dt.timedelta(days=3)).isoformat())),  # 5
        variant(b, put("principal_loss", "999999999.00")),  # 6 loss above the principal
        json.dumps(b, ensure_ascii=False)[:120],  # 7 truncated JSON
        variant(a, drop("overdue")),  # 8 a required field missing
        variant(b, put("loan_officer", "张三")),  # 9 an unknown field
        variant(a, put("recognized_on", "2023-02-30")),  # 10 no such date
        variant(b, put("loan.enterprise.rating", "AA")),  # 11 not a rating
        json.dumps(good[2], ensure_ascii=False),  # 12 valid
        variant(a, put("loan.ip_principal", "-5")),  # 13 a negative amount
    ]
    return "\n".join(lines) + "\n"


def render(seed: int = SEED) -> dict[str, str]:
    """The files' contents: ``{file name: text}``."""
    claims = portfolio(seed)
    files: dict[str, str] = {}
    for name, fmt in (("portfolio.csv", "csv"), ("portfolio.jsonl", "jsonl")):
        buffer = io.StringIO()
        write_claims(claims, buffer, fmt)  # type: ignore[arg-type]
        files[name] = buffer.getvalue()
    files["portfolio_bad.jsonl"] = _bad_rows(claims)
    files["recoveries.csv"] = _events(claims)
    return files


def main(argv: list[str]) -> int:
    files = render()
    if "--check" in argv:
        stale = [n for n, t in files.items() if (HERE / n).read_text(encoding="utf-8") != t]
        for name in stale:
            print(f"{name} is out of date: run python examples/make_portfolio.py", file=sys.stderr)
        return 1 if stale else 0
    for name, text in files.items():
        (HERE / name).write_text(text, encoding="utf-8", newline="")
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
