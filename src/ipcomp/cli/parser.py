"""The ``ipcomp`` command: assess a portfolio of claims, compare policy variants, print
the JSON Schema of a claim, an application deadline, or the official calendar (also
``python -m ipcomp``).

Exit codes: 0 every row was a valid claim; 1 some rows were bad (each reported, with its
row number, on stderr and in the output); 2 usage error, unreadable or empty input, an
output that is one of the inputs, or unwritable output (a full disk); 141 stdout was
closed by its reader (``| head``: quiet, as other Unix tools); 130 interrupted. An output
file is written in full or not at all (a failed run leaves the old one as it was). Input is read row by row (CSV, JSON Lines) and totals are summed in
integer fen. ``assess`` and ``compare`` take the file as one portfolio (payments carried
per loan; the valid claims are held until the file ends); with ``--independent`` a file of
any length runs in constant memory. See ``docs/cli.md``.

>>> main(["deadline", "2023-09-28"])
2023-10-18
0
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import sys
from collections.abc import Sequence
from typing import Final

from .. import __version__
from ..io.limits import DEFAULT_LIMITS
from ..io.records import FORMATS
from .assess import _cmd_assess
from .calendar import add_calendar_options, add_calendar_parser
from .common import (
    EXIT_BAD_ROWS,
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    _UsageError,
)
from .compare import _cmd_compare
from .deadline import _cmd_deadline, _iso_date
from .schema import _cmd_schema, _schema_models
from .sinks import CSV_COLUMNS
from .text import _shown

__all__ = ["CSV_COLUMNS", "EXIT_BAD_ROWS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

# --- the parser ----------------------------------------------------------------------------

_ASSESS_EPILOG: Final = """\
input
  FILE is JSON Lines (one Claim per line in the JSON shape of ipcomp.Claim, as
  Claim.model_validate_json reads it), a JSON array of claims, or CSV (one flat row per
  claim, dotted column names: docs/cli.md). The format comes from the extension (.jsonl
  or .ndjson, .json, .csv) or, for '-' (stdin) and other names, from the first
  character ('[' JSON, '{' JSON Lines, else CSV); --input-format overrides it.

