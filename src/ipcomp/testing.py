"""Ready-made examples and hypothesis strategies for ipcomp's models.

Integrators use these to test and fuzz their own use of ipcomp; ipcomp's test suite
uses them everywhere. The hypothesis strategies need the ``hypothesis`` package
(``pip install hypothesis``, or the ``test`` extra), imported when a strategy is first built; the examples
need nothing (importing this module and calling ``example_claim()`` never imports
hypothesis).

>>> example_claim().loan.enterprise.name
'威海示例知识产权科技有限公司'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .core.enums import Industry, IPKind, Rating, RiskClass
from .core.notices import HolidayNotice
from .facts import Bank, Claim, Enterprise, Loan, Pledge

if TYPE_CHECKING:  # hypothesis is imported by the strategies themselves, when they run
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "OTHER_DIVISIONS",
    "WEIHAI_DIVISIONS",
    "amounts",
    "bad_values",
    "banks",
    "claims",
    "credit_codes",
    "enterprises",
    "example_bank",
    "example_claim",
    "example_enterprise",
    "example_loan",
    "example_notice",
    "holiday_notices",
    "loans",
    "policies",
    "rates",
]


def example_enterprise(**changes: Any) -> Enterprise:
    """A small Weihai manufacturer that meets every criterion of Art. 3."""
    data: dict[str, Any] = {
        "name": "威海示例知识产权科技有限公司",
        "industry": Industry.INDUSTRY,
        "legal_person": True,
        "operating": True,
        "via_platform": True,
        "rating": Rating.B,
        "credit_code": "91371000MA3C4L3X17",
        "employees": 120,
        "revenue": Decimal("56000000"),
    }
    return Enterprise.model_validate({**data, **changes})


def example_bank(**changes: Any) -> Bank:
    """A cooperating bank that meets every criterion of Art. 6, reported in 2020."""
    data: dict[str, Any] = {
        "name": "示例银行威海分行",
        "meets_fund_conditions": True,
        "ip_credit_system": True,
        "responsible_staff": True,
        "filed_in_shandong": True,
        "reported_in_weihai_on": dt.date(2020, 9, 15),
        "assessed_caps": {
            2021: Decimal(1_200_000),
            2022: Decimal(1_500_000),
            2023: Decimal(1_200_000),
        },
    }
    return Bank.model_validate({**data, **changes})


def example_loan(**changes: Any) -> Loan:
    """A 2,000,000 CNY patent-pledge loan disbursed in 2022 that meets Art. 4, 7, 14."""
    data: dict[str, Any] = {
        "loan_id": "WH-2022-0001",
        "enterprise": example_enterprise(),
        "bank": example_bank(),
        "disbursed_on": dt.date(2022, 5, 20),
        "principal": Decimal(2_000_000),
        "pledges": (Pledge(kind=IPKind.PATENT, registered=True, number="ZL202010000001.X"),),
        "direct": True,
        "written_contract": True,
        "via_platform": True,
    }
    return Loan.model_validate({**data, **changes})


def example_claim(**changes: Any) -> Claim:
    """An eligible claim: 800,000 CNY lost, recognised 2023-09-28, applied in time."""
    data: dict[str, Any] = {
        "loan": example_loan(),
        "principal_loss": Decimal(800_000),
        "risk_class": RiskClass.LOSS,
        "overdue": True,
        "recognized_on": dt.date(2023, 9, 28),
        "applied_on": dt.date(2023, 10, 12),
        "via_platform": True,
    }
    return Claim.model_validate({**data, **changes})


def example_notice(year: int = 2027, **changes: Any) -> HolidayNotice:
    """A **fictitious** holiday notice for ``year`` (not the State Council's): 1–3 January
    and 1–7 October off, the Saturdays before and after the October block worked.

    For examples and tests of entered notices only; its title and number say it is not
    a real notice.

    >>> example_notice().citation()
    '示例〔2026〕1号'
    """
    new_year = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(3)]
    october = [dt.date(year, 10, 1) + dt.timedelta(days=i) for i in range(7)]
    before = dt.date(year, 9, 30)
    while before.weekday() != 5:
        before -= dt.timedelta(days=1)
    after = dt.date(year, 10, 8)
    while after.weekday() != 5:
        after += dt.timedelta(days=1)
    data: dict[str, Any] = {
        "$comment": "FICTITIOUS: an example for tests and documentation, not a real notice",
        "year": year,
        "notice": {
            "number": f"示例〔{year - 1}〕1号",
            "date": f"{year - 1}-11-10",
            "title": f"示例：虚构的{year}年节假日安排（不是国务院办公厅的通知）",
        },
        "days_off": [d.isoformat() for d in new_year + october],
        "make_up_workdays": [before.isoformat(), after.isoformat()],
    }
    return HolidayNotice.model_validate({**data, **changes})


# --- hypothesis strategies ---------------------------------------------------------------
# hypothesis is a test dependency, not a runtime one: each strategy imports it when called
# (about 150 ms the first time), so the examples above never pay for it.


def _need_hypothesis() -> None:
    try:
        import hypothesis  # noqa: F401 - only whether it is installed
    except ImportError:  # pragma: no cover - exercised only without the test extra
        raise ImportError(
            "ipcomp.testing strategies need hypothesis: pip install hypothesis"
        ) from None


#: Division codes of Weihai (D1) and a few elsewhere, for generated firms.
WEIHAI_DIVISIONS = (
    "371000",
    "371002",
    "371003",
    "371071",
    "371072",
    "371073",
    "371081",
    "371082",
    "371083",
)
OTHER_DIVISIONS = ("370100", "370200", "370600", "110105", "310115", "440305", "379900")
_FEN_MAX = 10**14  # 10^12 yuan


def amounts(
    min_value: int | Decimal = 0, max_value: int | Decimal = 10**12
) -> SearchStrategy[Decimal]:
    """Exact yuan amounts (``Decimal`` with two places) between the bounds, inclusive.

    >>> amounts(1, 5)
    integers(min_value=100, max_value=500).map(from_fen)
    """
    _need_hypothesis()
    from hypothesis import strategies as st

    from .core.money import from_fen, to_fen

    lo, hi = to_fen(Decimal(min_value)), to_fen(Decimal(max_value))
    return st.integers(lo, hi).map(from_fen)


def credit_codes(division: str | None = None) -> SearchStrategy[str]:
    """Valid unified social credit codes (GB 32100-2015), optionally in one division."""
    _need_hypothesis()
    from hypothesis import strategies as st

    from .core.uscc import USCC_ALPHABET, check_character

    body = st.text(alphabet=USCC_ALPHABET, min_size=9, max_size=9)
    div = st.just(division) if division else st.text(alphabet="0123456789", min_size=6, max_size=6)
    head = st.sampled_from(["91", "92", "93", "11", "12", "51", "52", "Y1", "N2"])

    def build(parts: tuple[str, str, str]) -> str:
        first17 = parts[0] + parts[1] + parts[2]
        return first17 + check_character(first17)

    return st.tuples(head, div, body).map(build)


def _sme_indicators(industry: Industry) -> SearchStrategy[dict[str, Any]]:
    """Indicators that make a firm of ``industry`` an SME (one below its ceiling)."""
    from hypothesis import strategies as st

    from .core.sme import SME_2011, Indicator

    row = SME_2011.rows[industry]

    def values(draw: Any) -> dict[str, Any]:
        below = draw(st.sampled_from(row.indicators))
        out: dict[str, Any] = {}
        for ind in Indicator:
            if ind in row.ceiling and ind is below:
                top = row.ceiling[ind] - (1 if ind is Indicator.EMPLOYEES else 0)
            else:
                top = 3 * row.ceiling.get(ind, 10**6)
            if ind is Indicator.EMPLOYEES:
                out[ind.value] = draw(st.integers(0, min(top, 10**8)))
            else:
                hi = Decimal(top) - (Decimal("0.01") if ind is below else 0)
                out[ind.value] = draw(amounts(0, min(hi, Decimal(10**12))))
        return out

    return st.composite(lambda draw: values(draw))()


def enterprises(
    *, eligible: bool | None = None, industry: Industry | None = None
) -> SearchStrategy[Enterprise]:
    """Valid :class:`~ipcomp.Enterprise` objects.

    ``eligible=True`` gives firms that pass :func:`~ipcomp.check_enterprise`;
    ``None`` gives any valid firm (unknown facts and missing indicators included).
    """
    _need_hypothesis()
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> Enterprise:
        sector = industry or draw(st.sampled_from(list(Industry)))
        if eligible:
            division = draw(st.sampled_from(WEIHAI_DIVISIONS))
            facts = {"legal_person": True, "operating": True, "via_platform": True}
            rating = draw(st.sampled_from([Rating.A, Rating.B, Rating.C]))
            indicators = draw(_sme_indicators(sector))
        else:
            division = draw(st.sampled_from(WEIHAI_DIVISIONS + OTHER_DIVISIONS))
            fact = st.sampled_from([True, True, True, False, None])
            facts = {
                "legal_person": draw(fact),
                "operating": draw(fact),
                "via_platform": draw(fact),
            }
            rating = draw(st.sampled_from([*Rating, None]))
            indicators = {
                "employees": draw(st.none() | st.integers(0, 5000)),
                "revenue": draw(st.none() | amounts(0, 3 * 10**9)),
                "total_assets": draw(st.none() | amounts(0, 3 * 10**9)),
            }
        how = draw(st.sampled_from(["credit", "division", "both"]))
        code = draw(credit_codes(division if how == "credit" else None))
        return Enterprise(
            name=draw(
                st.sampled_from(
                    [
                        "威海甲科技有限公司",
                        "荣成乙制造有限公司",
                        "乳山丙软件有限公司",
                        "Weihai D Marine Co.",
                    ]
                )
            ),
            industry=sector,
            rating=rating,
            credit_code=code if how in ("credit", "both") else None,
            division_code=division if how in ("division", "both") else None,
            **facts,
            **indicators,
        )

    return build()


def banks(*, eligible: bool | None = None) -> SearchStrategy[Bank]:
    """Valid :class:`~ipcomp.Bank` objects; ``eligible=True`` passes
    :func:`~ipcomp.check_bank` and reported to Weihai before the measures started."""
    _need_hypothesis()
    from hypothesis import strategies as st

    @st.composite
    def build(draw: Any) -> Bank:
        years = st.integers(2020, 2026)
        cap_max = 1_500_000 if eligible else 2_000_000
        caps = draw(st.dictionaries(years, amounts(0, cap_max), max_size=4))
        if eligible:
            facts = {
                "meets_fund_conditions": True,
                "ip_credit_system": True,
                "responsible_staff": True,
                "filed_in_shandong": True,
            }
            reported = draw(st.dates(dt.date(2020, 1, 1), dt.date(2020, 8, 23)))
        else:
            fact = st.sampled_from([True, True, True, False, None])
            facts = {
                k: draw(fact)
                for k in (
                    "meets_fund_conditions",
                    "ip_credit_system",
                    "responsible_staff",
                    "filed_in_shandong",
                )
            }
            reported = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2026, 12, 31)))
        return Bank(
            name=draw(st.sampled_from(["甲银行威海分行", "乙农商银行", "Bank C"])),
            reported_in_weihai_on=reported,
            assessed_caps=caps,
            **facts,
        )

    return build()


def loans(
    *,
    eligible: bool | None = None,
    enterprise: SearchStrategy[Enterprise] | None = None,
    bank: SearchStrategy[Bank] | None = None,
    combined: bool | None = None,
) -> SearchStrategy[Loan]:
    """Valid :class:`~ipcomp.Loan` objects; ``eligible=True`` passes all of
    :func:`~ipcomp.check_enterprise`, :func:`~ipcomp.check_bank` and
    :func:`~ipcomp.check_loan`. ``combined=True`` forces an IP principal below the
    principal, ``False`` a pure IP loan."""
    _need_hypothesis()
    from hypothesis import strategies as st

    ents = enterprise if enterprise is not None else enterprises(eligible=eligible)
    bnks = bank if bank is not None else banks(eligible=eligible)

    @st.composite
    def build(draw: Any) -> Loan:
        principal = draw(amounts(Decimal("1000"), 50_000_000))
        if combined is None:
            ip = draw(st.none() | amounts(0, principal))
        elif combined:
            ip = draw(amounts(0, principal - Decimal("0.01")))
        else:
            ip = draw(st.sampled_from([None, principal]))
        kinds = st.sampled_from(list(IPKind))
        if eligible:
            first = Pledge(
                kind=draw(st.sampled_from([IPKind.PATENT, IPKind.TRADEMARK])), registered=True
            )
            rest = draw(
                st.lists(st.builds(Pledge, kind=kinds, registered=st.just(True)), max_size=2)
            )
            pledges = (first, *rest)
            disbursed = draw(st.dates(dt.date(2020, 8, 23), dt.date(2026, 8, 22)))
            facts = {"direct": True, "written_contract": True, "via_platform": True}
        else:
            fact = st.sampled_from([True, True, True, False, None])
            pledges = tuple(
                draw(
                    st.lists(
                        st.builds(
                            Pledge, kind=kinds, registered=st.sampled_from([True, False, None])
                        ),
                        max_size=3,
                    )
                )
            )
            disbursed = draw(st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))
            facts = {k: draw(fact) for k in ("direct", "written_contract", "via_platform")}
        return Loan(
            loan_id=draw(st.from_regex(r"WH-20[2-3][0-9]-[0-9]{4}", fullmatch=True)),
            enterprise=draw(ents),
            bank=draw(bnks),
            disbursed_on=disbursed,
            principal=principal,
            ip_principal=ip,
            pledges=pledges,
            **facts,
        )

    return build()


def claims(
    *,
    eligible: bool | None = None,
    loan: SearchStrategy[Loan] | None = None,
    combined: bool | None = None,
) -> SearchStrategy[Claim]:
    """Valid :class:`~ipcomp.Claim` objects; ``eligible=True`` gives claims that
    :func:`~ipcomp.assess` finds eligible under :data:`~ipcomp.WEIHAI_2020`, with
    recognition and application inside the published calendar years."""
    _need_hypothesis()
    from hypothesis import strategies as st

    from .core.workdays import LAST_OFFICIAL_YEAR, add_working_days

    lns = loan if loan is not None else loans(eligible=eligible, combined=combined)
    last_recognition = dt.date(LAST_OFFICIAL_YEAR, 12, 10)

    @st.composite
    def build(draw: Any) -> Claim:
        ln: Loan = draw(lns)
        loss_lo = Decimal("0.01") if eligible else Decimal(0)
        loss = draw(amounts(loss_lo, ln.principal))
        stated = None
        partial = ln.ip_principal is not None and ln.ip_principal != ln.principal
        if (partial or not eligible) and draw(st.booleans()):
            stated = draw(amounts(0, min(loss, ln.secured_principal)))
        if eligible:
            if stated is None and ln.ip_principal is not None and ln.ip_principal == 0:
                stated = Decimal(0)
            start = max(ln.disbursed_on, dt.date(2020, 9, 1))
            recognized = draw(st.dates(min(start, last_recognition), last_recognition))
            deadline = add_working_days(recognized, 10)
            applied = draw(st.dates(recognized, deadline))
            reported = ln.bank.reported_in_weihai_on
            assert reported is None or reported <= applied
            return Claim(
                loan=ln,
                principal_loss=loss,
                ip_principal_loss=stated,
                risk_class=draw(
                    st.sampled_from([RiskClass.SUBSTANDARD, RiskClass.DOUBTFUL, RiskClass.LOSS])
                ),
                overdue=True,
                recognized_on=recognized,
                applied_on=applied,
                via_platform=True,
                # plausible earlier payments (Art. 8(2), D5, D8): within the IP principal,
                # and the city's within the most its cap can be
                municipal_paid_before=draw(
                    amounts(0, min(Decimal(1_500_000), ln.secured_principal))
                ),
                provincial_paid_before=draw(amounts(0, ln.secured_principal)),
            )
        recognized = draw(st.none() | st.dates(ln.disbursed_on, dt.date(2027, 6, 30)))
        applied = draw(st.none() | st.dates(recognized or ln.disbursed_on, dt.date(2027, 12, 31)))
        return Claim(
            loan=ln,
            principal_loss=loss,
            ip_principal_loss=stated,
            risk_class=draw(st.sampled_from([*RiskClass, None])),
            overdue=draw(st.sampled_from([True, False, None])),
            recognized_on=recognized,
            applied_on=applied,
            via_platform=draw(st.sampled_from([True, True, False, None])),
            municipal_paid_before=draw(amounts(0, 2_000_000)),
            provincial_paid_before=draw(amounts(0, 2_000_000)),
            fraud_found=draw(st.booleans()),
        )

    return build()


def holiday_notices(year: int = 2027) -> Any:
    """Valid, fictitious :class:`~ipcomp.HolidayNotice` objects for ``year``: any days
    off, weekend make-up days, and sometimes an amendment that adds days off (cancelling
    make-up days among them)."""
    _need_hypothesis()
    from hypothesis import strategies as st

    first = dt.date(year, 1, 1)
    days = [first + dt.timedelta(days=i) for i in range((dt.date(year, 12, 31) - first).days + 1)]
    weekend = [d for d in days if d.weekday() >= 5]

    def cite(number: str) -> dict[str, Any]:
        return {"number": number, "date": f"{year - 1}-11-10", "title": "虚构的通知 (fictitious)"}

    @st.composite
    def build(draw: Any) -> HolidayNotice:
        off = draw(st.sets(st.sampled_from(days), max_size=40))
        makeup = draw(st.sets(st.sampled_from(weekend), max_size=10)) - off
        amendments = []
        if draw(st.booleans()):
            more = draw(st.sets(st.sampled_from(days), min_size=1, max_size=5)) - off
            if more:
                amendments.append(
                    {"notice": cite("虚构〔2〕号"), "days_off": [d.isoformat() for d in more]}
                )
        return HolidayNotice.model_validate(
            {
                "year": year,
                "notice": cite("虚构〔1〕号"),
                "days_off": [d.isoformat() for d in off],
                "make_up_workdays": [d.isoformat() for d in makeup],
                "amendments": amendments,
            }
        )

    return build()


def rates(min_value: Decimal = Decimal(0), max_value: Decimal = Decimal(1)) -> Any:
    """Exact rates in ``[min_value, max_value]`` (within [0, 1]): everyday ones
    (``0.40``), tiny ones down to ``1E-64``, and ones of up to 64 decimal places.

    >>> from hypothesis import given
    >>> from ipcomp.core.money import parse_rate
    >>> @given(rates())
    ... def exact(rate):
    ...     assert parse_rate(rate) == rate
    >>> exact()
    """
    _need_hypothesis()
    from hypothesis import strategies as st

    low, high = Decimal(min_value), Decimal(max_value)
    return st.one_of(
        st.decimals(min_value=low, max_value=high, places=2),
        st.integers(1, 64).map(lambda k: Decimal(1).scaleb(-k)),
        st.integers(1, 64).flatmap(lambda k: st.decimals(min_value=low, max_value=high, places=k)),
    ).filter(lambda r: low <= r <= high)


def policies() -> Any:
    """Valid :class:`~ipcomp.Policy` variants of ``WEIHAI_2020``: any rates (tiny and
    long ones too, summing to at most 1), caps, scopes, windows and flags."""
    _need_hypothesis()
    from hypothesis import strategies as st

    from .schemes.weihai_2020.policy import WEIHAI_2020

    @st.composite
    def build(draw: Any) -> Any:
        provincial = draw(rates())
        municipal = draw(rates(max_value=1 - provincial))
        first_cap = draw(amounts(0, 10**9))
        return WEIHAI_2020.derive(
            provincial_rate=provincial,
            municipal_rate=municipal,
            first_year_cap=first_cap,
            later_year_cap_max=draw(amounts(first_cap, 10**9)),
            cap_scope=draw(st.sampled_from(["municipal", "government_total"])),
            provincial_cap=draw(st.none() | amounts(0, 10**9)),
            application_window=draw(st.integers(1, 366)),
            late_application=draw(st.sampled_from(["bar", "flag"])),
            calendar_estimate=draw(st.booleans()),
        )

    return build()


#: Values that no field of any model accepts in place of its own type.
def bad_values() -> SearchStrategy[Any]:
    """Malformed field values: wrong types, floats, NaN, huge and odd strings, extreme
    numbers and dates."""
    _need_hypothesis()
    from hypothesis import strategies as st

    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.integers(min_value=-(10**30), max_value=-1),
        st.integers(min_value=10**13, max_value=10**40),
        st.just(float("nan")),  # float-ok: malformed input on purpose
        st.sampled_from(
            [
                "",
                " ",
                "NaN",
                "Infinity",
                "-1",
                "1e999",
                "100.005",
                "１２３",
                "2023-02-30",
                "9999-12-31",
                "0001-01-01",
                "\x00",
                "🦄" * 50,
                "x" * 10_000,
                "true-ish",
                "[]",
                "{}",
            ]
        ),
        st.text(max_size=50),
        st.lists(st.integers(), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=3),
        st.dates(dt.date(1, 1, 1), dt.date(1999, 12, 31)),
        st.just(dt.datetime(2023, 1, 1, 12, 30)),
        st.binary(max_size=20),
    )
