"""Art. 3 — the eligible enterprise (D1–D4).

* 3(1): registered in Weihai (D1: division code starting ``3710``), a legal person,
  engaged in production or business, and an SME under 工信部联企业〔2011〕300号;
* 3(2): applied through the "信财银保" platform, and a business rating of C or above
  (D2: C included; D4: a missing rating fails with its own code).
"""

from __future__ import annotations

from functools import lru_cache

from ..core._args import expect
from ..core.enums import INDUSTRY_ZH, SIZE_ZH, Industry, Rating, SizeClass
from ..core.sme import SIZE_STANDARDS, size_or_missing
from ..facts import Enterprise
from ..findings import Code, Decision, Finding, make_finding
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .requirements import unmet

__all__ = ["WEIHAI_DIVISION_PREFIX", "check_enterprise"]

#: D1: Weihai and every division under it (GB/T 2260 codes 3710xx).
WEIHAI_DIVISION_PREFIX = "3710"


def check_enterprise(enterprise: Enterprise, policy: Policy = WEIHAI_2020) -> Decision:
    """Is the enterprise eligible under Art. 3? Every failed criterion is reported.

    >>> from ipcomp import Enterprise
    >>> e = Enterprise(name="示例", industry="SOFTWARE_IT", legal_person=True, operating=True,
    ...                via_platform=True, rating="D", division_code="371002", employees=50,
    ...                revenue="8000000")
    >>> sorted(map(str, check_enterprise(e).codes))
    ['ENTERPRISE_RATING_BELOW_C']
    """
    return Decision.of(
        enterprise_findings(
            expect(enterprise, Enterprise, "enterprise"), expect(policy, Policy, "policy")
        )
    )


def enterprise_findings(enterprise: Enterprise, policy: Policy) -> list[Finding]:
    """Every finding of :func:`check_enterprise`, as a list (used by :func:`~ipcomp.assess`)."""
    findings: list[Finding] = []
    # Art. 3(1), D1: registered in Weihai.
    division = enterprise.effective_division_code
    if not division.startswith(WEIHAI_DIVISION_PREFIX):
        source = "division_code" if enterprise.division_code is not None else "credit code"
        findings.append(
            make_finding(
                Code.ENTERPRISE_NOT_IN_WEIHAI,
                f"登记机关行政区划代码 {division}（{source}）不在威海市（3710）辖区内。",
                f"registration division code {division} (from {source}) is outside Weihai (3710).",
            )
        )
    # Art. 3(1): legal person, operating (D4: unknown fails).
    if not enterprise.legal_person:
        findings.append(
            unmet(
                enterprise.legal_person,
                Code.ENTERPRISE_NOT_LEGAL_PERSON,
                "具有法人资格",
                "the enterprise is a legal person",
            )
        )
    if not enterprise.operating:
        findings.append(
            unmet(
                enterprise.operating,
                Code.ENTERPRISE_NOT_OPERATING,
                "从事生产经营",
                "the enterprise is engaged in production or business",
            )
        )
    # Art. 3(1): SME under 工信部联企业〔2011〕300号.
    size = _size_finding(enterprise, policy)
    if size is not None:
        findings.append(size)
    # Art. 3(2): via the platform; rating C or above (D2, D4).
    if not enterprise.via_platform:
        findings.append(
            unmet(
                enterprise.via_platform,
                Code.ENTERPRISE_NOT_VIA_PLATFORM,
                "通过“信财银保”平台线上申请贷款",
                "the enterprise applied online through the 信财银保 platform",
            )
        )
    rating = _rating_finding(enterprise.rating, policy.min_rating)
    if rating is not None:
        findings.append(rating)
    return findings


@lru_cache(maxsize=32)  # (rating, minimum): a handful of pairs, each finding built once
def _rating_finding(rating: Rating | None, minimum: Rating) -> Finding | None:
    """Art. 3(2), D2, D4: ``ENTERPRISE_RATING_MISSING`` / ``_BELOW_C``, or ``None``."""
    if rating is None:
        return make_finding(
            Code.ENTERPRISE_RATING_MISSING,
            f"无信保基金业务评级，须为{minimum}级以上。",
            f"no fund business rating is on record; {minimum} or above is required.",
        )
    if not rating.at_least(minimum):
        return make_finding(
            Code.ENTERPRISE_RATING_BELOW_C,
            f"信保基金业务评级为{rating}级，低于要求的{minimum}级。",
            f"rating {rating} is below the required {minimum}.",
        )
    return None


def _size_finding(enterprise: Enterprise, policy: Policy) -> Finding | None:
    """Art. 3(1): ``ENTERPRISE_NOT_SME`` / ``ENTERPRISE_SIZE_UNKNOWN``, or ``None``."""
    industry = enterprise.industry
    size = size_or_missing(
        industry,
        enterprise.employees,
        enterprise.revenue,
        enterprise.total_assets,
        SIZE_STANDARDS[policy.size_standard],
    )
    if not isinstance(size, SizeClass):  # the indicators the row needs that are missing
        return _size_unknown(industry, tuple(i.value for i in size), policy.size_standard)
    return None if size.is_sme else _not_sme(industry, size, policy.size_standard)


# Both cached by value (industry, size or missing names, standard name): a portfolio
# has few distinct ones, and findings are immutable.
@lru_cache(maxsize=256)
def _size_unknown(industry: Industry, missing: tuple[str, ...], standard_name: str) -> Finding:
    names = ", ".join(missing)
    return make_finding(
        Code.ENTERPRISE_SIZE_UNKNOWN,
        f"{INDUSTRY_ZH[industry]}划型所需指标 {names} 未提供，无法判定企业规模。",
        f"the size of a {industry} firm cannot be determined: indicator(s) "
        f"{names} missing ({standard_name}).",
    )


@lru_cache(maxsize=256)
def _not_sme(industry: Industry, size: SizeClass, standard_name: str) -> Finding:
    standard = SIZE_STANDARDS[standard_name]
    return make_finding(
        Code.ENTERPRISE_NOT_SME,
        f"按{standard.source}，该{INDUSTRY_ZH[industry]}企业划为{SIZE_ZH[size]}企业，非中小微企业。",
        f"under {standard.name} this {industry} firm is {size.value.lower()}, not an SME.",
    )
