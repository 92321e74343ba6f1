"""SME size classes (工信部联企业〔2011〕300号 Art. 4), ``ipcomp.core.sme``, for Art. 3(1).

The table below is docs/schemes/weihai_2020/policy.md's, typed in again (X persons; Y, Z in 万元) and used as an
independent oracle for ``SME_2011``. ipcomp takes revenue and total assets in yuan.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import (
    SME_2011,
    Industry,
    IpcompError,
    MissingIndicator,
    SizeClass,
    SizeStandard,
    classify_size,
)
from ipcomp.core.sme import Indicator, IndustryRow

I = Industry  # noqa: E741
WAN = 10_000  # 1 万元 in yuan

#: docs/schemes/weihai_2020/policy.md, "SME size classes": row number, {indicator: (ceiling, medium floor, small floor)}.
TABLE: dict[Industry, tuple[int, dict[str, tuple[int, int, int]]]] = {
    I.AGRICULTURE: (1, {"Y": (20000, 500, 50)}),
    I.INDUSTRY: (2, {"X": (1000, 300, 20), "Y": (40000, 2000, 300)}),
    I.CONSTRUCTION: (3, {"Y": (80000, 6000, 300), "Z": (80000, 5000, 300)}),
    I.WHOLESALE: (4, {"X": (200, 20, 5), "Y": (40000, 5000, 1000)}),
    I.RETAIL: (5, {"X": (300, 50, 10), "Y": (20000, 500, 100)}),
    I.TRANSPORT: (6, {"X": (1000, 300, 20), "Y": (30000, 3000, 200)}),
    I.WAREHOUSING: (7, {"X": (200, 100, 20), "Y": (30000, 1000, 100)}),
    I.POSTAL: (8, {"X": (1000, 300, 20), "Y": (30000, 2000, 100)}),
    I.ACCOMMODATION: (9, {"X": (300, 100, 10), "Y": (10000, 2000, 100)}),
    I.CATERING: (10, {"X": (300, 100, 10), "Y": (10000, 2000, 100)}),
    I.INFORMATION_TRANSMISSION: (11, {"X": (2000, 100, 10), "Y": (100000, 1000, 100)}),
    I.SOFTWARE_IT: (12, {"X": (300, 100, 10), "Y": (10000, 1000, 50)}),
    I.REAL_ESTATE_DEVELOPMENT: (13, {"Y": (200000, 1000, 100), "Z": (10000, 5000, 2000)}),
    I.PROPERTY_MANAGEMENT: (14, {"X": (1000, 300, 100), "Y": (5000, 1000, 500)}),
    I.LEASING_BUSINESS_SERVICES: (15, {"X": (300, 100, 10), "Z": (120000, 8000, 100)}),
    I.OTHER: (16, {"X": (300, 100, 10)}),
}
KEYWORD = {"X": "employees", "Y": "revenue", "Z": "total_assets"}
RANK = {SizeClass.MICRO: 0, SizeClass.SMALL: 1, SizeClass.MEDIUM: 2, SizeClass.LARGE: 3}


def thresholds(industry: Industry) -> dict[str, tuple[int, int, int]]:
    """The oracle's thresholds of one row in ipcomp's units (persons, yuan)."""
    _, row = TABLE[industry]
    return {
        KEYWORD[letter]: tuple(v if letter == "X" else v * WAN for v in values)
        for letter, values in row.items()
    }


def step(keyword: str) -> int | Decimal:
    """The smallest change of an indicator: one person, or one fen."""
    return 1 if keyword == "employees" else Decimal("0.01")


def oracle(industry: Industry, values: dict[str, int | Decimal]) -> SizeClass:
    """docs/schemes/weihai_2020/policy.md's rule: large iff every indicator ≥ ceiling; then medium/small floors (且)."""
    rows = thresholds(industry)
    for index, size in enumerate([SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL]):
        if all(values[k] >= rows[k][index] for k in rows):
            return size
    return SizeClass.MICRO


def test_sme_2011_matches_the_policy_table():
    """Art. 3(1), 工信部联企业〔2011〕300号 Art. 4: all 16 rows, in yuan, as docs/schemes/weihai_2020/policy.md states."""
    assert set(SME_2011.rows) == set(Industry) == set(TABLE)
    for industry, (number, _) in TABLE.items():
        row = SME_2011.rows[industry]
        assert row.number == number
        assert row.name_zh
        expected = thresholds(industry)
        assert [i.value for i in row.indicators] == list(expected)
        for keyword, (ceiling, medium, small) in expected.items():
            indicator = Indicator(keyword)
            assert row.ceiling[indicator] == ceiling
            assert row.medium_floor[indicator] == medium
            assert row.small_floor[indicator] == small
            assert small <= medium < ceiling
    assert SME_2011.name == "SME_2011"
    assert "工信部联企业〔2011〕300号" in SME_2011.source


