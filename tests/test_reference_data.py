"""D10: the repository's copy of the reference calendar data is the team's shared one."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "cn_workdays_2020_2027.json"


def test_the_reference_data_is_the_shared_data() -> None:
    """tests/data holds exactly the shared reference file (when the shared copy is beside
    the checkout; a clone alone carries its own copy)."""
    if not SHARED.exists():
        pytest.skip("no shared data beside this checkout")
    assert (ROOT / "tests" / "data" / SHARED.name).read_bytes() == SHARED.read_bytes()
