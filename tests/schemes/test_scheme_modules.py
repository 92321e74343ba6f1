"""The scheme registry and the Weihai scheme module: lookups by id, refusals in full, and
the module attribute read from ``scheme.json`` on first use (issue 12, item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

import ipcomp.schemes.weihai_2020 as weihai
from ipcomp.schemes import UnknownScheme, get_scheme, load_scheme, registered_schemes


def test_an_unknown_scheme_is_refused_with_the_registered_ids_and_the_way_out() -> None:
    for bad in ("weihai_2021", ["weihai_2020"], None):
        with pytest.raises(UnknownScheme) as refused:
            get_scheme(bad)  # type: ignore[arg-type]
        assert str(refused.value) == (
            f"no scheme {bad!r}; registered: {', '.join(registered_schemes())} "
            "(a scheme file of your own: ipcomp.schemes.load_scheme(path))"
        )


def test_the_weihai_module_reads_its_scheme_file_on_first_use(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The module's ``__getattr__`` (PEP 562) builds ``SCHEME`` from ``scheme.json`` and
    caches it; called again it builds the same scheme; any other name is refused. (The
    shared scheme object is put back afterwards: other tests rely on its identity.)"""
    shared = weihai.SCHEME
    monkeypatch.setitem(vars(weihai), "SCHEME", shared)
    fresh = weihai.__getattr__("SCHEME")
    assert fresh == load_scheme(Path(weihai.__file__).with_name("scheme.json"))
    assert fresh == shared == get_scheme("weihai_2020")
    assert fresh.id == "weihai_2020"
    assert vars(weihai)["SCHEME"] is fresh
    with pytest.raises(AttributeError) as refused:
        weihai.__getattr__("POLICY")
    assert str(refused.value) == "module 'ipcomp.schemes.weihai_2020' has no attribute 'POLICY'"
