"""The output of ``ipcomp assess``: one sink per format (table, CSV, JSON, JSON Lines)."""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any, Final

from ..core.money import format_yuan
from ..findings import Code
from ..io.records import Record, excel_safe
from ..portfolio import ClaimResult
from ..results import Assessment
from .common import _money, _percent
from .policies import _NamedPolicy, payer_ids, payer_rate
from .portfolio import statement_csv, statement_json, statement_lines
from .text import _error_text, _labels, _row_line, _shown, _width, _year_start
from .totals import _FUNDS, _Totals, _year

#: The widest bank name in a table of totals, in display columns (a longer one is cut,
#: and names that look alike once cut are numbered).
_LABEL_MAX: Final = 40


def _totals_lines(totals: _Totals, title: str) -> list[str]:
    t = totals.as_json()
    lines = [
        "",
        title,
        *(
            ["  (one portfolio: payments carried per loan in time order)"]
            if totals.portfolio is not None
            else []
        ),
        f"  rows read          {t['rows']:>16,}",
        f"  claims assessed    {t['claims']:>16,}",
        f"  bad rows           {t['bad_rows']:>16,}",
        f"  eligible           {t['eligible']:>16,}",
        f"  not eligible       {t['not_eligible']:>16,}",
        f"  capped             {t['capped']:>16,}",
    ]
    payers = ("provincial", "municipal", *(p for p in payer_ids(totals.policy) if p not in _FUNDS))
    labels = {"ip_loss": "IP-part loss"}
    for payer in payers:
        labels[payer] = f"{payer} {_percent(payer_rate(totals.policy, payer) or Decimal(0))}"
    labels.update({"total": "total paid", "bank_share": "bank share"})
    for name, label in labels.items():
        lines.append(f"  {_shown(label):<18} {_money(totals.all.fen.get(name, 0)):>16}")
    if totals.portfolio is not None:
        row = totals.portfolio.totals
        back = {
            "recovered": sum(row.recovered.values(), Decimal(0)),
            "returned (fraud)": sum(row.returned.values(), Decimal(0)),
            "net paid": sum(row.net.values(), Decimal(0)),
        }
        for label, value in back.items():
            lines.append(f"  {label:<18} {format_yuan(value):>16}")
    for heading, groups in (
        (
            "By bank (amounts of eligible claims)",
            {k: totals.by_bank[k] for k in sorted(totals.by_bank)},
        ),
        (
            f"By business year (starting {_year_start(totals.policy)})",
            {str(k): totals.by_year[k] for k in sorted(totals.by_year)},
        ),
    ):
        lines += ["", heading]
        amounts = ("provincial", "municipal", "total", "bank_share")
        label_width = min(max((_width(_shown(k)) for k in groups), default=0), _LABEL_MAX)
        label_width = max(label_width, 24)
        wide = max((len(_money(g.fen[n])) for g in groups.values() for n in amounts), default=0)
        wide = max(wide, 16)
        labels = _labels(list(groups), label_width)
        lines.append(
            _row_line(
                [
                    ("", label_width, False),
                    ("claims", 7, True),
                    ("eligible", 8, True),
                    ("provincial", wide, True),
                    ("municipal", wide, True),
                    ("total", wide, True),
                    ("bank share", wide, True),
                ]
            )
        )
        for key, g in groups.items():
            lines.append(
                _row_line(
                    [
                        (labels[key], label_width, False),
                        (str(g.claims), 7, True),
                        (str(g.eligible), 8, True),
                    ]
                    + [(_money(g.fen[n]), wide, True) for n in amounts]
                )
            )
    if totals.findings:
        lines += ["", "Findings (claims with each code)"]
        lines += [
            f"  {code.value:<32} {totals.findings[code]:>8,}"
            for code in Code
            if totals.findings[code]
        ]
    return lines


# --- sinks: one per output format ----------------------------------------------------------


class _Sink:
    """Writes the per-row records and the totals in one output format."""

    def __init__(self, out: IO[str], policy: _NamedPolicy, statement: str | None = None) -> None:
        self.out = out
        self.policy = policy
        self.statement = statement  # --statement VIEW (portfolio mode), or None

    def start(self) -> None:
        """Before the first row."""

    def result(
        self, record: Record, assessment: Assessment, result: ClaimResult | None = None
    ) -> None:
        raise NotImplementedError

    def error(self, record: Record) -> None:
        raise NotImplementedError

    def finish(self, totals: _Totals) -> None:
        raise NotImplementedError