BOUNDARY_CASES = [
    (industry, keyword, level)
    for industry in Industry
    for keyword in thresholds(industry)
    for level in ("ceiling", "medium", "small")
]


@pytest.mark.parametrize(
    ("industry", "keyword", "level"), BOUNDARY_CASES, ids=lambda v: getattr(v, "value", v)
)
def test_every_threshold_at_its_boundary(industry, keyword, level):
    """Art. 3(1), D2: each indicator of each row just below and exactly at each threshold.

    "以下" is strict and "及以上" inclusive: at the ceiling (others at theirs) a firm is
    large, one step below it medium; exactly at a floor (others at theirs) it reaches that
    class, one step below it drops one class.
    """
    index = {"ceiling": 0, "medium": 1, "small": 2}[level]
    at = {k: v[index] for k, v in thresholds(industry).items()}
    below = {**at, keyword: at[keyword] - step(keyword)}
    expected_at = [SizeClass.LARGE, SizeClass.MEDIUM, SizeClass.SMALL][index]
    expected_below = [SizeClass.MEDIUM, SizeClass.SMALL, SizeClass.MICRO][index]
    assert classify_size(industry, **at) == expected_at
    assert classify_size(industry, **below) == expected_below
    # the same in 万元-sized whole yuan steps and as text
    below_text = {k: str(v) for k, v in below.items() if k != "employees"}
    assert classify_size(industry, **{**below, **below_text}) == expected_below


@pytest.mark.parametrize(
    ("employees", "revenue_wan", "expected"),
    [
        (1500, 3000, SizeClass.MEDIUM),  # revenue below 40000 万: an SME; medium floors met
        (20, 300, SizeClass.SMALL),  # exactly at both small floors
        (1000, 40000, SizeClass.LARGE),  # exactly at both ceilings
        (999, 40000, SizeClass.MEDIUM),
        (1000, 39999, SizeClass.MEDIUM),
        (300, 2000, SizeClass.MEDIUM),
        (299, 2000, SizeClass.SMALL),
        (19, 300, SizeClass.MICRO),
        (20, 299, SizeClass.MICRO),
        (0, 0, SizeClass.MICRO),
    ],
)
def test_policy_worked_boundaries_for_industry(employees, revenue_wan, expected):
    """Art. 3(1): docs/schemes/weihai_2020/policy.md's worked boundaries (工业: 1500 & 3000万 medium, 20 & 300万 small,
    1000 & 40000万 large)."""
    revenue = revenue_wan * WAN
    assert classify_size(Industry.INDUSTRY, employees=employees, revenue=revenue) == expected
    assert classify_size("INDUSTRY", employees=employees, revenue=str(revenue)) == expected


@st.composite
def firms(draw, industry=None):
    """An industry and values for all three indicators, clustered around its thresholds."""
    sector = industry or draw(st.sampled_from(list(Industry)))
    rows = thresholds(sector)
    values: dict[str, int | Decimal] = {}
    for keyword in ("employees", "revenue", "total_assets"):
        points = list(rows.get(keyword, (0, 10**6, 10**8)))
        anchor = draw(st.sampled_from(points))
        if keyword == "employees":
            values[keyword] = max(0, anchor + draw(st.integers(-3, 3)))
        else:
            offset = draw(st.sampled_from([0, 1, -1, 10_000, -10_000]))
            fen = draw(st.integers(0, 2))
            values[keyword] = max(Decimal(0), anchor + offset + Decimal(fen) / 100)
    if draw(st.booleans()):  # and sometimes anything at all
        values["employees"] = draw(st.integers(0, 10**6))
        values["revenue"] = Decimal(draw(st.integers(0, 10**12))) / 100
    return sector, values


@given(firms())
def test_classification_matches_the_policy_rule(firm):
    """Art. 3(1): large iff every used indicator ≥ its ceiling (或); medium/small iff all
    reach the floors (且); otherwise micro."""
    industry, values = firm
    size = classify_size(industry, **values)
    assert size == oracle(industry, values)
    ceilings = {k: v[0] for k, v in thresholds(industry).items()}
    assert (size == SizeClass.LARGE) == all(values[k] >= c for k, c in ceilings.items())
    assert size.is_sme == any(values[k] < c for k, c in ceilings.items())


