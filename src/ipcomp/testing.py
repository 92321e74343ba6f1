"""Ready-made examples and hypothesis strategies for ipcomp's models.

Integrators use these to test and fuzz their own use of ipcomp; ipcomp's test suite
uses them everywhere. The hypothesis strategies need the ``hypothesis`` package
(``pip install ipcomp[test]``); the examples below need nothing.

>>> example_claim().loan.enterprise.name
'威海示例知识产权科技有限公司'
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .enums import Industry, IPKind, Rating, RiskClass
from .models import Bank, Claim, Enterprise, Loan, Pledge

__all__ = ["example_bank", "example_claim", "example_enterprise", "example_loan"]


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
