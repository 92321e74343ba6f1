"""Portfolio mode of ``ipcomp assess`` and ``ipcomp compare`` (issue 13; Art. 7(4), 8(2),
9, 10, 11; D5, D14, D15; I69, I77-I79): the claims of a file as one portfolio, money-back
events from ``--events FILE``, the fund's statement."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any, Final

from pydantic import ValidationError

from ..core.workdays import Calendar
from ..io.limits import LimitExceeded, loads
from ..io.records import Record, detect_format, error_details, excel_safe
from ..portfolio import ClaimResult, Portfolio, RecoveryEvent, StatementRow, assess_portfolio
from ..schemes.model import Scheme
from ..schemes.weihai_2020.policy import Policy
from .common import _UsageError
from .text import _labels, _row_line, _shown

#: The columns of an events file (CSV header, or the keys of a JSON object).
EVENT_FIELDS: Final = ("loan_id", "on", "kind", "amount")


@dataclass(frozen=True, slots=True)
class _Events:
    """The events of ``--events FILE``: the valid ones, and how many rows were bad."""

    events: tuple[RecoveryEvent, ...] = ()
    bad_rows: int = 0


def _event_rows(path: str, text: str) -> list[tuple[int, Any]]:
    """``(row number, object)`` per event: CSV rows by line number (header line 1),
    JSON array items from 1, JSON Lines by line number."""
    fmt = detect_format(path, text.lstrip()[:1].encode())
    if fmt == "csv":
        reader = csv.DictReader(io.StringIO(text, newline=""))
        if reader.fieldnames is None:
            return []
        unknown = [f for f in reader.fieldnames if f not in EVENT_FIELDS]
        if unknown:
            raise _UsageError(
                f"events file {_shown(path)}: unknown column {_shown(unknown[0], 64)} "
                f"(the columns are {', '.join(EVENT_FIELDS)})"
            )
        return [(reader.line_num, row) for row in reader]
    if fmt == "json":
        data = loads(text)
        if isinstance(data, dict) and "events" in data:
            data = data["events"]
        if not isinstance(data, list):
            raise _UsageError(
                f"events file {_shown(path)} must hold a JSON array of events "
                '(or {"events": [...]})'
            )
        return list(enumerate(data, 1))
    return [(n, loads(line)) for n, line in enumerate(text.splitlines(), 1) if line.strip()]


def read_events(path: str | None, report: IO[str]) -> _Events:
    """The money-back events of ``path`` (CSV, JSON or JSON Lines with the fields of
    :class:`~ipcomp.RecoveryEvent`; an empty CSV cell is "not given"). A bad row is
    reported on ``report`` as ``FILE:ROW: message`` and counted; the others are kept.
    A file that cannot be read at all is a usage error (exit 2)."""
    if path is None:
        return _Events()
    try:
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
    except OSError as exc:
        raise _UsageError(
            f"cannot read events file {_shown(path)}: {exc.strerror or exc}"
        ) from None
    except UnicodeError:
        raise _UsageError(f"events file {_shown(path)} is not valid UTF-8") from None
    try:
        rows = _event_rows(path, text)
    except (LimitExceeded, ValueError) as exc:
        raise _UsageError(f"events file {_shown(path)} is not valid JSON: {exc}") from None
    events: list[RecoveryEvent] = []
    bad = 0
    for row, data in rows:
        if isinstance(data, dict):
            data = {k: (None if v == "" else v) for k, v in data.items()}
        try:
            events.append(RecoveryEvent.model_validate(data))
        except ValidationError as exc:
            bad += 1
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'event'}: {e['msg']}" for e in error_details(exc)
            )
            report.write(f"{_shown(path)}:{row}: {_shown(problems)}\n")
    return _Events(tuple(events), bad)


def check_portfolio_options(args: argparse.Namespace) -> None:
    """``--events``, ``--statement`` and ``--as-of`` are portfolio mode's only: with
    ``--independent`` they are a usage error."""
    if not args.independent:
        return
    given = [
        flag
        for flag, name in (
            ("--events", "events"),
            ("--statement", "statement"),
            ("--as-of", "as_of"),
        )
        if getattr(args, name, None) is not None
    ]
    if given:
        raise _UsageError(f"{', '.join(given)}: only for a portfolio (leave out --independent)")


@dataclass(frozen=True, slots=True)
class _Run:
    """A file's claims as one portfolio: the portfolio, and per record (in the records'
    order) its result with ``index`` and ``earlier`` as row numbers of the input, or
    ``None`` for a bad row."""

    portfolio: Portfolio
    results: tuple[ClaimResult | None, ...]


def run_portfolio(
    records: Sequence[Record],
    policy: Policy | Scheme,
    events: Sequence[RecoveryEvent],
    calendar: Calendar,
    as_of: dt.date | None,
) -> _Run:
    """Assess the good records as one portfolio (:func:`~ipcomp.assess_portfolio`); the
    results come back one per record, numbered by their rows (``None`` for a bad row)."""
    good = [r for r in records if r.claim is not None]
    portfolio = assess_portfolio(
        [r.claim for r in good],  # type: ignore[misc]
        policy,
        events=events,
        as_of=as_of,
        calendar=calendar,
    )
    results = iter(portfolio.results)
    aligned = []
    for record in records:
        result = None if record.claim is None else next(results)
        if result is not None:
            earlier = tuple(good[i].row for i in result.earlier)
            result = result.model_copy(update={"index": record.row, "earlier": earlier})
        aligned.append(result)
    return _Run(portfolio, tuple(aligned))


# --- the statement in each format -------------------------------------------------------------


def _money_json(values: dict[str, Any]) -> dict[str, str]:
    return {k: f"{v:f}" for k, v in values.items()}


def _row_json(row: StatementRow) -> dict[str, Any]:
    return {
        **({} if row.bank is None else {"bank": row.bank, "business_year": row.business_year}),
        "claims": row.claims,
        "eligible": row.eligible,
        "paid": _money_json(row.paid),
        "paid_total": f"{row.paid_total:f}",
        "recovered": _money_json(row.recovered),
        "recovered_to_bank": f"{row.recovered_to_bank:f}",
        "returned": _money_json(row.returned),
        "net": _money_json(row.net),
    }


def money_back_totals(portfolio: Portfolio) -> dict[str, Any]:
    """What the totals of the CLI add in portfolio mode: each payer's paid, recovered,
    returned and net amounts and the banks' part of the recoveries, from the
    portfolio's own totals (so they equal the statement to the fen)."""
    t = portfolio.totals
    return {
        "paid": _money_json(t.paid),
        "recovered": _money_json(t.recovered),
        "returned": _money_json(t.returned),
        "net": _money_json(t.net),
        "recovered_to_bank": f"{t.recovered_to_bank:f}",
    }


