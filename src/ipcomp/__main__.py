"""``python -m ipcomp``: the ``ipcomp`` command (see :mod:`ipcomp.cli`)."""

from __future__ import annotations

if __name__ == "__main__":
    from ipcomp.cli import main

    raise SystemExit(main())