@given(firms(), st.sampled_from(["employees", "revenue", "total_assets"]), st.data())
def test_raising_an_indicator_never_makes_a_firm_smaller(firm, keyword, data):
    """Art. 3(1): the size class is monotone in each indicator."""
    industry, values = firm
    if keyword == "employees":
        raised = values[keyword] + data.draw(st.integers(0, 2000))
    else:
        raised = values[keyword] + Decimal(data.draw(st.integers(0, 10**11))) / 100
    before = classify_size(industry, **values)
    after = classify_size(industry, **{**values, keyword: raised})
    assert RANK[after] >= RANK[before]


@given(firms(), st.data())
def test_unused_indicators_are_ignored(firm, data):
    """Art. 3(1): an indicator the industry's row does not use changes nothing, even missing."""
    industry, values = firm
    used = thresholds(industry)
    only_used = {k: v for k, v in values.items() if k in used}
    noise = {
        "employees": data.draw(st.none() | st.integers(0, 10**8)),
        "revenue": data.draw(st.none() | st.integers(0, 10**12)),
        "total_assets": data.draw(st.none() | st.integers(0, 10**12)),
    }
    unused = {k: v for k, v in noise.items() if k not in used}
    assert classify_size(industry, **only_used) == classify_size(industry, **values)
    assert classify_size(industry, **only_used, **unused) == classify_size(industry, **values)


@given(firms(), st.data())
def test_a_missing_used_indicator_raises_missing_indicator(firm, data):
    """Art. 3(1), D4: a missing indicator that the row uses makes the size undeterminable."""
    industry, values = firm
    missing = data.draw(st.sampled_from(sorted(thresholds(industry))))
    with pytest.raises(MissingIndicator) as info:
        classify_size(industry, **{**values, missing: None})
    error = info.value
    assert isinstance(error, IpcompError)
    assert isinstance(error, ValueError)
    assert error.indicator == missing
    assert error.industry == industry.value
    assert missing in str(error)
    assert industry.value in str(error)


def test_missing_indicator_survives_pickling():
    """Art. 3(1): MissingIndicator keeps its attributes through pickle (worker processes)."""
    import pickle

    error = pickle.loads(pickle.dumps(MissingIndicator("revenue", "INDUSTRY")))
    assert (error.indicator, error.industry) == ("revenue", "INDUSTRY")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"revenue": 3e7}, "revenue"),
        ({"revenue": 0.5}, "revenue"),
        ({"total_assets": 1.0}, "total_assets"),
        ({"revenue": True}, "revenue"),
        ({"revenue": "-1"}, "revenue"),
        ({"revenue": "100.005"}, "revenue"),
        ({"revenue": "NaN"}, "revenue"),
        ({"revenue": "lots"}, "revenue"),
        ({"employees": -1}, "employees"),
        ({"employees": 20.0}, "employees"),
        ({"employees": 20.5}, "employees"),
        ({"employees": True}, "employees"),
        ({"employees": "twenty"}, "employees"),
    ],
)
def test_malformed_indicators_are_validation_errors(changes, field):
    """Art. 3(1), D14: floats, bools, negatives and junk are refused with ValidationError."""
    values = {"employees": 100, "revenue": 30_000_000, **changes}
    with pytest.raises(ValidationError) as info:
        classify_size(Industry.INDUSTRY, **values)
    assert [e["loc"] for e in info.value.errors()] == [(field,)]
    assert info.value.title == "classify_size"


@pytest.mark.parametrize("industry", ["industry", "MINING", "", 2, None])
def test_unknown_industry_is_a_validation_error(industry):
    """Art. 3(1): the industry must be one of the 16 rows."""
    with pytest.raises(ValidationError) as info:
        classify_size(industry, employees=1, revenue=1, total_assets=1)
    assert [e["loc"] for e in info.value.errors()] == [("industry",)]


