"""Art. 3 — the eligible enterprise: ``check_enterprise`` (D1–D4).

(1) registered in Weihai, a legal person, operating, an SME under 工信部联企业〔2011〕300号;
(2) applied through the 信财银保 platform, with a business rating of C or above.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ipcomp import (
    SME_2011,
    WEIHAI_2020,
    Code,
    Enterprise,
    MissingIndicator,
    Rating,
    SizeClass,
    check_enterprise,
    classify_size,
)
from ipcomp.testing import OTHER_DIVISIONS, enterprises, example_enterprise

C = Code
#: docs/schemes/weihai_2020/policy.md's code table for Art. 3.
ARTICLE = {
    C.ENTERPRISE_NOT_IN_WEIHAI: "Art. 3(1)",
    C.ENTERPRISE_NOT_LEGAL_PERSON: "Art. 3(1)",
    C.ENTERPRISE_NOT_OPERATING: "Art. 3(1)",
    C.ENTERPRISE_NOT_SME: "Art. 3(1)",
    C.ENTERPRISE_SIZE_UNKNOWN: "Art. 3(1)",
    C.ENTERPRISE_NOT_VIA_PLATFORM: "Art. 3(2)",
    C.ENTERPRISE_RATING_BELOW_C: "Art. 3(2)",
    C.ENTERPRISE_RATING_MISSING: "Art. 3(2)",
}
RANKS = ["A", "B", "C", "D"]  # best first (威政办发〔2019〕15号 Art. 3)


def rebuild(enterprise: Enterprise, **changes) -> Enterprise:
    """The enterprise with ``changes`` applied, validated again."""
    return Enterprise.model_validate({**dict(enterprise), **changes})


def _large(enterprise, data):
    row = SME_2011.rows[enterprise.industry]
    return {
        i.value: row.ceiling[i] + data.draw(st.integers(0, 10**6), label=i.value)
        for i in row.indicators
    }


def _size_unknown(enterprise, data):
    row = SME_2011.rows[enterprise.industry]
    return {data.draw(st.sampled_from(row.indicators), label="missing").value: None}


#: One defect per code: a function (enterprise, data) -> field changes.
DEFECTS = {
    C.ENTERPRISE_NOT_IN_WEIHAI: lambda e, data: {
        "division_code": data.draw(st.sampled_from(OTHER_DIVISIONS), label="division")
    },
    C.ENTERPRISE_NOT_LEGAL_PERSON: lambda e, data: {"legal_person": False},
    C.ENTERPRISE_NOT_OPERATING: lambda e, data: {"operating": False},
    C.ENTERPRISE_NOT_SME: _large,
    C.ENTERPRISE_SIZE_UNKNOWN: _size_unknown,
    C.ENTERPRISE_NOT_VIA_PLATFORM: lambda e, data: {"via_platform": False},
    C.ENTERPRISE_RATING_BELOW_C: lambda e, data: {"rating": Rating.D},
    C.ENTERPRISE_RATING_MISSING: lambda e, data: {"rating": None},
}
#: Defects that cannot co-occur (the size is either large or unknown; one rating).
EXCLUSIVE = [
    (C.ENTERPRISE_NOT_SME, C.ENTERPRISE_SIZE_UNKNOWN),
    (C.ENTERPRISE_RATING_BELOW_C, C.ENTERPRISE_RATING_MISSING),
]
SINGLE = [
    C.ENTERPRISE_NOT_IN_WEIHAI,
    C.ENTERPRISE_NOT_LEGAL_PERSON,
    C.ENTERPRISE_NOT_OPERATING,
    C.ENTERPRISE_NOT_VIA_PLATFORM,
]


def assert_well_formed(decision) -> None:
    """Every finding has its article, both messages, and blocks; eligible iff none."""
    for finding in decision.findings:
        assert finding.article == ARTICLE[finding.code]
        assert finding.message_zh.strip()
        assert finding.message_en.strip()
        assert finding.blocking
    assert decision.eligible == (not decision.findings)


@given(enterprises(eligible=True))
def test_an_eligible_enterprise_has_no_findings(enterprise):
    """Art. 3(1), 3(2): a Weihai SME legal person, operating, via the platform, rated C+."""
    decision = check_enterprise(enterprise)
    assert decision.eligible
    assert decision.findings == ()


def test_the_example_enterprise_is_eligible():
    """Art. 3: the documented example (a small Weihai manufacturer rated B) passes."""
    enterprise = example_enterprise()
    assert classify_size(enterprise.industry, employees=120, revenue=56_000_000).is_sme
    assert check_enterprise(enterprise).eligible


@given(enterprises(eligible=True), st.sampled_from(list(DEFECTS)), st.data())
def test_each_single_defect_yields_exactly_its_code(enterprise, code, data):
    """Art. 3(1), 3(2): one failed criterion gives exactly its own code and nothing else."""
    defective = rebuild(enterprise, **DEFECTS[code](enterprise, data))
    decision = check_enterprise(defective)
    assert not decision.eligible
    assert [f.code for f in decision.findings] == [code]
    assert_well_formed(decision)


@given(enterprises(eligible=True), st.data())
def test_every_failed_criterion_is_reported(enterprise, data):
    """Art. 3: several defects give all their codes, not just the first."""
    chosen = set(data.draw(st.sets(st.sampled_from(SINGLE)), label="single"))
    for group in EXCLUSIVE:
        pick = data.draw(st.sampled_from([None, *group]), label="exclusive")
        if pick is not None:
            chosen.add(pick)
    changes: dict = {}
    for code in chosen:
        changes.update(DEFECTS[code](enterprise, data))
    decision = check_enterprise(rebuild(enterprise, **changes))
    assert decision.codes == frozenset(chosen)
    assert len(decision.findings) == len(chosen)
    assert_well_formed(decision)


def expected_codes(enterprise: Enterprise) -> set[Code]:
    """docs/schemes/weihai_2020/policy.md Art. 3 with D1, D2, D4, restated independently of ipcomp.rules."""
    codes = set()
    if not enterprise.effective_division_code.startswith("3710"):
        codes.add(C.ENTERPRISE_NOT_IN_WEIHAI)
    if enterprise.legal_person is not True:
        codes.add(C.ENTERPRISE_NOT_LEGAL_PERSON)
    if enterprise.operating is not True:
        codes.add(C.ENTERPRISE_NOT_OPERATING)
    try:
        size = classify_size(
            enterprise.industry,
            employees=enterprise.employees,
            revenue=enterprise.revenue,
            total_assets=enterprise.total_assets,
        )
    except MissingIndicator:
        codes.add(C.ENTERPRISE_SIZE_UNKNOWN)
    else:
        if size is SizeClass.LARGE:
            codes.add(C.ENTERPRISE_NOT_SME)
    if enterprise.via_platform is not True:
        codes.add(C.ENTERPRISE_NOT_VIA_PLATFORM)
    if enterprise.rating is None:
        codes.add(C.ENTERPRISE_RATING_MISSING)
    elif enterprise.rating is Rating.D:
        codes.add(C.ENTERPRISE_RATING_BELOW_C)
    return codes


@given(enterprises())
def test_any_enterprise_gets_exactly_the_codes_of_its_failed_criteria(enterprise):
    """Art. 3, D1, D2, D4: for any enterprise the codes are exactly its failed criteria, and
    it is eligible iff there is no blocking finding."""
    decision = check_enterprise(enterprise)
    assert decision.codes == expected_codes(enterprise)
    assert len(decision.findings) == len(decision.codes)
    assert_well_formed(decision)
    assert decision.eligible == (not any(f.blocking for f in decision.findings))


def only(decision, code):
    """The one finding of ``decision``, which must have ``code``."""
    assert [f.code for f in decision.findings] == [code]
    return decision.findings[0]


def test_messages_name_the_division_code():
    """Art. 3(1), D1: the message names the division code and where it came from."""
    finding = only(
        check_enterprise(example_enterprise(division_code="370602")), C.ENTERPRISE_NOT_IN_WEIHAI
    )
    assert "370602" in finding.message_en
    assert "division_code" in finding.message_en
    assert "370602" in finding.message_zh
    assert "威海" in finding.message_zh
    from_code = only(
        check_enterprise(example_enterprise(credit_code="91110000600037341L")),
        C.ENTERPRISE_NOT_IN_WEIHAI,
    )
    assert "110000" in from_code.message_en
    assert "credit code" in from_code.message_en


@pytest.mark.parametrize(
    ("field", "code", "english", "chinese"),
    [
        ("legal_person", C.ENTERPRISE_NOT_LEGAL_PERSON, "legal person", "法人"),
        ("operating", C.ENTERPRISE_NOT_OPERATING, "production or business", "生产经营"),
        ("via_platform", C.ENTERPRISE_NOT_VIA_PLATFORM, "platform", "平台"),
    ],
)
def test_messages_name_the_yes_no_facts(field, code, english, chinese):
    """Art. 3(1), 3(2): a failed yes/no criterion says which requirement is not met."""
    finding = only(check_enterprise(example_enterprise(**{field: False})), code)
    assert english in finding.message_en
    assert "not met" in finding.message_en
    assert chinese in finding.message_zh


def test_messages_name_the_size_and_the_industry():
    """Art. 3(1): a large firm's message names its industry and its class."""
    large = example_enterprise(employees=1000, revenue=400_000_000)
    finding = only(check_enterprise(large), C.ENTERPRISE_NOT_SME)
    assert "INDUSTRY" in finding.message_en
    assert "large" in finding.message_en
    assert "SME_2011" in finding.message_en
    assert "大型" in finding.message_zh
    assert "工业" in finding.message_zh


