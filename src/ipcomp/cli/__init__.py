"""The ``ipcomp`` command (also ``python -m ipcomp``); see :mod:`ipcomp.cli.parser`.

One module per concern: :mod:`~ipcomp.cli.parser` (the parser and `main`), :mod:`~ipcomp.cli.assess`,
:mod:`~ipcomp.cli.compare`, :mod:`~ipcomp.cli.deadline`, :mod:`~ipcomp.cli.schema` (the
commands), :mod:`~ipcomp.cli.inputs` (files in and out), :mod:`~ipcomp.cli.sinks` (output
formats), :mod:`~ipcomp.cli.totals`, :mod:`~ipcomp.cli.text` (terminal tables),
:mod:`~ipcomp.cli.policies`, :mod:`~ipcomp.cli.common`.
"""

from __future__ import annotations

from .parser import CSV_COLUMNS, EXIT_BAD_ROWS, EXIT_OK, EXIT_USAGE, build_parser, main

__all__ = ["CSV_COLUMNS", "EXIT_BAD_ROWS", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]
