"""Packaging and docs truths (issue 14): what a new operator reads works today."""

from __future__ import annotations

import re
import tomllib

from .helpers import ROOT

DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_every_example_file_named_exists() -> None:
    """README and docs name only example files that exist (there is no claims.jsonl)."""
    for page in DOCS:
        for name in re.findall(r"examples/[\w./-]+\.\w+", page.read_text(encoding="utf-8")):
            assert (ROOT / name).exists(), f"{page.name}: {name}"
    assert "claims.jsonl" not in (ROOT / "README.md").read_text(encoding="utf-8")


def test_install_instructions_work_today() -> None:
    """Nothing serves `pip install ipcomp` yet: the docs say how to install from a clone
    or a built wheel, and how to put the command on the PATH."""
    for page in [*DOCS, *sorted((ROOT / "src" / "ipcomp").rglob("*.py"))]:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"pip install '?ipcomp(\[|\b)", text), page.name
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme
    assert ".venv/bin/ipcomp" in readme
    assert "pip install ." in readme
    assert "python -m build" in readme
    assert "scripts/main.sh" in readme
    assert "scripts/test.sh" in readme


def test_one_throughput_figure_per_path_from_the_benchmarks() -> None:
    """The contradictory hard-coded figures (17,000 and 7,500 rows/s for the same path)
    are gone from the CLI and analyst pages, which point to benchmarks/results.md."""
    for name in ("cli.md", "analysts.md"):
        text = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert "17,000" not in text
        assert "7,500" not in text
        assert "benchmarks/results.md" in text


def test_the_sdist_ships_what_the_tests_read() -> None:
    """The sdist's tests need scripts/traceability.py and mkdocs.yml (they failed in an
    unpacked sdist without them)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    for needed in ("src/ipcomp", "tests", "docs", "examples", "scripts", "mkdocs.yml"):
        assert needed in include


def test_security_page_is_in_the_site() -> None:
    """docs/security.md lists the limits, what is escaped and how to report a problem,
    and is in the mkdocs navigation."""
    text = (ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for part in (
        "--max-line-bytes",
        "--max-json-depth",
        "--max-number-digits",
        "\\x1b",
        "Reporting a problem",
    ):
        assert part in text
    assert "security.md" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