@pytest.mark.parametrize(
    ("industry", "changes", "missing"),
    [
        ("INDUSTRY", {"revenue": None}, "revenue"),
        ("INDUSTRY", {"employees": None}, "employees"),
        ("CONSTRUCTION", {"revenue": 1, "total_assets": None}, "total_assets"),
        ("OTHER", {"employees": None, "revenue": None}, "employees"),
    ],
)
def test_messages_name_the_missing_indicator(industry, changes, missing):
    """Art. 3(1), D4: an undeterminable size names the missing indicator."""
    enterprise = example_enterprise(industry=industry, **changes)
    finding = only(check_enterprise(enterprise), C.ENTERPRISE_SIZE_UNKNOWN)
    assert missing in finding.message_en
    assert industry in finding.message_en
    assert "(SME_2011)" in finding.message_en  # the standard the policy names
    assert missing in finding.message_zh


def test_unused_indicator_missing_is_fine():
    """Art. 3(1): an indicator the row does not use may be missing (OTHER uses only X)."""
    enterprise = example_enterprise(industry="OTHER", revenue=None, total_assets=None)
    assert check_enterprise(enterprise).eligible


@pytest.mark.parametrize("rating", RANKS)
@pytest.mark.parametrize("minimum", RANKS)
def test_rating_compares_by_rank_and_honours_min_rating(rating, minimum):
    """Art. 3(2), D2: A > B > C > D by rank, never by letter; policy.min_rating is honoured."""
    policy = WEIHAI_2020.derive(min_rating=minimum)
    decision = check_enterprise(example_enterprise(rating=rating), policy)
    passes = RANKS.index(rating) <= RANKS.index(minimum)
    assert decision.eligible == passes
    assert Rating(rating).at_least(Rating(minimum)) == passes
    if not passes:
        finding = only(decision, C.ENTERPRISE_RATING_BELOW_C)
        assert f"rating {rating}" in finding.message_en
        assert f"required {minimum}" in finding.message_en
        assert f"{rating}级" in finding.message_zh


