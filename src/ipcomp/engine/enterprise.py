"""The enterprise's rules (Weihai: Art. 3; D1–D4).

* ``registered_in_region`` — the registration authority's division code starts with one
  of the scheme's prefixes (D1: Weihai ``3710``);
* ``sme_size`` — an SME under the scheme's size standard (工信部联企业〔2011〕300号);
* ``rating`` — a business rating at least the scheme's minimum (D2: "C级以上" includes C;
  D4: a missing rating fails with its own code);
* the yes/no requirements of the scheme's table (Weihai: legal person, operating,
  applied through the platform), run by :mod:`~ipcomp.engine.requirements`.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..core.enums import INDUSTRY_ZH, SIZE_ZH, Industry, Rating, SizeClass
from ..core.sme import SIZE_STANDARDS, size_or_missing
from ..facts import Enterprise
from ..findings import Code, Decision, Finding
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .plan import Plan, plan_of, rule
from .requirements import run_checks

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["check_enterprise", "enterprise_findings"]


def check_enterprise(enterprise: Enterprise, policy: Policy | Scheme = WEIHAI_2020) -> Decision:
    """Is the enterprise eligible (Weihai: Art. 3)? Every failed criterion is reported.

    >>> from ipcomp import Enterprise
    >>> e = Enterprise(name="示例", industry="SOFTWARE_IT", legal_person=True, operating=True,
    ...                via_platform=True, rating="D", division_code="371002", employees=50,
    ...                revenue="8000000")
    >>> sorted(map(str, check_enterprise(e).codes))
    ['ENTERPRISE_RATING_BELOW_C']
    """
    from ..core._args import expect

    return Decision.of(
        enterprise_findings(expect(enterprise, Enterprise, "enterprise"), plan_of(policy))
    )


def enterprise_findings(enterprise: Enterprise, plan: Plan) -> list[Finding]:
    """Every finding of :func:`check_enterprise`, as a list (used by :func:`~ipcomp.assess`)."""
    return run_checks(plan, "enterprise", enterprise)


@rule(
    "registered_in_region",
    passes="obj.division_code is not None and obj.division_code.startswith(scheme.region.prefixes)",
)
def _region(enterprise: Enterprise, plan: Plan, context: Any) -> Finding | None:
    """D1: registered in the scheme's region (Weihai: division code ``3710…``)."""
    division = enterprise.effective_division_code
    region = plan.scheme.region
    if division.startswith(region.prefixes):
        return None
    source = "division_code" if enterprise.division_code is not None else "credit code"
    prefixes = "/".join(region.prefixes)
    return plan.finding(
        Code.ENTERPRISE_NOT_IN_WEIHAI,
        f"登记机关行政区划代码 {division}（{source}）不在{region.name.zh}（{prefixes}）辖区内。",
        f"registration division code {division} (from {source}) is outside "
        f"{region.name.en} ({prefixes}).",
    )


@rule(
    "rating",
    passes="obj.rating is not None and obj.rating.at_least(scheme.min_rating)",
)
def _rating(enterprise: Enterprise, plan: Plan, context: Any) -> Finding | None:
    """Art. 3(2), D2, D4: ``ENTERPRISE_RATING_MISSING`` / ``_BELOW_C``, or ``None``."""
    return _rating_finding(enterprise.rating, plan.scheme.min_rating, plan)


@lru_cache(maxsize=256)  # (rating, minimum, scheme): a handful, each finding built once
def _rating_finding(rating: Rating | None, minimum: Rating, plan: Plan) -> Finding | None:
    if rating is None:
        return plan.finding(
            Code.ENTERPRISE_RATING_MISSING,
            f"无信保基金业务评级，须为{minimum}级以上。",
            f"no fund business rating is on record; {minimum} or above is required.",
        )
    if not rating.at_least(minimum):
        return plan.finding(
            Code.ENTERPRISE_RATING_BELOW_C,
            f"信保基金业务评级为{rating}级，低于要求的{minimum}级。",
            f"rating {rating} is below the required {minimum}.",
        )
    return None


@rule("sme_size")
def _size(enterprise: Enterprise, plan: Plan, context: Any) -> Finding | None:
    """Art. 3(1): ``ENTERPRISE_NOT_SME`` / ``ENTERPRISE_SIZE_UNKNOWN``, or ``None``."""
    industry = enterprise.industry
    standard = plan.scheme.size_standard
    size = size_or_missing(
        industry,
        enterprise.employees,
        enterprise.revenue,
        enterprise.total_assets,
        SIZE_STANDARDS[standard],
    )
    if not isinstance(size, SizeClass):  # the indicators the row needs that are missing
        return _size_unknown(industry, tuple(i.value for i in size), standard, plan)
    return None if size.is_sme else _not_sme(industry, size, standard, plan)


# Both cached by value (industry, size or missing names, standard name, scheme): a
# portfolio has few distinct ones, and findings are immutable.
@lru_cache(maxsize=256)
def _size_unknown(
    industry: Industry, missing: tuple[str, ...], standard_name: str, plan: Plan
) -> Finding:
    names = ", ".join(missing)
    return plan.finding(
        Code.ENTERPRISE_SIZE_UNKNOWN,
        f"{INDUSTRY_ZH[industry]}划型所需指标 {names} 未提供，无法判定企业规模。",
        f"the size of a {industry} firm cannot be determined: indicator(s) "
        f"{names} missing ({standard_name}).",
    )


@lru_cache(maxsize=256)
def _not_sme(industry: Industry, size: SizeClass, standard_name: str, plan: Plan) -> Finding:
    standard = SIZE_STANDARDS[standard_name]
    return plan.finding(
        Code.ENTERPRISE_NOT_SME,
        f"按{standard.source}，该{INDUSTRY_ZH[industry]}企业划为{SIZE_ZH[size]}企业，非中小微企业。",
        f"under {standard.name} this {industry} firm is {size.value.lower()}, not an SME.",
    )