def test_a_successor_standard_needs_no_code_change():
    """Art. 3(1): a SizeStandard is data; a successor standard works as it is."""
    other = SME_2011.rows[Industry.OTHER]
    raised = replace(
        other,
        ceiling=MappingProxyType({Indicator.EMPLOYEES: 500}),
        medium_floor=MappingProxyType({Indicator.EMPLOYEES: 200}),
    )
    successor = SizeStandard(
        name="SME_20XX",
        source="hypothetical successor",
        rows=MappingProxyType({**SME_2011.rows, Industry.OTHER: raised}),
    )
    assert classify_size(Industry.OTHER, employees=300) == SizeClass.LARGE
    assert classify_size(Industry.OTHER, employees=300, standard=successor) == SizeClass.MEDIUM
    assert classify_size(Industry.OTHER, employees=150, standard=successor) == SizeClass.SMALL
    assert classify_size(Industry.OTHER, employees=500, standard=successor) == SizeClass.LARGE
    # a new indicator set for a row: revenue instead of employees
    by_revenue = IndustryRow(
        16,
        "其他",
        "test",
        {Indicator.REVENUE: 1000},
        {Indicator.REVENUE: 100},
        {Indicator.REVENUE: 10},
    )
    revenue_only = SizeStandard("R", "test", {Industry.OTHER: by_revenue})
    assert by_revenue.indicators == (Indicator.REVENUE,)
    assert classify_size("OTHER", revenue=999, standard=revenue_only) == SizeClass.MEDIUM
    with pytest.raises(MissingIndicator):
        classify_size("OTHER", employees=999, standard=revenue_only)


def test_a_standard_without_the_row_is_a_clear_error():
    """Art. 3(1): a standard with no row for the industry raises IpcompError, not KeyError."""
    partial = SizeStandard("partial", "test", {Industry.OTHER: SME_2011.rows[Industry.OTHER]})
    with pytest.raises(IpcompError, match="no row for industry RETAIL"):
        classify_size(Industry.RETAIL, employees=1, revenue=1, standard=partial)


def test_size_classes():
    """Art. 3(1): medium, small and micro firms are SMEs (中小微企业); large ones are not."""
    assert [s for s in SizeClass if s.is_sme] == [
        SizeClass.MEDIUM,
        SizeClass.SMALL,
        SizeClass.MICRO,
    ]
    assert {s.value for s in SizeClass} == {"LARGE", "MEDIUM", "SMALL", "MICRO"}


def test_missing_indicator_message():
    """Art. 3(1), D4: the message names the industry and the indicator its row needs."""
    assert str(MissingIndicator("revenue", "INDUSTRY")) == (
        "the SME size of industry INDUSTRY needs the indicator 'revenue', which was not given"
    )


def test_table_figures_in_wan_yuan_become_yuan():
    """Art. 3(1): the standard's monetary thresholds are printed in 万元; the table holds
    them in yuan (× 10,000), head counts unchanged, with the row's number, name and scope."""
    from ipcomp.core.sme import _row

    x, z = Indicator.EMPLOYEES, Indicator.TOTAL_ASSETS
    row = _row(3, "建筑业", "GB/T 4754 E", {x: 1000, z: 80000}, {x: 300, z: 5000}, {x: 20, z: 300})
    assert row == IndustryRow(
        3,
        "建筑业",
        "GB/T 4754 E",
        {x: 1000, z: 800_000_000},
        {x: 300, z: 50_000_000},
        {x: 20, z: 3_000_000},
    )
    assert row.ceiling[x] == 1000
    assert row.small_floor[z] == 3_000_000
    assert row.thresholds == ((x, 1000, 300, 20), (z, 800_000_000, 50_000_000, 3_000_000))
    assert [type(t) for t in row.thresholds[1][1:]] == [Decimal, Decimal, Decimal]
    assert [type(t) for t in row.thresholds[0][1:]] == [int, int, int]  # persons


@pytest.mark.parametrize(
    ("medium", "small"),
    [
        ({Indicator.REVENUE: 100}, {Indicator.REVENUE: 10, Indicator.EMPLOYEES: 1}),
        ({Indicator.EMPLOYEES: 100}, {Indicator.REVENUE: 10}),
        ({}, {Indicator.REVENUE: 10}),
    ],
)
def test_a_row_whose_thresholds_name_different_indicators_is_refused(medium, small):
    """Art. 3(1): every threshold of a row names the same indicators; a row that does not
    is a clear IpcompError when it is built, not a KeyError when a firm is classified."""
    message = (
        "size-standard row 16 (其他): the ceiling, medium floor and small floor must name "
        "the same, non-empty set of indicators"
    )
    for ceiling in ({Indicator.REVENUE: 1000}, {}):
        with pytest.raises(IpcompError) as caught:
            IndustryRow(16, "其他", "test", ceiling, medium, small)
        assert str(caught.value) == message


@pytest.mark.parametrize("value", [True, 20.0])
def test_a_refused_head_count_is_named(value):
    """Art. 3(1), I17: a bool or a float head count is refused, naming it."""
    with pytest.raises(ValidationError) as info:
        classify_size("OTHER", employees=value)
    assert (
        info.value.errors()[0]["msg"] == f"Value error, {value!r} is not a head count; use an int"
    )
