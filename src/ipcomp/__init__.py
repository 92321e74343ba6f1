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
    from .core.enums import (
        Industry as Industry,
    )
    from .core.enums import (
        IPKind as IPKind,
    )
    from .core.enums import (
        Rating as Rating,
    )
    from .core.enums import (
        RiskClass as RiskClass,
    )
    from .core.enums import (
        SizeClass as SizeClass,
    )
    from .core.errors import (
        CalendarNotPublished as CalendarNotPublished,
    )
    from .core.errors import (
        InvalidArgument as InvalidArgument,
    )
    from .core.errors import (
        InvalidNotice as InvalidNotice,
    )
    from .core.errors import (
        IpcompError as IpcompError,
    )
    from .core.errors import (
        MissingIndicator as MissingIndicator,
    )
    from .core.errors import (
        RecoveryExceedsLoss as RecoveryExceedsLoss,
    )
    from .core.noticeref import (
        NoticeRef as NoticeRef,
    )
    from .core.notices import (
        HolidayNotice as HolidayNotice,
    )
    from .core.notices import (
        NoticeAmendment as NoticeAmendment,
    )
    from .core.notices import (
        NoticeCitation as NoticeCitation,
    )
    from .core.notices import (
        read_notice as read_notice,
    )
    from .core.sme import (
        SME_2011 as SME_2011,
    )
    from .core.sme import (
        SizeStandard as SizeStandard,
    )
    from .core.sme import (
        classify_size as classify_size,
    )
    from .core.workdays import (
        LAST_OFFICIAL_YEAR as LAST_OFFICIAL_YEAR,
    )
    from .core.workdays import (
        Calendar as Calendar,
    )
    from .core.workdays import (
        CalendarChange as CalendarChange,
    )
    from .core.workdays import (
        add_working_days as add_working_days,
    )
    from .core.workdays import (
        is_official_year as is_official_year,
    )
    from .core.workdays import (
        is_working_day as is_working_day,
    )
    from .core.workdays import (
        working_days_between as working_days_between,
    )
    from .core.workdays import (
        working_days_bounds as working_days_bounds,
    )
    from .engine.assess import (
        assess as assess,
    )
    from .engine.assess import (
        assess_many as assess_many,
    )
    from .engine.assess import (
        iter_assess as iter_assess,
    )
    from .engine.bank import (
        check_bank as check_bank,
    )
    from .engine.claim import (
        check_claim as check_claim,
    )
    from .engine.compensation import (
        compensate as compensate,
    )
    from .engine.deadlines import (
        application_deadline as application_deadline,
    )
    from .engine.deadlines import (
        business_year as business_year,
    )
    from .engine.deadlines import (
        first_business_year as first_business_year,
    )
    from .engine.deadlines import (
        in_force as in_force,
    )
    from .engine.deadlines import (
        report_due_dates as report_due_dates,
    )
    from .engine.enterprise import (
        check_enterprise as check_enterprise,
    )
    from .engine.loan import (
        check_loan as check_loan,
    )
    from .engine.recovery import (
        allocate_recovery as allocate_recovery,
    )
    from .engine.recovery import (
        fraud_returns as fraud_returns,
    )
    from .facts import (
        AssessedCaps as AssessedCaps,
    )
    from .facts import (
        Bank as Bank,
    )
    from .facts import (
        Claim as Claim,
    )
    from .facts import (
        Enterprise as Enterprise,
    )
    from .facts import (
        Loan as Loan,
    )
    from .facts import (
        PaidBefore as PaidBefore,
    )
    from .facts import (
        Pledge as Pledge,
    )
    from .findings import (
        Code as Code,
    )
    from .findings import (
        Decision as Decision,
    )
    from .findings import (
        Finding as Finding,
    )
    from .portfolio import (
        ClaimOutOfOrder as ClaimOutOfOrder,
    )
    from .portfolio import (
        ClaimResult as ClaimResult,
    )
    from .portfolio import (
        LoanPosition as LoanPosition,
    )
    from .portfolio import (
        MoneyBack as MoneyBack,
    )
    from .portfolio import (
        Portfolio as Portfolio,
    )
    from .portfolio import (
        PortfolioBook as PortfolioBook,
    )
    from .portfolio import (
        RecoveryEvent as RecoveryEvent,
    )
    from .portfolio import (
        StatementRow as StatementRow,
    )
    from .portfolio import (
        assess_portfolio as assess_portfolio,
    )
    from .results import (
        Assessment as Assessment,
    )
    from .results import (
        Compensation as Compensation,
    )
    from .results import (
        Recovery as Recovery,
    )
    from .results import (
        Share as Share,
    )
    from .schemes import (
        get_scheme as get_scheme,
    )
    from .schemes import (
        load_scheme as load_scheme,
    )
    from .schemes.model import (
        Scheme as Scheme,
    )
    from .schemes.weihai_2020.policy import (
        WEIHAI_2020 as WEIHAI_2020,
    )
    from .schemes.weihai_2020.policy import (
        Policy as Policy,
    )

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
    "ClaimOutOfOrder": ".portfolio",
    "ClaimResult": ".portfolio",
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
    "LoanPosition": ".portfolio",
    "MissingIndicator": ".core.errors",
    "MoneyBack": ".portfolio",
    "NoticeAmendment": ".core.notices",
    "NoticeCitation": ".core.notices",
    "NoticeRef": ".core.noticeref",
    "PaidBefore": ".facts",
    "Pledge": ".facts",
    "Policy": ".schemes.weihai_2020.policy",
    "Portfolio": ".portfolio",
    "PortfolioBook": ".portfolio",
    "Rating": ".core.enums",
    "Recovery": ".results",
    "RecoveryEvent": ".portfolio",
    "RecoveryExceedsLoss": ".core.errors",
    "RiskClass": ".core.enums",
    "SME_2011": ".core.sme",
    "Scheme": ".schemes.model",
    "Share": ".results",
    "SizeClass": ".core.enums",
    "SizeStandard": ".core.sme",
    "StatementRow": ".portfolio",
    "WEIHAI_2020": ".schemes.weihai_2020.policy",
    "add_working_days": ".core.workdays",
    "allocate_recovery": ".engine.recovery",
    "application_deadline": ".engine.deadlines",
    "assess": ".engine.assess",
    "assess_many": ".engine.assess",
    "assess_portfolio": ".portfolio",
    "business_year": ".engine.deadlines",
    "check_bank": ".engine.bank",
    "check_claim": ".engine.claim",
    "check_enterprise": ".engine.enterprise",
    "check_loan": ".engine.loan",
    "classify_size": ".core.sme",
    "compensate": ".engine.compensation",
    "first_business_year": ".engine.deadlines",
    "fraud_returns": ".engine.recovery",
    "get_scheme": ".schemes",
    "in_force": ".engine.deadlines",
    "is_official_year": ".core.workdays",
    "is_working_day": ".core.workdays",
    "iter_assess": ".engine.assess",
    "load_scheme": ".schemes",
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

#: The public names: the keys of _EXPORTS (one list), and the version.
__all__ = [*sorted(_EXPORTS), "__version__"]