def _error_json(record: Record) -> str:
    return json.dumps(
        {"row": record.row, "loan_id": record.loan_id, "error": record.error_details()},
        ensure_ascii=False,
    )


def _result_json(record: Record, assessment: Assessment, result: ClaimResult | None) -> str:
    loan_id = json.dumps(record.loan_id, ensure_ascii=False)
    carried = ""
    if result is not None:
        amounts = {k: f"{v:f}" for k, v in result.carried.items()}
        carried = f', "earlier": {list(result.earlier)}, "carried": {json.dumps(amounts)}'
    return (
        f'{{"row": {record.row}, "loan_id": {loan_id}{carried}, '
        f'"assessment": {assessment.model_dump_json()}}}'
    )


def _final(sink: _Sink, totals: _Totals) -> dict[str, Any]:
    """The totals, the policy and (with ``--statement``) the statement, JSON-ready."""
    final: dict[str, Any] = {"totals": totals.as_json(), "policy": sink.policy.describe()}
    if totals.portfolio is not None and sink.statement is not None:
        final["statement"] = statement_json(totals.portfolio)
    return final


class _JsonSink(_Sink):
    def __init__(self, out: IO[str], policy: _NamedPolicy, statement: str | None = None) -> None:
        super().__init__(out, policy, statement)
        self.separator = "\n"

    def start(self) -> None:
        self.out.write('{"results": [')

    def _item(self, text: str) -> None:
        self.out.write(self.separator + text)
        self.separator = ",\n"

    def result(
        self, record: Record, assessment: Assessment, result: ClaimResult | None = None
    ) -> None:
        self._item(_result_json(record, assessment, result))

    def error(self, record: Record) -> None:
        self._item(_error_json(record))

    def finish(self, totals: _Totals) -> None:
        final = _final(self, totals)
        self.out.write(
            "\n],\n"
            + ",\n".join(
                f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in final.items()
            )
            + "}\n"
        )


class _JsonlSink(_Sink):
    def result(
        self, record: Record, assessment: Assessment, result: ClaimResult | None = None
    ) -> None:
        self.out.write(_result_json(record, assessment, result) + "\n")

    def error(self, record: Record) -> None:
        self.out.write(_error_json(record) + "\n")

    def finish(self, totals: _Totals) -> None:
        self.out.write(json.dumps(_final(self, totals), ensure_ascii=False) + "\n")


#: The columns of ``ipcomp assess --format csv``.
CSV_COLUMNS: Final = (
    "row",
    "loan_id",
    "status",
    "eligible",
    "bank",
    "business_year",
    "deadline",
    "ip_loss",
    "provincial",
    "municipal_uncapped",
    "municipal_cap",
    "municipal",
    "total",
    "bank_share",
    "capped",
    "codes",
    "blocking_codes",
    "error",
    "earlier",
)


#: The columns of ``ipcomp assess --format csv`` that hold numbers: written as plain
#: numbers, without the formula guard (a number cannot run as a formula, and a guarded
#: ``'-1.00`` would be text to a spreadsheet's SUM and to pandas).
_CSV_NUMBERS: Final = frozenset(
    {
        "row",
        "business_year",
        "ip_loss",
        "provincial",
        "municipal_uncapped",
        "municipal_cap",
        "municipal",
        "total",
        "bank_share",
    }
)


def _csv_cells(
    values: dict[str, object], columns: Sequence[str], numbers: frozenset[str]
) -> list[str]:
    """The cells of one CSV line: text cells :func:`~ipcomp.records.excel_safe`, number
    cells as they are."""
    cells = []
    for column in columns:
        value = values.get(column)
        cell = "" if value is None else str(value)
        cells.append(cell if column in numbers else excel_safe(cell))
    return cells


def _codes(assessment: Assessment, *, blocking: bool = False) -> str:
    found = (f.code.value for f in assessment.findings if f.blocking or not blocking)
    return ";".join(dict.fromkeys(found))


