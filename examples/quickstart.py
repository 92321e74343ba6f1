"""A few enterprises, banks and loans, and their decisions (run: scripts/main.sh)."""

from __future__ import annotations

import datetime as dt

from ipcomp import assess, check_bank, check_enterprise
from ipcomp.testing import example_bank, example_claim, example_enterprise, example_loan


def main() -> None:
    large = example_enterprise(name="威海大型制造集团", employees=2400, revenue="900000000")
    unrated = example_enterprise(name="荣成未评级商贸有限公司", rating=None, division_code="371082")
    unreported = example_bank(name="未报备银行", reported_in_weihai_on=None)
    for enterprise in (example_enterprise(), large, unrated):
        print(enterprise.name, check_enterprise(enterprise), sep="\n", end="\n\n")
    print(unreported.name, check_bank(unreported), sep="\n", end="\n\n")
    claims = [
        example_claim(),
        example_claim(principal_loss="2000000", applied_on=dt.date(2023, 10, 19)),
        example_claim(
            loan=example_loan(principal="12000000", ip_principal="9000000"),
            principal_loss="10000000",
        ),
    ]
    for claim in claims:
        print(assess(claim), end="\n\n")


if __name__ == "__main__":
    main()
