"""The fast reading of CSV rows: one function per header, compiled once per file.

A CSV file repeats one header for every row, so the work of finding where each cell goes
in the nested shape of :class:`~ipcomp.Claim` (``loan.enterprise.name`` →
``data["loan"]["enterprise"]["name"]``) is done once: :func:`compile_rows` writes the
straight-line Python that builds a row's nested dict from its cells, exactly as
``ipcomp.io.records._row_data`` builds it cell by cell (leading ``'`` of
:func:`~ipcomp.io.records.excel_safe` removed, cells stripped, an empty optional cell
left out, an empty required one ``None``, JSON and pledge cells parsed, a parent present
only when one of its cells is). The row is then validated from JSON text
(``Claim.model_validate_json``), which pydantic-core checks without a Python call for
amounts already in the exact form ``"1234.56"`` (see :mod:`ipcomp.core.money`).

Only rows that validate come out of this path: for any other row (a cell it cannot
parse, a model error) the caller reads the row again on the checked path, so every
error, and its spreadsheet hints, is the checked path's own
(``tests/io/test_rowplan.py`` pins both). Speed: docs/performance.md.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Sequence
from typing import Any, Protocol

__all__ = ["NotFast", "RowBuilder", "compile_rows", "to_json"]

#: cells -> the nested dict of the row, or raises :class:`NotFast` (read it checked)
RowBuilder = Callable[[Sequence[str]], dict[str, Any]]


class NotFast(Exception):  # noqa: N818 - an internal signal, never raised to a user
    """A cell the fast path leaves to the checked one."""


class _Column(Protocol):  # what compile_rows reads of ipcomp.io.records._Column
    @property
    def path(self) -> tuple[str, ...]: ...
    @property
    def required(self) -> bool: ...
    @property
    def kind(self) -> str: ...


def compile_rows(
    columns: Sequence[_Column],
    unsafe: Callable[[str], str],
    loads: Callable[[str], Any],
    pledges: Callable[[str, tuple[str, ...]], tuple[Any, list[Any]]],
) -> RowBuilder:
    """The builder of the nested dicts of rows whose cells are in the order of
    ``columns`` (the file's header). ``unsafe`` undoes :func:`excel_safe`, ``loads``
    reads a JSON cell (within the limits) and ``pledges`` a pledge cell (value, errors).

    >>> from ipcomp.io.records import _BY_NAME, _excel_unsafe
    >>> build = compile_rows([_BY_NAME["loan.loan_id"], _BY_NAME["loan.bank.name"]],
    ...                      _excel_unsafe, json.loads, lambda c, p: ([], []))
    >>> build([" L-1 ", "'=Bank"])
    {'loan': {'loan_id': 'L-1', 'bank': {'name': '=Bank'}}}
    """
    tree: dict[str, Any] = {}
    for index, column in enumerate(columns):
        node = tree
        for key in column.path[:-1]:
            node = node.setdefault(key, {})
        node[column.path[-1]] = (index, column)
    lines = ["def build(cells):"]
    names = itertools.count()
    pad = "    "  # the whole function is one block: nesting is in the dicts, not the code

    def emit(node: dict[str, Any], var: str) -> None:
        lines.append(f"{pad}{var} = {{}}")
        for key, child in node.items():
            if isinstance(child, dict):
                sub = f"d{next(names)}"
                emit(child, sub)
                lines.append(f"{pad}if {sub}:")
                lines.append(f"{pad}    {var}[{key!r}] = {sub}")
                continue
            index, column = child
            lines.append(f"{pad}v = cells[{index}]")
            lines.append(f'{pad}if v[:1] == "\'":')
            lines.append(f"{pad}    v = unsafe(v)")
            lines.append(f"{pad}v = v.strip()")
            target = f"{var}[{key!r}]"
            if column.kind == "pledges":
                lines.append(f"{pad}v, problems = pledges(v, {column.path!r})")
                lines.append(f"{pad}if problems:")
                lines.append(f"{pad}    raise NotFast")
                lines.append(f"{pad}{target} = v")
                continue
            value = "loads(v)" if column.kind == "json" else "v"
            if column.required:
                lines.append(f"{pad}{target} = {value} if v else None")
            else:
                lines.append(f"{pad}if v:")
                lines.append(f"{pad}    {target} = {value}")

    emit(tree, "data")
    lines.append("    return data")
    scope: dict[str, Any] = {
        "unsafe": unsafe,
        "loads": loads,
        "pledges": pledges,
        "NotFast": NotFast,
    }
    exec(compile("\n".join(lines), "<ipcomp csv row>", "exec"), scope)
    build: RowBuilder = scope["build"]
    return build


#: The JSON text of a row's nested dict, for ``Claim.model_validate_json``.
to_json: Callable[[dict[str, Any]], str] = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(",", ":")
).encode
