"""Claims in files: see :mod:`ipcomp.io.records` (this module re-exports it)."""

from __future__ import annotations

from .io.records import *  # noqa: F403
from .io.records import READ_AHEAD, __all__  # noqa: F401
