"""ipcomp — the Weihai IP-pledge financing risk-compensation measures as exact, tested,
explainable code (威海市知识产权质押融资风险补偿实施办法, 2020-08-23 to 2026-08-22).

>>> from ipcomp import assess
>>> from ipcomp.testing import example_claim
>>> print(assess(example_claim()))  # doctest: +ELLIPSIS
Loan WH-2022-0001: ELIGIBLE 符合补偿条件
application deadline 2023-10-18
IP-part principal loss 800,000.00 (the whole loan is IP-secured)
provincial 40% × 800,000.00 = 320,000.00
municipal 20% × 800,000.00 = 160,000.00, within the cap of 1,200,000.00 (assessed cap for business year 2023)...
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names, for type checkers; at run time they load on first use
    from .assessment import assess, assess_many
    from .compensation import compensate
    from .deadlines import (
        application_deadline,
        business_year,
        first_business_year,
        in_force,
        report_due_dates,
    )
    from .enums import Industry, IPKind, Rating, RiskClass, SizeClass
    from .errors import (
        CalendarNotPublished,
        InvalidArgument,
        IpcompError,
        MissingIndicator,
        RecoveryExceedsLoss,
    )
    from .findings import Code, Decision, Finding
    from .models import AssessedCaps, Bank, Claim, Enterprise, Loan, Pledge
    from .policy import WEIHAI_2020, Policy
    from .recovery import allocate_recovery, fraud_returns
    from .results import Assessment, Compensation, Recovery
    from .rules.bank import check_bank
    from .rules.claim import check_claim
    from .rules.enterprise import check_enterprise
    from .rules.loan import check_loan
    from .sme import SME_2011, SizeStandard, classify_size
    from .workdays import (
        LAST_OFFICIAL_YEAR,
        add_working_days,
        is_official_year,
        is_working_day,
        working_days_between,
    )

#: Where each public name lives. ``import ipcomp`` loads none of these modules: a name is
#: imported on first access (PEP 562), so the import stays light (benchmarks/).
_EXPORTS: dict[str, str] = {
    "AssessedCaps": ".models",
    "Assessment": ".results",
    "Bank": ".models",
    "CalendarNotPublished": ".errors",
    "Claim": ".models",
    "Code": ".findings",
    "Compensation": ".results",
    "Decision": ".findings",
    "Enterprise": ".models",
    "Finding": ".findings",
    "IPKind": ".enums",
    "Industry": ".enums",
    "InvalidArgument": ".errors",
    "IpcompError": ".errors",
    "LAST_OFFICIAL_YEAR": ".workdays",
    "Loan": ".models",
    "MissingIndicator": ".errors",
    "Pledge": ".models",
    "Policy": ".policy",
    "Rating": ".enums",
    "Recovery": ".results",
    "RecoveryExceedsLoss": ".errors",
    "RiskClass": ".enums",
    "SME_2011": ".sme",
    "SizeClass": ".enums",
    "SizeStandard": ".sme",
    "WEIHAI_2020": ".policy",
    "add_working_days": ".workdays",
    "allocate_recovery": ".recovery",
    "application_deadline": ".deadlines",
    "assess": ".assessment",
    "assess_many": ".assessment",
    "business_year": ".deadlines",
    "check_bank": ".rules.bank",
    "check_claim": ".rules.claim",
    "check_enterprise": ".rules.enterprise",
    "check_loan": ".rules.loan",
    "classify_size": ".sme",
    "compensate": ".compensation",
    "first_business_year": ".deadlines",
    "fraud_returns": ".recovery",
    "in_force": ".deadlines",
    "is_official_year": ".workdays",
    "is_working_day": ".workdays",
    "report_due_dates": ".deadlines",
    "working_days_between": ".workdays",
}
_SUBMODULES = frozenset(
    {
        "assessment",
        "cli",
        "compensation",
        "deadlines",
        "enums",
        "errors",
        "findings",
        "frame",
        "models",
        "money",
        "policy",
        "recovery",
        "records",
        "results",
        "rules",
        "sme",
        "testing",
        "uscc",
        "workdays",
    }
)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module, __name__), name)
        globals()[name] = value  # later accesses skip this function
        return value
    if name in _SUBMODULES:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'ipcomp' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__version__ = "0.1.0"

__all__ = [
    "LAST_OFFICIAL_YEAR",
    "SME_2011",
    "WEIHAI_2020",
    "AssessedCaps",
    "Assessment",
    "Bank",
    "CalendarNotPublished",
    "Claim",
    "Code",
    "Compensation",
    "Decision",
    "Enterprise",
    "Finding",
    "IPKind",
    "Industry",
    "InvalidArgument",
    "IpcompError",
    "Loan",
    "MissingIndicator",
    "Pledge",
    "Policy",
    "Rating",
    "Recovery",
    "RecoveryExceedsLoss",
    "RiskClass",
    "SizeClass",
    "SizeStandard",
    "__version__",
    "add_working_days",
    "allocate_recovery",
    "application_deadline",
    "assess",
    "assess_many",
    "business_year",
    "check_bank",
    "check_claim",
    "check_enterprise",
    "check_loan",
    "classify_size",
    "compensate",
    "first_business_year",
    "fraud_returns",
    "in_force",
    "is_official_year",
    "is_working_day",
    "report_due_dates",
    "working_days_between",
]
