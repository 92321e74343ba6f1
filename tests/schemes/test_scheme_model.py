"""A scheme is validated data: every mistake in a scheme file is an error naming the key.

The registry finds shipped schemes by id; :func:`load_scheme` reads one's own.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ipcomp import Code
from ipcomp.schemes import (
    Scheme,
    UnknownScheme,
    get_scheme,
    load_scheme,
    registered_schemes,
)

WEIHAI = get_scheme("weihai_2020")
ROOT = Path(__file__).resolve().parents[2]


def data() -> dict[str, Any]:
    """The Weihai scheme as JSON-ready data, to break one key at a time."""
    loaded: dict[str, Any] = json.loads(WEIHAI.model_dump_json())
    return loaded


def refused(changes: dict[str, Any]) -> str:
    with pytest.raises(ValidationError) as caught:
        Scheme.model_validate({**data(), **changes})
    return str(caught.value)


def test_registry_finds_the_shipped_schemes() -> None:
    """The Weihai measures are registered under their id; the example is a file."""
    assert registered_schemes() == ("weihai_2020",)
    assert get_scheme("weihai_2020") is WEIHAI
    with pytest.raises(UnknownScheme, match="no scheme 'beijing'; registered: weihai_2020"):
        get_scheme("beijing")
    with pytest.raises(UnknownScheme):
        get_scheme(None)  # type: ignore[arg-type]


def test_a_scheme_file_is_read_and_validated(tmp_path: Path) -> None:
    """load_scheme reads JSON (a UTF-8 BOM and "$" comments allowed) and refuses a typo
    by name."""
    path = tmp_path / "scheme.json"
    path.write_text("\ufeff" + json.dumps({"$comment": "mine", **data()}), encoding="utf-8")
    assert load_scheme(path) == WEIHAI
    path.write_text(json.dumps({**data(), "aplication_window": 10}), encoding="utf-8")
    with pytest.raises(ValidationError, match="aplication_window"):
        load_scheme(path)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"payers": [data()["payers"][0]] * 2}, "payer ids must be unique"),
        (
            {"payers": [{**data()["payers"][0], "rate": "0.9"}, data()["payers"][1]]},
            "exceed 1",
        ),
        ({"caps": [{**data()["caps"][0], "payers": ["city"]}]}, "names unknown payers ['city']"),
        ({"caps": [data()["caps"][0]] * 2}, "cap ids must be unique"),
        ({"caps": [{**data()["caps"][0], "amount": "1.00"}]}, "takes no 'amount'"),
        ({"caps": [{**data()["caps"][0], "first_year": None}]}, "needs 'first_year'"),
        (
            {"caps": [{**data()["caps"][0], "payers": ["municipal", "municipal"]}]},
            "names a payer twice",
        ),
        (
            {"caps": [{**data()["caps"][0], "cut_order": ["provincial"]}]},
            "cut_order must list exactly its payers",
        ),
        ({"rules": [{"kind": "astrology"}]}, "unknown rule kind 'astrology'"),
        ({"rules": [{"kind": "requirement", "subject": "bank"}]}, "a requirement needs"),
        (
            {
                "rules": [
                    {
                        "kind": "requirement",
                        "subject": "loan",
                        "fact": "principal",
                        "code": "LOAN_NOT_DIRECT",
                        "requirement": {"zh": "x", "en": "x"},
                    }
                ]
            },
            "loan.principal is not a yes/no fact",
        ),
        ({"rules": [{"kind": "rating", "fact": "rating"}]}, "rule 'rating' takes no fact"),
        ({"rules": [{"kind": "rating", "subject": "bank"}]}, "its subject is enterprise"),
        (
            {"codes": {k: v for k, v in data()["codes"].items() if k != "CLAIM_LATE"}},
            "the code table lacks CLAIM_LATE",
        ),
        (
            {
                "codes": {
                    **data()["codes"],
                    "CLAIM_LATE": {**data()["codes"]["CLAIM_LATE"], "meaning": "after {windw}"},
                }
            },
            "codes.CLAIM_LATE.meaning: bad placeholder 'windw'",
        ),
        ({"effective_until": "2019-01-01"}, "effective_until must not be before effective_from"),
        ({"business_year_start": [2, 29]}, "(2, 29) is not a (month, day)"),
        ({"report_dates": [[6, 31]]}, "(6, 31) is not a (month, day)"),
        ({"size_standard": "SME_2030"}, "unknown size standard 'SME_2030'"),
        ({"region": {"prefixes": ["37A"], "name": {"zh": "x", "en": "x"}}}, "region.prefixes.0"),
    ],
)
def test_every_mistake_is_named(changes: dict[str, Any], message: str) -> None:
    """Each rule of the scheme model refuses its mistake with a message that names it."""
    assert message in refused(changes)


def test_meanings_ids_and_payers() -> None:
    """A code's meaning fills the scheme's numbers in; ids are what the text may cite."""
    assert WEIHAI.meaning(Code.ENTERPRISE_NOT_IN_WEIHAI) == (
        "registration authority outside Weihai (3710)"
    )
    assert WEIHAI.meaning("LOAN_OUTSIDE_VALIDITY") == (
        "disbursed outside the validity period 2020-08-23 to 2026-08-22"
    )
    assert {"enterprise.legal_person", "rating", "payers.municipal", "caps.municipal"} <= (
        WEIHAI.ids()
    )
    municipal = WEIHAI.payer("municipal")
    assert municipal is not None
    assert municipal.rate == WEIHAI.payers[1].rate
    assert WEIHAI.payer("guarantor") is None
    assert WEIHAI.caps[0].cuts == ("municipal",)


def test_a_scheme_is_frozen_and_derives_validated_variants() -> None:
    """derive gives a validated copy; the original never changes; equality is by value
    whatever the engine cached on either."""
    variant = WEIHAI.derive(application_window=15)
    assert (variant.application_window, WEIHAI.application_window) == (15, 10)
    with pytest.raises(ValidationError):
        WEIHAI.derive(application_window=0)
    with pytest.raises(ValidationError):
        WEIHAI.application_window = 11  # type: ignore[misc]
    from ipcomp.engine.plan import plan_of

    plan_of(WEIHAI)  # caches the compiled plan on the scheme
    assert Scheme.model_validate_json(WEIHAI.model_dump_json()) == WEIHAI
    assert WEIHAI != "weihai_2020"


def test_the_scheme_json_schema_names_every_part() -> None:
    """The scheme's JSON Schema (``ipcomp schema --model scheme``) describes its parts."""
    schema = Scheme.model_json_schema()
    assert {"payers", "caps", "rules", "codes", "region"} <= set(schema["properties"])


def test_the_weihai_text_cites_every_rule_and_only_real_ids() -> None:
    """The measures' text (text.zh.md) names, after each article, the rules that
    implement it: every rule of the scheme is cited, and every id cited exists."""
    import re

    text = (ROOT / "src/ipcomp/schemes/weihai_2020/text.zh.md").read_text(encoding="utf-8")
    cited = set()
    for line in text.splitlines():
        if line.startswith("rules:"):
            cited |= set(re.findall(r"`([a-z_.]+)`", line.split("codes:")[0]))
    assert cited <= WEIHAI.ids()
    assert {r.id for r in WEIHAI.rules} <= cited
