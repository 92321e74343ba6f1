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
    from .core.enums import Industry, IPKind, Rating, RiskClass, SizeClass
    from .core.errors import (
        CalendarNotPublished,
        InvalidArgument,
        InvalidNotice,
        IpcompError,
        MissingIndicator,
        RecoveryExceedsLoss,
    )
    from .core.noticeref import NoticeRef
    from .core.notices import HolidayNotice, NoticeAmendment, NoticeCitation, read_notice
    from .core.sme import SME_2011, SizeStandard, classify_size
    from .core.workdays import (
        LAST_OFFICIAL_YEAR,
        Calendar,
        CalendarChange,
        add_working_days,
        is_official_year,
        is_working_day,
        working_days_between,
        working_days_bounds,
    )
    from .engine.assess import assess, assess_many
    from .engine.bank import check_bank
    from .engine.claim import check_claim
    from .engine.compensation import compensate
    from .engine.deadlines import (
        application_deadline,
        business_year,
        first_business_year,
        in_force,
        report_due_dates,
    )
    from .engine.enterprise import check_enterprise
    from .engine.loan import check_loan
    from .engine.recovery import allocate_recovery, fraud_returns
    from .facts import AssessedCaps, Bank, Claim, Enterprise, Loan, Pledge
    from .findings import Code, Decision, Finding
    from .results import Assessment, Compensation, Recovery
    from .schemes.weihai_2020.policy import WEIHAI_2020, Policy

#: Where each public name lives. ``import ipcomp`` loads none of these modules: a name is
#: imported on first access (PEP 562), so the import stays light (benchmarks/).
_EXPORTS: dict[str, str] = {
    "AssessedCaps": ".facts",
    "Assessment": ".results",
    "Bank": ".facts",
    "Calendar": ".core.workdays",
    "CalendarChange": ".core.workdays",
    "CalendarNotPublished": ".core.errors",
    "Claim": ".facts",
    "Code": ".findings",
    "Compensation": ".results",
    "Decision": ".findings",
    "Enterprise": ".facts",
    "Finding": ".findings",
    "HolidayNotice": ".core.notices",
    "IPKind": ".core.enums",
    "Industry": ".core.enums",
    "InvalidArgument": ".core.errors",
    "InvalidNotice": ".core.errors",
    "IpcompError": ".core.errors",
    "LAST_OFFICIAL_YEAR": ".core.workdays",
    "Loan": ".facts",
    "MissingIndicator": ".core.errors",
    "NoticeAmendment": ".core.notices",
    "NoticeCitation": ".core.notices",
    "NoticeRef": ".core.noticeref",
    "Pledge": ".facts",
    "Policy": ".schemes.weihai_2020.policy",
    "Rating": ".core.enums",
    "Recovery": ".results",
    "RecoveryExceedsLoss": ".core.errors",
    "RiskClass": ".core.enums",
    "SME_2011": ".core.sme",
    "SizeClass": ".core.enums",
    "SizeStandard": ".core.sme",
    "WEIHAI_2020": ".schemes.weihai_2020.policy",
    "add_working_days": ".core.workdays",
    "allocate_recovery": ".engine.recovery",
    "application_deadline": ".engine.deadlines",
    "assess": ".engine.assess",
    "assess_many": ".engine.assess",
    "business_year": ".engine.deadlines",
    "check_bank": ".engine.bank",
    "check_claim": ".engine.claim",
    "check_enterprise": ".engine.enterprise",
    "check_loan": ".engine.loan",
    "classify_size": ".core.sme",
    "compensate": ".engine.compensation",
    "first_business_year": ".engine.deadlines",
    "fraud_returns": ".engine.recovery",
    "in_force": ".engine.deadlines",
    "is_official_year": ".core.workdays",
    "is_working_day": ".core.workdays",
    "read_notice": ".core.notices",
    "report_due_dates": ".engine.deadlines",
    "working_days_between": ".core.workdays",
    "working_days_bounds": ".core.workdays",
}
_SUBMODULES = frozenset(
    {
        "cli",
        "core",
        "engine",
        "facts",
        "findings",
        "frame",
        "io",
        "records",
        "results",
        "schemes",
        "testing",
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
    "Calendar",
    "CalendarChange",
    "CalendarNotPublished",
    "Claim",
    "Code",
    "Compensation",
    "Decision",
    "Enterprise",
    "Finding",
    "HolidayNotice",
    "IPKind",
    "Industry",
    "InvalidArgument",
    "InvalidNotice",
    "IpcompError",
    "Loan",
    "MissingIndicator",
    "NoticeAmendment",
    "NoticeCitation",
    "NoticeRef",
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
    "read_notice",
    "report_due_dates",
    "working_days_between",
    "working_days_bounds",
]
