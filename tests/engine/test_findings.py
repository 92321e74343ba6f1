"""Finding codes, findings and decisions (docs/schemes/weihai_2020/policy.md, "Stable finding codes")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from ipcomp import Code, Decision, Finding
from ipcomp.findings import CODE_INFO, make_finding

#: docs/schemes/weihai_2020/policy.md's code table, typed in: code -> article as the table writes it.
POLICY_TABLE = {
    "ENTERPRISE_NOT_IN_WEIHAI": "3(1)",
    "ENTERPRISE_NOT_LEGAL_PERSON": "3(1)",
    "ENTERPRISE_NOT_OPERATING": "3(1)",
    "ENTERPRISE_NOT_SME": "3(1)",
    "ENTERPRISE_SIZE_UNKNOWN": "3(1)",
    "ENTERPRISE_NOT_VIA_PLATFORM": "3(2)",
    "ENTERPRISE_RATING_BELOW_C": "3(2)",
    "ENTERPRISE_RATING_MISSING": "3(2)",
    "LOAN_NO_ELIGIBLE_IP": "4",
    "LOAN_NOT_DIRECT": "4",
    "LOAN_NOT_VIA_PLATFORM": "7(2)",
    "LOAN_NO_WRITTEN_CONTRACT": "7(3)",
    "LOAN_PLEDGE_NOT_REGISTERED": "7(3)",
    "LOAN_OUTSIDE_VALIDITY": "14",
    "BANK_FUND_CONDITIONS_UNMET": "6",
    "BANK_NO_IP_CREDIT_SYSTEM": "6(1)",
    "BANK_NO_RESPONSIBLE_STAFF": "6(1)",
    "BANK_NOT_FILED_IN_SHANDONG": "6(2)",
    "BANK_NOT_REPORTED_IN_WEIHAI": "6(3)",
    "BANK_ASSESSED_CAP_ABOVE_MAX": "8(2)",
    "CLAIM_NO_PRINCIPAL_LOSS": "8(1)",
    "CLAIM_NOT_NON_PERFORMING": "8(3)",
    "CLAIM_NOT_RECOGNISED": "8(1)",
    "CLAIM_NOT_VIA_PLATFORM": "8(3)",
    "CLAIM_LATE": "8(3)",
    "CLAIM_DEADLINE_UNKNOWN": "8(3)",
    "CLAIM_FRAUD": "9, 10",
    "NOTE_NO_ASSESSMENT": "8(2)",
    "NOTE_POLICY_EXPIRED": "14",
    "NOTE_CAP_APPLIED": "8(2)",
    "NOTE_DEADLINE_ESTIMATED": "8(3)",
    # added by ipcomp beyond docs/schemes/weihai_2020/policy.md's table (issue 11, D10): a non-blocking note
    "NOTE_CALENDAR_ENTERED": "8(3)",
}
#: Codes the library added (docs/spec/api.md: more may be added, none renamed), with their article
#: in the Weihai table (docs/codes.md, docs/decisions.md).
ADDED = {
    "CLAIM_PAID_BEFORE_IMPLAUSIBLE": "8(2)",
    "CLAIM_LOAN_CONFLICT": "8(2)",
    "CLAIM_LIKELY_DUPLICATE": "8(2)",
    "CLAIM_IP_LOSSES_EXCEED_PRINCIPAL": "8(1)",
    "NOTE_POOL_LIMITED": "5",
    "RECOVERY_NOT_APPLIED": "7(4)",
}
#: The Chinese citation of each article form (第三条第（一）项 …).
ZH_ARTICLE = {
    "3(1)": "第三条第（一）项",
    "3(2)": "第三条第（二）项",
    "4": "第四条",
    "6": "第六条",
    "6(1)": "第六条第（一）项",
    "6(2)": "第六条第（二）项",
    "6(3)": "第六条第（三）项",
    "7(2)": "第七条第（二）项",
    "7(3)": "第七条第（三）项",
    "8(1)": "第八条第（一）项",
    "8(2)": "第八条第（二）项",
    "8(3)": "第八条第（三）项",
    "9, 10": "第九条、第十条",
    "14": "第十四条",
    "5": "第五条",
    "7(4)": "第七条第（四）项",
}


def test_codes_are_exactly_the_policy_table():
    """Art. 3–14, code table: every code of the table exists (none renamed), and every
    other Code is one the library added, documented with its article."""
    assert {c.name for c in Code} == set(POLICY_TABLE) | set(ADDED)


@pytest.mark.parametrize("code", list(Code))
def test_code_value_equals_name(code):
    """docs/spec/api.md: Code is a StrEnum whose value is its name."""
    assert code.value == code.name
    assert str(code) == code.name
    assert Code(code.name) is code


@pytest.mark.parametrize("code", list(Code))
def test_code_info_cites_the_article_of_the_table(code):
    """Art. 3–14, code table: CODE_INFO gives each code its article (English and Chinese) and
    blocks exactly for the non-NOTE codes."""
    info = CODE_INFO[code]
    article = {**POLICY_TABLE, **ADDED}[code.name]
    assert info.article == f"Art. {article}"
    assert info.article_zh == ZH_ARTICLE[article]
    assert info.blocking == (not code.name.startswith("NOTE_"))
    assert info.meaning
    assert all(d.startswith("D") and d[1:].isdigit() for d in info.decisions)


def test_code_info_has_no_stray_entries():
    """Art. 3–14, code table: CODE_INFO is keyed by Code and nothing else."""
    assert set(CODE_INFO) == set(Code)


@pytest.mark.parametrize("code", list(Code))
def test_make_finding_takes_the_article_and_blocking_from_code_info(code):
    """Art. 3–14, code table: a finding carries its code's article and default blocking."""
    finding = make_finding(code, "中文说明。", "English message.")
    assert finding.code is code
    assert finding.article == CODE_INFO[code].article
    assert finding.blocking == CODE_INFO[code].blocking
    assert finding.message_zh == "中文说明。"
    assert finding.message_en == "English message."
    overridden = make_finding(code, "中", "en", blocking=not finding.blocking)
    assert overridden.blocking is not finding.blocking