def test_rating_ranks():
    """Art. 3(2): the four grades rank 4 (A) to 1 (D); the default minimum is C."""
    assert [Rating(r).rank for r in RANKS] == [4, 3, 2, 1]
    assert WEIHAI_2020.min_rating is Rating.C
    assert [r.value for r in Rating] == RANKS


def test_missing_rating_names_the_required_minimum():
    """Art. 3(2), D4: no rating fails with its own code, saying what is required."""
    finding = only(
        check_enterprise(example_enterprise(rating=None), WEIHAI_2020.derive(min_rating="B")),
        C.ENTERPRISE_RATING_MISSING,
    )
    assert "B or above" in finding.message_en
    assert "B级以上" in finding.message_zh


def test_check_enterprise_is_pure():
    """Art. 3: the same enterprise always gets the same decision."""
    enterprise = example_enterprise(rating="D", operating=None)
    assert check_enterprise(enterprise) == check_enterprise(enterprise)


def test_a_successor_size_standard_is_data_not_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """Art. 3(1): a successor SME standard registered as data is used by check_enterprise
    when the policy names it (here: a stricter OTHER row that makes 150 staff large)."""
    import dataclasses
    from types import MappingProxyType

    import ipcomp.engine.enterprise
    import ipcomp.schemes.model
    import ipcomp.schemes.weihai_2020.policy
    from ipcomp import Industry
    from ipcomp.core.sme import Indicator, SizeStandard

    other = SME_2011.rows[Industry.OTHER]
    strict_row = dataclasses.replace(other, ceiling=MappingProxyType({Indicator.EMPLOYEES: 150}))
    successor = SizeStandard(
        name="SME_TEST",
        source="test",
        rows=MappingProxyType({**SME_2011.rows, Industry.OTHER: strict_row}),
    )
    registry = {"SME_2011": SME_2011, "SME_TEST": successor}
    monkeypatch.setattr(ipcomp.schemes.weihai_2020.policy, "SIZE_STANDARDS", registry)
    monkeypatch.setattr(ipcomp.engine.enterprise, "SIZE_STANDARDS", registry)
    monkeypatch.setattr(ipcomp.schemes.model, "SIZE_STANDARDS", registry)
    firm = example_enterprise(industry=Industry.OTHER, employees=200)
    assert Code.ENTERPRISE_NOT_SME not in check_enterprise(firm).codes
    decision = check_enterprise(firm, WEIHAI_2020.derive(size_standard="SME_TEST"))
    assert decision.codes == {Code.ENTERPRISE_NOT_SME}
    assert "SME_TEST" in decision.findings[0].message_en