def statement_json(portfolio: Portfolio) -> dict[str, Any]:
    """The whole statement, JSON-ready: rows per bank and business year, totals, loans,
    money back and the next report dates."""
    return {
        "scheme": portfolio.scheme,
        "as_of": None if portfolio.as_of is None else portfolio.as_of.isoformat(),
        "rows": [_row_json(row) for row in portfolio.statement],
        "totals": _row_json(portfolio.totals),
        "loans": [
            {
                "loan_id": p.loan_id,
                "bank": p.bank,
                "claims": p.claims,
                "eligible": p.eligible,
                "paid": _money_json(p.paid),
                "caps": _money_json(p.caps),
                "headroom": _money_json(p.headroom),
            }
            for p in portfolio.loans
        ],
        "money_back": [
            {
                "event": m.event.model_dump(mode="json"),
                "bank": m.bank,
                "business_year": m.business_year,
                "applied": m.applied,
                "to_payers": _money_json(m.to_payers),
                "to_bank": f"{m.to_bank:f}",
                "codes": [f.code.value for f in m.findings],
            }
            for m in portfolio.money_back
        ],
        "report_dates": {
            bank: [d.isoformat() for d in days] for bank, days in portfolio.report_dates.items()
        },
    }


#: The views of ``--statement`` in CSV.
VIEWS: Final = ("banks", "loans", "events")