def test_finding_str_reads_like_an_auditors_note():
    """Art. 3–14, code table: str(finding) shows the code, article, kind and both messages."""
    finding = make_finding(Code.CLAIM_LATE, "逾期申请。", "applied late.")
    assert str(finding) == ("[CLAIM_LATE] Art. 8(3) (blocking): applied late. / 逾期申请。")
    note = make_finding(Code.NOTE_CAP_APPLIED, "封顶。", "capped.")
    assert "(note)" in str(note)


BLOCKING = make_finding(Code.ENTERPRISE_RATING_BELOW_C, "评级为D级。", "rating D is below C.")
NOTE = make_finding(Code.NOTE_POLICY_EXPIRED, "已过期。", "expired.")
findings_lists = st.lists(st.sampled_from([BLOCKING, NOTE]), max_size=4)


def test_an_eligible_decision_cannot_hold_a_blocking_finding():
    """docs/spec/api.md (Decision): eligible == no blocking finding; anything else is a ValidationError."""
    with pytest.raises(ValidationError, match="eligible must be True exactly when"):
        Decision(eligible=True, findings=[BLOCKING])
    with pytest.raises(ValidationError, match="eligible must be True exactly when"):
        Decision(eligible=False, findings=[])
    with pytest.raises(ValidationError, match="eligible must be True exactly when"):
        Decision(eligible=False, findings=[NOTE])
    assert Decision(eligible=True, findings=[NOTE]).eligible
    assert not Decision(eligible=False, findings=[NOTE, BLOCKING]).eligible


@given(findings_lists)
def test_decision_of_findings(found):
    """docs/spec/api.md (Decision): Decision.of keeps every finding, in order; eligible iff none blocks."""
    decision = Decision.of(found)
    assert decision.findings == tuple(found)
    assert decision.eligible == (BLOCKING not in found)
    assert decision.codes == frozenset(f.code for f in found)
    assert decision.blocking == tuple(f for f in found if f.blocking)
    assert Decision.model_validate_json(decision.model_dump_json()) == decision
    text = str(decision)
    assert text.splitlines()[0] == (
        "ELIGIBLE 符合条件" if decision.eligible else "NOT ELIGIBLE 不符合条件"
    )
    assert len(text.splitlines()) == 1 + len(found)


def test_decision_of_accepts_any_iterable():
    """docs/spec/api.md (Decision): Decision.of takes a generator as well as a list."""
    decision = Decision.of(f for f in [NOTE, BLOCKING])
    assert decision.findings == (NOTE, BLOCKING)
    assert Decision.of([]).eligible
    assert Decision.of([]).codes == frozenset()


def test_findings_and_decisions_are_frozen_and_strict():
    """docs/spec/api.md (Decision): results are frozen and refuse unknown fields and unknown codes."""
    with pytest.raises(ValidationError):
        BLOCKING.blocking = False  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Decision.of([]).eligible = False  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Finding(
            code="NO_SUCH_CODE", article="Art. 1", message_zh="中", message_en="en", blocking=True
        )
    with pytest.raises(ValidationError):
        Finding(
            code=Code.CLAIM_LATE,
            article="Art. 8(3)",
            message_zh="中",
            message_en="en",
            blocking=True,
            severity="high",
        )
    assert hash(Decision.of([BLOCKING])) == hash(Decision.of([BLOCKING]))


def test_decision_html_for_notebooks():
    """docs/spec/api.md (Decision): the Jupyter HTML shows the verdict and every finding, escaped."""
    risky = make_finding(Code.CLAIM_FRAUD, "<b>造假</b>", "fraud <script>")
    html = Decision.of([NOTE, risky])._repr_html_()
    assert "NOT ELIGIBLE" in html
    assert "CLAIM_FRAUD" in html
    assert "NOTE_POLICY_EXPIRED" in html
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "ELIGIBLE 符合条件" in Decision.of([])._repr_html_()
