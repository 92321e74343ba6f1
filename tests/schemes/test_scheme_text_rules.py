"""What a scheme's text states, read back: the meaning of a code with its placeholders
filled in, and the caps of a Weihai policy derived with another cap scope (D6)."""

from __future__ import annotations

from ipcomp import WEIHAI_2020
from ipcomp.schemes import get_scheme


def test_a_codes_meaning_names_every_region_prefix_separated_by_slashes() -> None:
    """``{region_prefixes}`` in a code's meaning is every prefix of the region, joined
    by ``/`` (Art. 3(1), D1: the registration authority's code)."""
    weihai = get_scheme("weihai_2020")
    assert weihai.meaning("ENTERPRISE_NOT_IN_WEIHAI") == (
        "registration authority outside Weihai (3710)"
    )
    wider = weihai.derive(region=weihai.region.model_copy(update={"prefixes": ("3710", "3711")}))
    assert wider.meaning("ENTERPRISE_NOT_IN_WEIHAI") == (
        "registration authority outside Weihai (3710/3711)"
    )


def test_a_government_total_cap_names_the_city_as_the_first_to_give_way() -> None:
    """D6: under ``cap_scope="government_total"`` the municipal cap limits both funds,
    and its scheme states the cut order: the municipal fund gives way first, then the
    provincial one; the city's own cap (the default) limits the city alone."""
    joint = WEIHAI_2020.derive(cap_scope="government_total").scheme
    (cap,) = joint.caps
    assert (cap.id, cap.payers, cap.cut_order) == (
        "municipal",
        ("provincial", "municipal"),
        ("municipal", "provincial"),
    )
    (own,) = WEIHAI_2020.derive(first_year_cap="900000.00").scheme.caps
    assert (own.payers, own.cut_order, own.cuts) == (("municipal",), (), ("municipal",))