class _CsvSink(_Sink):
    """Claim rows as CSV, the totals on ``summary``; with ``--statement VIEW`` the
    statement's view instead of the claim rows."""

    def __init__(
        self,
        out: IO[str],
        policy: _NamedPolicy,
        summary: IO[str],
        statement: str | None = None,
    ) -> None:
        super().__init__(out, policy, statement)
        self.writer = csv.writer(out, lineterminator="\n")
        self.summary = summary
        #: payers beyond the two funds (another scheme's guarantor, say): a column each
        self.others = tuple(
            p for p in payer_ids(policy.policy) if p not in ("provincial", "municipal")
        )
        self.columns = (*CSV_COLUMNS, *self.others)
        self.numbers = _CSV_NUMBERS | frozenset(self.others)

    def _write(self, values: dict[str, object]) -> None:
        if self.statement is None:
            self.writer.writerow(_csv_cells(values, self.columns, self.numbers))

    def start(self) -> None:
        if self.statement is None:
            self.writer.writerow(self.columns)

    def result(
        self, record: Record, assessment: Assessment, result: ClaimResult | None = None
    ) -> None:
        assert record.claim is not None
        c = assessment.compensation
        values: dict[str, object] = {
            "row": record.row,
            "loan_id": record.loan_id,
            "status": "ok",
            "eligible": "true" if assessment.eligible else "false",
            "bank": record.claim.loan.bank.name,
            "business_year": _year(record.claim, assessment, self.policy.policy),
            "deadline": assessment.deadline,
            "codes": _codes(assessment),
            "blocking_codes": _codes(assessment, blocking=True),
            "earlier": None if result is None else ";".join(map(str, result.earlier)),
        }
        if c is not None:
            for name in (
                "ip_loss",
                "provincial",
                "municipal_uncapped",
                "municipal_cap",
                "municipal",
                "total",
                "bank_share",
            ):
                values[name] = getattr(c, name)
            values["capped"] = "true" if c.capped else "false"
            if self.others:
                values.update({s.payer: s.paid for s in c.shares if s.payer in self.others})
        self._write(values)

    def error(self, record: Record) -> None:
        self._write(
            {
                "row": record.row,
                "loan_id": record.loan_id,
                "status": "error",
                "error": _error_text(record),
            }
        )

    def finish(self, totals: _Totals) -> None:
        if self.statement is not None and totals.portfolio is not None:
            statement_csv(totals.portfolio, self.statement, self.out)
        title = f"Totals ({_shown(self.policy.name)})"
        self.summary.write("\n".join(_totals_lines(totals, title)) + "\n")


class _TableSink(_Sink):
    _HEAD: Final = (
        ("row", 7, True),
        ("loan_id", 16, False),
        ("bank", 18, False),
        ("year", 4, False),
        ("verdict", 10, False),
        ("provincial", 14, True),
        ("municipal", 14, True),
        ("total", 14, True),
        ("findings", 60, False),
    )

    def start(self) -> None:
        self.out.write(f"Assessment under {_shown(self.policy.name)}\n")
        self.out.write(_row_line(self._HEAD) + "\n")

    def _line(self, values: Sequence[str]) -> None:
        widths = [(v, w, r) for v, (_, w, r) in zip(values, self._HEAD, strict=True)]
        self.out.write(_row_line(widths) + "\n")

    def result(
        self, record: Record, assessment: Assessment, result: ClaimResult | None = None
    ) -> None:
        assert record.claim is not None
        c = assessment.compensation
        amounts = (
            ["-"] * 3
            if c is None
            else [format_yuan(x) for x in (c.provincial, c.municipal, c.total)]
        )
        self._line(
            [
                str(record.row),
                _shown(record.loan_id or ""),
                _shown(record.claim.loan.bank.name),
                str(_year(record.claim, assessment, self.policy.policy)),
                "eligible" if assessment.eligible else "NOT elig.",
                *amounts,
                ", ".join(dict.fromkeys(f.code.value for f in assessment.findings)),
            ]
        )

    def error(self, record: Record) -> None:
        self._line(
            [
                str(record.row),
                _shown(record.loan_id or ""),
                "",
                "",
                "BAD ROW",
                "",
                "",
                "",
                _error_text(record, shown=True),
            ]
        )

    def finish(self, totals: _Totals) -> None:
        title = f"Totals ({_shown(self.policy.name)})"
        lines = _totals_lines(totals, title)
        if self.statement is not None and totals.portfolio is not None:
            lines += statement_lines(totals.portfolio, format_yuan)
        self.out.write("\n".join(lines) + "\n")
