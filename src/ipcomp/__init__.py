"""ipcomp — the Weihai IP-pledge financing risk-compensation measures as exact, tested,
explainable code (威海市知识产权质押融资风险补偿实施办法, 2020-08-23 to 2026-08-22).

>>> from ipcomp import assess
>>> from ipcomp.testing import example_claim
>>> print(assess(example_claim()))  # doctest: +ELLIPSIS
Loan WH-2022-0001: ELIGIBLE 符合补偿条件
application deadline 2023-10-18
IP-part principal loss 800,000.00 (the whole loan is IP-secured)
provincial 40% × 800,000.00 = 320,000.00
municipal 20% × 800,000.00 = 160,000.00, capped at 1,200,000.00 (assessed cap for business year 2023)...
"""

from __future__ import annotations

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
