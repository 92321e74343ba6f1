"""GB 32100 check characters: the refusal of a text that is not 17 characters of the
alphabet, in full (Art. 3; D3)."""

from __future__ import annotations

import pytest

from ipcomp import InvalidArgument
from ipcomp.core.uscc import USCC_ALPHABET, check_character

HEAD = (
    "check_character takes the first 17 characters of a credit code, in the "
    f"alphabet {USCC_ALPHABET}"
)


def test_check_character_refuses_other_texts_naming_them() -> None:
    with pytest.raises(InvalidArgument) as caught:
        check_character("9111000060003734")
    assert str(caught.value) == f"{HEAD}; not 16 characters"
    with pytest.raises(InvalidArgument) as caught:
        check_character("abcdefghijklmnopqrstuvwxyz"[:17])
    bad = "".join(sorted(set("abcdefghijklmnopq")))
    assert str(caught.value) == f"{HEAD}; not {bad[:20]!r}"
    with pytest.raises(InvalidArgument) as caught:
        check_character("abcdefghijklmnopqrstuvwxyz")
    assert str(caught.value) == f"{HEAD}; not 'abcdefghijklmnopqrst'"
    assert check_character(USCC_ALPHABET[:17]) in USCC_ALPHABET
