"""Shared test configuration: hypothesis profiles and the reference data.

Profiles (select with HYPOTHESIS_PROFILE; CI=true selects "ci"):

* ``dev`` (default): 100 random examples per property;
* ``ci``: derandomised, so a CI run is reproducible, 150 examples per property;
* ``long``: 5,000 examples per property, for a soak run before a release;
* ``mutation``: derandomised, 25 examples per property, no example database, for
  ``scripts/mutation.sh`` (mutmut runs the covering tests once per mutant);
* ``quick``: 10 examples, no shrinking, for a fast look during development.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, settings

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=25,
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=5_000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "mutation",
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "quick",
    max_examples=10,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))

ROOT = Path(__file__).resolve().parent.parent
#: The reference data, in the repository (tests/test_reference_data.py checks it against
#: the team's shared copy where that exists beside the checkout).
_SHARED = [ROOT / "tests" / "data"]


def workdays_reference() -> dict[str, Any]:
    """``cn_workdays_2020_2027.json``: every official day off and make-up day 2020–2026."""
    for folder in _SHARED:
        path = folder / "cn_workdays_2020_2027.json"
        if path.exists():
            data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            return data
    raise FileNotFoundError("cn_workdays_2020_2027.json not found in " + str(_SHARED))


@pytest.fixture(scope="session")
def reference_data() -> dict[str, Any]:
    """The whole reference data (:func:`workdays_reference`), read once."""
    return workdays_reference()


@pytest.fixture(scope="session")
def reference_days() -> dict[dt.date, bool]:
    """Every day of 2020–2026 mapped to whether it is an official working day."""
    data = workdays_reference()
    days: dict[dt.date, bool] = {}
    for year_text, year in data["years"].items():
        if not year.get("official"):
            continue
        off = {dt.date.fromisoformat(d) for d in year["holidays"]}
        makeup = {dt.date.fromisoformat(d) for d in year["makeup_workdays"]}
        day = dt.date(int(year_text), 1, 1)
        while day.year == int(year_text):
            days[day] = (day.weekday() < 5 or day in makeup) and day not in off
            day += dt.timedelta(days=1)
    return days


if os.environ.get("HYPOTHESIS_PROFILE") == "mutation":

    @pytest.fixture(autouse=True)
    def _compile_afresh() -> None:
        """Under mutation testing (scripts/mutation.sh) every test compiles the schemes
        it uses afresh: mutmut runs each mutant in a process forked after the plans were
        compiled and cached, so a mutant of the compiling code (``compile_scheme``,
        ``compiled_shares``) would otherwise never run (docs/mutation.md)."""
        from ipcomp.engine import arithmetic, plan

        plan._PLANS.clear()
        arithmetic._COMPILED.clear()
