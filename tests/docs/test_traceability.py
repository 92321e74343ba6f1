"""The docs generator scripts/traceability.py: it runs, covers every code, parses the
test-docstring convention, and detects stale files."""

from __future__ import annotations

import doctest
import importlib.util
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest

from ipcomp import Code
from ipcomp.findings import CODE_INFO

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def trace() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "ipcomp_traceability", ROOT / "scripts" / "traceability.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def test_the_generator_runs_on_the_suite_and_lists_every_code(trace: ModuleType) -> None:
    """The generator scans the real suite; the codes page has a row for every Code."""
    cases = trace.scan_tests(ROOT / "tests", ROOT)
    assert cases
    codes_page = trace.render_codes(cases)
    for code in Code:
        row = f"| `{code.value}` |"
        assert codes_page.count(row) == 1, code
        assert CODE_INFO[code].article_zh in codes_page


def test_the_matrix_has_every_article_and_decision(trace: ModuleType) -> None:
    """The matrix has an anchored section for articles 1-14 and decisions D1-D16."""
    page = trace.render_traceability(trace.scan_tests(ROOT / "tests", ROOT))
    for n in range(1, 15):
        assert f"{{#art-{n:02d}}}" in page
    for n in range(1, 17):
        assert f"{{#d{n:02d}}}" in page


def test_without_tests_everything_with_a_rule_is_untested(trace: ModuleType) -> None:
    """A rule or a code with no test is shown as **untested**."""
    page = trace.render_traceability([])
    assert "| [Art. 3 eligible enterprise](#art-03) |" in page
    art03 = page.split("{#art-03}")[1].split("{#art-04}")[0]
    assert "**untested**" in art03
    codes_page = trace.render_codes([])
    assert codes_page.count("**untested** |") == len(Code)


def test_docstring_and_file_name_conventions(trace: ModuleType, tmp_path: Path) -> None:
    """File names and the first docstring paragraph give the articles and decisions;
    Code.X, "X" and module-level constants give the codes."""
    spec_dir = tmp_path / "tests" / "schemes" / "weihai_2020"
    spec_dir.mkdir(parents=True)
    (spec_dir / "test_art03.py").write_text(
        textwrap.dedent(
            '''
            import pytest
            from ipcomp import Code

            CASES = [("x", Code.LOAN_NOT_DIRECT)]

            def test_rating():
                """Art. 3(2), D2: a C rating passes.

                Not cited: Art. 11, D9.
                """
                assert Code.ENTERPRISE_RATING_BELOW_C

            @pytest.mark.parametrize("name, code", CASES)
            def test_table(name, code):
                """D4: unknown facts fail; see Art. 9, 10."""

            def helper():
                return "CLAIM_LATE"

            class TestGroup:
                """Art. 8(3), 10 working days."""

                def test_string(self):
                    assert "CLAIM_LATE"
            '''
        ),
        encoding="utf-8",
    )
    cases = {c.name: c for c in trace.scan_tests(tmp_path / "tests", tmp_path)}
    assert set(cases) == {"test_rating", "test_table", "TestGroup::test_string"}
    rating, table, group = (
        cases["test_rating"],
        cases["test_table"],
        cases["TestGroup::test_string"],
    )
    assert rating.node_id == "tests/schemes/weihai_2020/test_art03.py::test_rating"
    assert rating.summary == "Art. 3(2), D2: a C rating passes."
    assert (rating.articles, rating.decisions) == ({3}, {2})
    assert rating.codes == {Code.ENTERPRISE_RATING_BELOW_C}
    assert (table.articles, table.decisions) == ({3, 9, 10}, {4})
    assert table.codes == {Code.LOAN_NOT_DIRECT}
    assert (group.articles, group.decisions) == ({3, 8}, set())  # "10 working days" is no article
    assert group.codes == {Code.CLAIM_LATE}


def test_reference_parsing(trace: ModuleType) -> None:
    """Art. and D citations, lists and ranges, as the test docstrings write them."""
    assert trace.article_numbers("Art. 3–10: ...") == set(range(3, 11))
    assert trace.article_numbers("Art. 9, 10, D15: fraud") == {9, 10}
    assert trace.article_numbers("Art. 8(3), 10 working days") == {8}
    assert trace.article_numbers("民法典 Art. 201") == set()
    assert trace.decision_numbers("D5–D8, D14; D99") == {5, 6, 7, 8, 14}
    assert trace.code_articles(Code.CLAIM_FRAUD) == [9, 10]
    assert doctest.testmod(trace).failed == 0


def test_check_reports_stale_files(
    trace: ModuleType,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--check exits 1 while a generated file is stale, 0 once it was regenerated."""
    docs, tests = tmp_path / "docs", tmp_path / "tests"
    docs.mkdir()
    tests.mkdir()
    page = docs / "art.md"
    page.write_text("# Art. 9\n\n<!-- generated:codes 9 -->\nstale\n<!-- /generated -->\n")
    monkeypatch.setattr(trace, "ROOT", tmp_path)
    monkeypatch.setattr(trace, "DOCS", docs)
    monkeypatch.setattr(trace, "TESTS", tests)
    assert trace.main(["--check"]) == 1
    assert "stale generated docs" in capsys.readouterr().err
    assert not (docs / "codes.md").exists()
    assert trace.main([]) == 0
    assert "`CLAIM_FRAUD`" in page.read_text()
    assert (docs / "codes.md").exists()
    assert trace.main(["--check"]) == 0