output (--format)
  table  a table, then totals by bank, by business year and by finding code (default)
  json   ONE JSON object:
           {"results": [RECORD, ...], "totals": TOTALS, "policy": {"name", "changes"}}
  jsonl  one RECORD per line, then a final line {"totals": TOTALS, "policy": {...}}
  csv    one row per input row (columns: @CSV@);
         Excel-safe (cells starting with = + - @ tab CR get a leading '); totals on stderr

  RECORD, one per input row, in input order:
    {"row": N, "loan_id": "...", "earlier": [N, ...], "carried": {PAYER: AMOUNT},
     "assessment": ASSESSMENT}                                 a valid claim
      (earlier/carried: the rows carried on the loan; not with --independent)
    {"row": N, "loan_id": "..." or null, "error": [{"loc": [...], "msg": "...", "type": "..."}]}
  N: JSON Lines and CSV the 1-based line number (CSV header = line 1); JSON the
  1-based array position. ASSESSMENT: ipcomp.Assessment as JSON (Assessment.model_dump_json).
  TOTALS: {"rows", "claims", "bad_rows", "eligible", "not_eligible", "capped",
           "ip_loss", "provincial", "municipal", "total", "bank_share",
           "findings": {CODE: claims}, "by_bank": {BANK: GROUP},
           "by_business_year": {"YYYY": GROUP}}
  GROUP:  {"claims", "eligible", "capped", "ip_loss", "provincial", "municipal",
           "total", "bank_share"}
  Amounts are strings with two decimals ("480000.00"), summed exactly over the
  ELIGIBLE claims; counts are integers; rows = claims + bad_rows. As one portfolio,
  TOTALS also has "paid", "recovered", "returned", "net" ({PAYER: AMOUNT}) and
  "recovered_to_bank", equal to the statement; --statement adds "statement".

limits (docs/security.md)
  a row over a limit is a bad row (row number, limit, the flag to raise it); reading
  goes on with the next row: --max-line-bytes (default 1 MiB), --max-json-depth
  (default 32), --max-number-digits (default 100).

exit status
  0 every row was a valid claim; 1 some rows were bad (each on stderr as
  FILE:ROW: message, and in the output); 2 usage error, unreadable or empty input
  (no rows), an --output that is an input, or unwritable output (nothing is
  written: an output file is replaced only by a complete run); 141 stdout closed by
  its reader (| head), quietly; 130 interrupted.
""".replace("@CSV@", ", ".join(CSV_COLUMNS))


def _add_io(parser: argparse.ArgumentParser, formats: Sequence[str]) -> None:
    parser.add_argument("file", metavar="FILE", help="claims: .csv, .json, .jsonl, or - for stdin")
    parser.add_argument("--input-format", choices=FORMATS, help="override the input format")
    parser.add_argument(
        "--encoding",
        default="utf-8",
        help="input encoding, ASCII-compatible (default utf-8; e.g. gb18030)",
    )
    parser.add_argument("--format", "-f", choices=formats, default="table", help="output format")
    parser.add_argument("--output", "-o", metavar="PATH", help="write the output here, not stdout")
    parser.add_argument(
        "--no-progress",
        action="store_true",
        help="no progress bar (shown only for large files on a terminal)",
    )
    limits = parser.add_argument_group("limits (a row over one is a bad row; docs/security.md)")
    limits.add_argument(
        "--max-line-bytes",
        type=int,
        default=DEFAULT_LIMITS.max_line_bytes,
        metavar="N",
        help="longest JSON Lines line or CSV row, in bytes (default %(default)s = 1 MiB)",
    )
    limits.add_argument(
        "--max-json-depth",
        type=int,
        default=DEFAULT_LIMITS.max_json_depth,
        metavar="N",
        help="deepest nesting of JSON in a row, 1-500 (default %(default)s)",
    )
    limits.add_argument(
        "--max-number-digits",
        type=int,
        default=DEFAULT_LIMITS.max_number_digits,
        metavar="N",
        help="most digits of a JSON number, 1-4300 (default %(default)s)",
    )


def _add_portfolio_options(parser: argparse.ArgumentParser, *, statement: bool = True) -> None:
    group = parser.add_argument_group(
        "portfolio (default: the file is one portfolio, payments carried per loan; "
        "docs/portfolios.md)"
    )
    group.add_argument(
        "--independent",
        action="store_true",
        help="judge each claim on its own, with only what it states as paid before "
        "(as assess_many; per-loan totals may then exceed a loan's cap)",
    )
    group.add_argument(
        "--events",
        metavar="FILE",
        help="money back: recoveries and fraud found after payment (CSV, JSON or JSON "
        "Lines with loan_id, on, kind = recovery|fraud, amount)",
    )
    if statement:
        group.add_argument(
            "--statement",
            nargs="?",
            const="banks",
            choices=("banks", "loans", "events"),
            help="the fund's statement: in a table all of it, in JSON all of it under "
            '"statement", in CSV the view given (default banks) instead of the claims',
        )
        group.add_argument(
            "--as-of",
            type=_iso_date,
            metavar="DATE",
            help="count the statement's next report dates from DATE "
            "(default: the latest date in the portfolio)",
        )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``ipcomp`` command."""
    parser = argparse.ArgumentParser(
        prog="ipcomp",
        description="Weihai IP-pledge financing risk compensation (威海市知识产权质押融资风险补偿实施办法): "
        "assess claims, compare policy variants, deadlines.",
    )
    parser.add_argument("--version", action="version", version=f"ipcomp {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = commands.add_parser(
        "assess",
        help="assess every claim of a file and total the results",
        description="Assess every claim of FILE under the policy and print the "
        "results and the totals.",
        epilog=_ASSESS_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _add_io(p, ("table", "csv", "json", "jsonl"))
    p.add_argument(
        "--policy",
        metavar="FILE",
        help="a JSON object of Policy.derive overrides, "
        'e.g. {"municipal_rate": "0.30"} (default WEIHAI_2020)',
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one policy field, e.g. --set municipal_rate=0.30 (repeatable)",
    )
    p.add_argument(
        "--scheme",
        metavar="FILE|ID",
        help="assess under another scheme: a registered id (weihai_2020) or a scheme file "
        "(ipcomp schema --model scheme; e.g. examples/schemes/three_payers.json); "
        "--set then changes its fields",
    )
    _add_portfolio_options(p)
    add_calendar_options(p)
    p.set_defaults(run=_cmd_assess)

    p = commands.add_parser(
        "compare",
        help="compare two policies claim by claim and in totals",
        description="Assess every claim of FILE under policy A and B and show "
        "the differences (B - A) per claim and in totals. One --policy compares "
        "WEIHAI_2020 (A) with it (B); two compare the first (A) with the second (B).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog='json: {"policies": {"a", "b"}, "results": [{"row", '
        '"loan_id", "a": ASSESSMENT, "b": ASSESSMENT, "difference": '
        '{"eligible": same|gained|lost, "provincial", "municipal", '
        '"total", "bank_share"}} or error records], "totals": {"a": '
        'TOTALS, "b": TOTALS, "difference": {...}}}; see docs/cli.md.',
    )
    _add_io(p, ("table", "csv", "json", "jsonl"))
    p.add_argument(
        "--policy",
        action="append",
        metavar="FILE",
        help="a policy file (JSON of Policy.derive overrides) or WEIHAI_2020; once or twice",
    )
    p.add_argument(
        "--changed-only",
        action="store_true",
        help="list only the claims whose result differs (bad rows are always listed)",
    )
    _add_portfolio_options(p, statement=False)
    add_calendar_options(p)
    p.set_defaults(run=_cmd_compare)

    p = commands.add_parser("schema", help="print the JSON Schema of a Claim (for integrators)")
    model = p.add_mutually_exclusive_group()
    model.add_argument(
        "--model",
        choices=sorted(_schema_models()),
        default="claim",
        help="claim (input, default), assessment (output), policy, or notice (a holiday "
        "notice file, docs/calendar.md)",
    )
    model.add_argument(
        "--notice",
        dest="model",
        action="store_const",
        const="notice",
        help="the schema of a holiday notice file (the same as --model notice)",
    )
    p.set_defaults(run=_cmd_schema)

    p = commands.add_parser(
        "deadline",
        help="the application deadline for a recognition date",
        description="The last day to apply (Art. 8(3), D10): the 10th working "
        "day after the recognition date, which is not counted.",
    )
    p.add_argument(
        "date", nargs="+", type=_iso_date, metavar="DATE", help="recognition date, YYYY-MM-DD"
    )
    p.add_argument("--policy", metavar="FILE", help="a JSON file of Policy.derive overrides")
    p.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override one policy field, e.g. --set calendar_estimate=true",
    )
    p.add_argument("--format", "-f", choices=("text", "json"), default="text")
    add_calendar_options(p)
    p.set_defaults(run=_cmd_deadline)

    add_calendar_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``ipcomp`` command with ``argv`` (default ``sys.argv[1:]``); return the exit
    status (0 all good, 1 bad rows, 2 usage or I/O error).

    >>> main(["deadline", "2020-09-28", "--format", "json"])  # doctest: +NORMALIZE_WHITESPACE
    [{"recognized_on": "2020-09-28", "deadline": "2020-10-19", "estimated": false,
      "working_days": 10, "calendar": [{"year": 2020, "origin": "built-in",
      "number": "国办发明电〔2019〕16号", "date": "2019-11-21",
      "amended_by": ["国办发明电〔2020〕1号"]}]}]
    0
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version, usage errors
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    _tolerant(sys.stdout)
    try:
        status: int = args.run(args)
        sys.stdout.flush()
    except _UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except BrokenPipeError:  # e.g. `ipcomp assess big.jsonl | head`: quiet, as `cat` is
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # a read or write error: a full disk, an I/O error
        _quiet_stdout()
        where = f" ({exc.filename})" if exc.filename else ""
        _error(f"{exc.strerror or exc}{where}")
        return EXIT_USAGE
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return status


def _error(message: str) -> None:
    """``ipcomp: error: message`` on stderr, every line of it safe for a terminal."""
    text = "\n".join(_shown(line, None) for line in message.split("\n"))
    sys.stderr.write(f"ipcomp: error: {text}\n")


def _tolerant(stream: object) -> None:
    """A terminal that cannot show UTF-8 (e.g. a Latin-1 or ASCII locale) gets escapes
    (``\\u5a01``) for what it cannot show, never a crash."""
    encoding = str(getattr(stream, "encoding", None) or "utf-8")
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        utf8 = False
    reconfigure = getattr(stream, "reconfigure", None)
    if not utf8 and reconfigure is not None:
        reconfigure(errors="backslashreplace")


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's final flush of what could not be
    written stays quiet."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