def test_size_unknown_names_every_missing_indicator() -> None:
    """Art. 3(1), D4: ENTERPRISE_SIZE_UNKNOWN names every indicator the industry needs
    that is missing, not just the first."""
    firm = example_enterprise(industry="CONSTRUCTION", employees=10, revenue=None)
    (finding,) = check_enterprise(firm).findings
    assert finding.code is Code.ENTERPRISE_SIZE_UNKNOWN
    assert "revenue, total_assets" in finding.message_en
    assert "revenue, total_assets" in finding.message_zh


def test_enterprise_findings_in_full():
    """Art. 3(1), 3(2), D1, D4: the whole bilingual message of each enterprise finding: the
    division code and where it came from, each fact not met or unknown."""

    def messages(enterprise: Enterprise) -> dict[Code, tuple[str, str]]:
        return {f.code: (f.message_zh, f.message_en) for f in check_enterprise(enterprise).findings}

    found = messages(
        example_enterprise(
            division_code="110101", legal_person=False, operating=None, via_platform=False
        )
    )
    assert found == {
        Code.ENTERPRISE_NOT_IN_WEIHAI: (
            "登记机关行政区划代码 110101（division_code）不在威海市（3710）辖区内。",
            "registration division code 110101 (from division_code) is outside Weihai (3710).",
        ),
        Code.ENTERPRISE_NOT_LEGAL_PERSON: (
            "不满足：具有法人资格。",
            "requirement not met: the enterprise is a legal person.",
        ),
        Code.ENTERPRISE_NOT_OPERATING: (
            "未知是否从事生产经营（事实未提供，按不符合处理）。",
            "it is unknown whether the enterprise is engaged in production or business (fact "
            "not given; treated as unmet).",
        ),
        Code.ENTERPRISE_NOT_VIA_PLATFORM: (
            "不满足：通过“信财银保”平台线上申请贷款。",
            "requirement not met: the enterprise applied online through the 信财银保 platform.",
        ),
    }
    from_code = messages(example_enterprise(division_code=None, credit_code="91110000600037341L"))
    assert from_code[Code.ENTERPRISE_NOT_IN_WEIHAI] == (
        "登记机关行政区划代码 110000（credit code）不在威海市（3710）辖区内。",
        "registration division code 110000 (from credit code) is outside Weihai (3710).",
    )