def statement_csv(portfolio: Portfolio, view: str, out: IO[str]) -> None:
    """One view of the statement as CSV: ``banks`` (a row per bank and business year,
    then the total), ``loans`` (a row per loan) or ``events`` (a row per event)."""
    payers = portfolio.payers
    writer = csv.writer(out, lineterminator="\n")
    texts = {"bank", "loan_id", "kind", "on", "applied", "codes", "next_report"}

    def cells(values: dict[str, Any], columns: Sequence[str]) -> list[str]:
        out_cells = []
        for c in columns:
            v = values.get(c)
            cell = "" if v is None else (f"{v:f}" if hasattr(v, "as_tuple") else str(v))
            out_cells.append(excel_safe(cell) if c in texts else cell)
        return out_cells

    if view == "banks":
        columns = [
            "bank",
            "business_year",
            "claims",
            "eligible",
            *(f"paid_{p}" for p in payers),
            "paid_total",
            *(f"recovered_{p}" for p in payers),
            "recovered_to_bank",
            *(f"returned_{p}" for p in payers),
            *(f"net_{p}" for p in payers),
            "next_report",
        ]
        writer.writerow(columns)
        for row in (*portfolio.statement, portfolio.totals):
            values: dict[str, Any] = {
                "bank": "TOTAL" if row.bank is None else row.bank,
                "business_year": row.business_year,
                "claims": row.claims,
                "eligible": row.eligible,
                "paid_total": row.paid_total,
                "recovered_to_bank": row.recovered_to_bank,
                "next_report": ";".join(
                    d.isoformat() for d in portfolio.report_dates.get(row.bank or "", ())
                ),
            }
            for name in ("paid", "recovered", "returned", "net"):
                values.update({f"{name}_{p}": v for p, v in getattr(row, name).items()})
            writer.writerow(cells(values, columns))
    elif view == "loans":
        caps = sorted({c for p in portfolio.loans for c in p.caps})
        columns = [
            "loan_id",
            "bank",
            "claims",
            "eligible",
            *(f"paid_{p}" for p in payers),
            *(f"cap_{c}" for c in caps),
            *(f"headroom_{c}" for c in caps),
        ]
        writer.writerow(columns)
        for p in portfolio.loans:
            values = {"loan_id": p.loan_id, "bank": p.bank, "claims": p.claims}
            values["eligible"] = p.eligible
            values.update({f"paid_{k}": v for k, v in p.paid.items()})
            values.update({f"cap_{k}": v for k, v in p.caps.items()})
            values.update({f"headroom_{k}": v for k, v in p.headroom.items()})
            writer.writerow(cells(values, columns))
    else:
        columns = [
            "loan_id",
            "on",
            "kind",
            "amount",
            "bank",
            "business_year",
            "applied",
            *(f"to_{p}" for p in payers),
            "to_bank",
            "codes",
        ]
        writer.writerow(columns)
        for m in portfolio.money_back:
            values = {
                "loan_id": m.event.loan_id,
                "on": m.event.on.isoformat(),
                "kind": m.event.kind,
                "amount": m.event.amount,
                "bank": m.bank,
                "business_year": m.business_year,
                "applied": "true" if m.applied else "false",
                "to_bank": m.to_bank,
                "codes": ";".join(f.code.value for f in m.findings),
            }
            values.update({f"to_{k}": v for k, v in m.to_payers.items()})
            writer.writerow(cells(values, columns))


def statement_lines(portfolio: Portfolio, money: Any) -> list[str]:
    """The statement for a terminal: a line per bank and business year (paid per payer,
    back to the payers, net per payer), the money back, the loans whose cap is used up
    or that had several claims, and the next report dates."""
    payers = portfolio.payers
    rows = (*portfolio.statement, portfolio.totals)
    heads = [("", 30, False), ("claims", 7, True), ("elig.", 6, True)]
    heads += [(f"paid {p}", 16, True) for p in payers]
    heads += [("back", 14, True), *((f"net {p}", 16, True) for p in payers)]
    wide = max(
        (len(money(v)) for r in rows for d in (r.paid, r.net) for v in d.values()), default=0
    )
    heads = [(h, max(w, wide) if w == 16 else w, r) for h, w, r in heads]
    labels = _labels(
        ["total" if r.bank is None else f"{r.bank} {r.business_year}" for r in rows], 30
    )
    lines = ["", "The fund's statement (by bank and business year; back = recovered + returned)"]
    lines.append(_row_line(heads))
    for r, label in zip(rows, labels.values(), strict=True):
        back = sum((*r.recovered.values(), *r.returned.values()), Decimal(0))
        cells = [label, str(r.claims), str(r.eligible)]
        cells += [money(r.paid[p]) for p in payers] + [money(back)]
        cells += [money(r.net[p]) for p in payers]
        lines.append(_row_line([(c, w, a) for c, (_, w, a) in zip(cells, heads, strict=True)]))
    if portfolio.money_back:
        lines += ["", "Money back (recoveries, fraud returns)"]
        for m in portfolio.money_back:
            moved = ", ".join(f"{k} {money(v)}" for k, v in m.to_payers.items())
            what = f"{m.event.kind} {'' if m.event.amount is None else money(m.event.amount)}"
            status = (
                f"{moved}; bank {money(m.to_bank)}"
                if m.applied
                else "NOT applied: " + ", ".join(f.code.value for f in m.findings)
            )
            lines.append(f"  {m.event.on} {_shown(m.event.loan_id)} {what.strip()}: {status}")
    shown = [
        loan
        for loan in portfolio.loans
        if loan.claims > 1 or (loan.eligible and any(not v for v in loan.headroom.values()))
    ]
    if shown:
        lines += ["", "Loans with several claims or a cap used up: headroom left under each cap"]
        for loan in shown:
            room = ", ".join(f"{k} {money(v)}" for k, v in loan.headroom.items()) or "-"
            lines.append(
                f"  {_shown(loan.loan_id)} ({loan.eligible}/{loan.claims} eligible): {room}"
            )
    if portfolio.report_dates:
        lines += ["", f"Next report dates (Art. 11) after {portfolio.as_of}"]
        for bank, days in sorted(portfolio.report_dates.items()):
            lines.append(f"  {_shown(bank)}: {', '.join(map(str, days))}")
    return lines


def report_bad_events(events: _Events) -> None:
    """A line on stderr when some event rows were bad."""
    if events.bad_rows:
        sys.stderr.write(f"{events.bad_rows} bad event row(s): not applied\n")
