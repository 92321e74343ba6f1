"""Schemes of unusual shapes, for the tests that pin the compiled engine to the rules run
one by one: derived from the Weihai scheme's own file, each changing its payers, caps or
rules (they are test data, not schemes of any real measures)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from ipcomp.schemes import Scheme

WEIHAI_FILE = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "ipcomp"
    / "schemes"
    / "weihai_2020"
    / "scheme.json"
)
_ART = {"en": "Art. 8(2)", "zh": "第八条第（二）项"}


def _payer(pid: str, rate: str, **more: Any) -> dict[str, Any]:
    return {"id": pid, "name": {"zh": pid + "级", "en": pid}, "rate": rate, "article": _ART, **more}


def _cap(cid: str, payers: list[str], kind: str, **more: Any) -> dict[str, Any]:
    return {"id": cid, "payers": payers, "kind": kind, "article": _ART, **more}


def shapes() -> dict[str, Scheme]:
    """One payer and no cap; four payers (two pools, a direct-only and an indirect-only
    one) under two ``assessed`` caps, a fixed and a principal-share one, with another
    business year, lateness flagged and the calendar estimated; the two funds in reverse
    order under a joint cap; names that need quoting; the rules as requirements only,
    without them, and in reverse order."""
    base = json.loads(WEIHAI_FILE.read_text("utf-8"))
    changes: dict[str, dict[str, Any]] = {
        "one_payer": {"payers": [_payer("city", "0.50")], "caps": []},
        "four_payers": {
            "payers": [
                _payer("provincial", "0.30"),
                _payer("municipal", "0.20", pool="500000.00"),
                _payer("guarantor", "0.10", applies_to="direct"),
                _payer("fund_x", "0.15", applies_to="indirect", pool="200000.00"),
            ],
            "caps": [
                _cap(
                    "mun",
                    ["municipal"],
                    "assessed",
                    first_year="1000000.00",
                    later_year_max="1500000.00",
                ),
                _cap(
                    "pg",
                    ["provincial", "guarantor"],
                    "assessed",
                    first_year="800000.00",
                    later_year_max="700000.00",
                ),
                _cap("fx", ["fund_x"], "fixed", amount="300000.00"),
                _cap(
                    "all",
                    ["provincial", "municipal", "guarantor", "fund_x"],
                    "principal_share",
                    share="0.40",
                    cut_order=["fund_x", "provincial", "guarantor", "municipal"],
                ),
            ],
            "business_year_start": [4, 1],
            "late_application": "flag",
            "calendar_estimate": True,
        },
        "reversed_funds": {
            "payers": [_payer("municipal", "0.20"), _payer("provincial", "0.40")],
            "caps": [_cap("gov", ["provincial", "municipal"], "fixed", amount="900000.00")],
        },
        "quoted_names": {
            "payers": [
                _payer("a_b", "0.25")
                | {"name": {"zh": "x'\"\\n\u2028}{", "en": "it's \"q\" \\ '''"}},
                _payer("municipal", "0.2"),
            ],
            "caps": [_cap("m", ["municipal", "a_b"], "principal_share", share="0.10")],
        },
        "requirements_only": {"rules": [r for r in base["rules"] if r["kind"] == "requirement"]},
        "functions_only": {"rules": [r for r in base["rules"] if r["kind"] != "requirement"]},
        "rules_reversed": {"rules": base["rules"][::-1], "late_application": "flag"},
    }
    out = {}
    for name, change in changes.items():
        data = copy.deepcopy(base)
        data.update(change, id=name)
        out[name] = Scheme.model_validate(data)
    return out
