"""Write src/ipcomp/core/statutory_days.json: the statutory days off of 全国年节及纪念日放假办法
for 2000–2100 (the years of the opt-in estimate), from the installed ``holidays``.

    python scripts/statutory_days.py           # rewrite the table
    python scripts/statutory_days.py --check   # exit 1 if the table differs from holidays

ipcomp reads the table at run time (decision I80): ``holidays`` is imported only for
candidate notices, and the estimate is the same whatever ``holidays`` release is installed.
``tests/core/test_holidays_pin.py`` checks the table against the installed release.
"""

from __future__ import annotations

import json
import sys
from importlib.metadata import version
from pathlib import Path

from holidays.countries.china import China

TABLE = Path(__file__).resolve().parents[1] / "src" / "ipcomp" / "core" / "statutory_days.json"
YEARS = range(2000, 2101)


def build() -> dict[str, object]:
    years: dict[str, list[str]] = {}
    for year in YEARS:
        days = China(years=year, observed=False)  # type: ignore[no-untyped-call]
        years[str(year)] = sorted(d.strftime("%m-%d") for d in days if d.year == year)
    return {
        "$comment": "written by scripts/statutory_days.py; do not edit by hand",
        "source": f"holidays=={version('holidays')}, holidays.China(observed=False)",
        "law": "全国年节及纪念日放假办法 (as amended in 2007, 2013 and 2024)",
        "years": years,
    }


def main(argv: list[str]) -> int:
    table = build()
    if "--check" in argv:
        shipped = json.loads(TABLE.read_text(encoding="utf-8"))
        if shipped["years"] != table["years"]:
            print(f"{TABLE} differs from the installed holidays", file=sys.stderr)
            return 1
        return 0
    text = json.dumps(table, ensure_ascii=False, indent=None, separators=(",", ":"))
    TABLE.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
