"""ipcomp.frame: exact yuan columns read with numpy accept and refuse exactly what
``parse_money`` accepts and refuses, with the same value and the same reason."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from ipcomp import InvalidArgument  # noqa: E402 - after the importorskip
from ipcomp.core.money import parse_money, to_fen  # noqa: E402
from ipcomp.frame import compensate_frame  # noqa: E402
from ipcomp.frame.columns import _NEEDED, _column, _missing  # noqa: E402
from ipcomp.frame.parse import _BLOCK, MAX_LENGTH, plain_text_to_fen  # noqa: E402

_DIGITS = "0123456789"
#: Text parse_money treats specially, or that looks like an amount to other readers.
_ODD_TEXT = [
    "",
    " ",
    ".",
    "..5",
    "5.",
    "1.2.3",
    "+5",
    "-5",
    "-0",
    "-0.00",
    "-.0",
    "+0",
    "1e3",
    "1E+2",
    "1e-2",
    "1_000",
    "1,000.00",
    " 5",
    "5 ",
    "\t5.5\n",
    "\u30005",
    "\xa012.30",
    "5\x00",
    "\x005",
    "5\x005",
    "１２３",
    "１.５",
    "٣",
    "NaN",
    "nan",
    "-inf",
    "Infinity",
    "sNaN",
    "0x10",
    "100.005",
    "100.000",
    "100.0050",
    "1000000000000",
    "1000000000000.00",
    "1000000000000.01",
    "1000000000001",
    "9999999999999.99",
    "99999999999999999",
    "999999999999999999",
    "9999999999999999999",
    "0" * 30 + "5",
    "5." + "0" * 30,
    "0" * 17 + "1",
    "0." + "0" * 15 + "1",
    "0" * 14 + "1.00",
    "x" * 70,
    "  " + "7" * 3 + " " * 70,
]


@st.composite
def plain_texts(draw: Any) -> str:
    """Digits, an optional point, digits: valid amounts, sub-fen digits, leading and
    trailing zeros, more than 10^12, ".5", "5.", "", up to 24 characters."""
    whole = draw(st.text(_DIGITS, max_size=16) | st.integers(0, 10**12).map(str))
    point = draw(st.sampled_from(["", ".", "."]))
    fraction = draw(st.text(_DIGITS, max_size=6)) if point else ""
    return whole + point + fraction


#: Any text: plain, odd, or made of the characters that matter (digits, point, signs,
#: exponents, blanks, NUL, full-width and Arabic-Indic digits).
texts = st.one_of(
    plain_texts(),
    st.sampled_from(_ODD_TEXT),
    st.text(st.sampled_from("0123456789.+-eE _,\t\n\x00\u3000１٣"), max_size=22),
)
#: Any cell of a yuan column: text, missing values, Decimal, int, and what is refused.
cells = st.one_of(
    texts,
    st.sampled_from([None, float("nan"), pd.NA, pd.NaT, Decimal("NaN"), np.float32("nan")]),
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=0, max_value=10**12, places=3),
    st.sampled_from(
        [
            Decimal("-0"),
            Decimal("-0.00"),
            Decimal("1E+3"),
            Decimal("1E+12"),
            Decimal("1E-300"),
            Decimal("1000000000000.001"),
            Decimal("0.01" + "0" * 150 + "1"),  # more digits than any context holds
            Decimal("sNaN"),
        ]
    ),
    st.integers(-5, 10**12 + 5) | st.integers(-(2**70), 2**70),
    st.sampled_from([True, 1.5, 2.0, np.int64(7), b"12"]),
)


def expected(values: list[Any], nullable: bool) -> list[int] | str:
    """What parse_money makes of each cell: the fen, or the message of the first refusal."""
    out = []
    for row, value in enumerate(values):
        if _missing(value):
            if not nullable:
                return f"column 'amount', row {row}: {_NEEDED}"
            out.append(-1)
            continue
        try:
            out.append(to_fen(parse_money(value)))
        except ValueError as exc:
            return f"column 'amount', row {row}: {exc}"
    return out


def read(series: Any, nullable: bool) -> list[int] | str:
    try:
        return _column(pd.DataFrame({"amount": series}), "amount_fen", nullable=nullable).tolist()
    except InvalidArgument as exc:
        return str(exc)


@given(st.lists(texts, max_size=30))
def test_plain_text_is_read_exactly_as_parse_money_reads_it(values: list[str]) -> None:
    """D14, I61: every text the numpy reader reads, parse_money accepts with the same value;
    and it reads every text of the plain form parse_money accepts (digits with at most
    one point, at most MAX_LENGTH characters), so the common case is never slow."""
    fen, done = plain_text_to_fen(np.array(values, dtype=object))
    for text, got, was_read in zip(values, fen.tolist(), done.tolist(), strict=True):
        try:
            want: int | None = to_fen(parse_money(text))
        except ValueError:
            want = None
        if was_read:
            assert got == want, text
        else:
            assert got == 0
            plain = re.fullmatch(r"[0-9]*\.?[0-9]*", text) and len(text) <= MAX_LENGTH
            assert want is None or not plain, text


@given(st.lists(cells, max_size=20), st.booleans())
def test_a_yuan_column_accepts_and_refuses_what_parse_money_does(
    values: list[Any], nullable: bool
) -> None:
    """D14, I60, I61: a yuan column of any cells (text, missing, Decimal, int, float, bool) gives
    parse_money's fen on every row, or InvalidArgument naming the column, the first
    refused row and parse_money's reason; a missing cell is -1 in a nullable column,
    refused as missing in any other."""
    assert read(pd.Series(values, dtype=object), nullable) == expected(values, nullable)


@given(st.lists(st.one_of(texts, st.none()), max_size=20), st.booleans())
def test_text_columns_of_every_pandas_string_dtype(
    values: list[str | None], nullable: bool
) -> None:
    """D14, I60: pandas' string dtypes (``str``, the default text dtype of pandas 3 and of
    ``read_csv(dtype=str)``; ``string``) read like object columns of the same text, a
    missing cell (NaN or NA) as -1 in a nullable column."""
    for dtype in ("str", "string"):
        series = pd.Series(values, dtype=dtype)
        assert read(series, nullable) == expected(list(series.to_numpy(dtype=object)), nullable)


@given(
    st.lists(st.integers(-(2**63), 2**63 - 1) | st.integers(0, 10**12 + 1), max_size=10),
    st.booleans(),
)
def test_integer_columns_are_whole_yuan(values: list[int], nullable: bool) -> None:
    """D14: integer columns hold whole yuan: 0 … 10^12 accepted, anything else refused
    with parse_money's reason; in nullable Int64 columns NA is -1 when the column may be
    missing, refused otherwise; unsigned columns beyond int64 too."""
    assert read(pd.Series(values, dtype=np.int64), nullable) == expected(values, nullable)
    with_na = [*values, None]
    assert read(pd.Series(with_na, dtype="Int64"), nullable) == expected(
        [pd.NA if v is None else v for v in with_na], nullable
    )
    unsigned = [v + 2**63 for v in values]
    assert read(pd.Series(unsigned, dtype=np.uint64), nullable) == expected(unsigned, nullable)


def test_a_long_column_is_read_in_blocks_and_names_its_first_refused_row() -> None:
    """D14, I61: columns longer than one block of the numpy reader are read whole; a refused
    cell far down is reported with its own row number and reason; rows that are not of
    the plain form (blanks, Decimal) keep their place."""
    n = 2 * _BLOCK + 7
    values: list[Any] = [f"{i}.{i % 100:02d}" for i in range(n)]
    values[5] = " 12.50 "
    values[_BLOCK + 3] = Decimal("7.1")
    fen = _column(pd.DataFrame({"amount": values}), "amount_fen")
    assert fen.dtype == np.int64
    assert fen.tolist() == [to_fen(parse_money(v)) for v in values]
    values[n - 2] = "1.001"
    with pytest.raises(InvalidArgument) as caught:
        _column(pd.DataFrame({"amount": values}), "amount_fen")
    assert str(caught.value) == (
        f"column 'amount', row {n - 2}: 1.001 has digits below the fen (0.01); "
        "amounts are never rounded silently"
    )


def test_read_csv_text_columns_give_the_fen_columns_result() -> None:
    """Art. 8(2), D14: a CSV read with ``dtype=str`` (yuan text, blank = not stated)
    gives exactly the result of the same data as int64 fen columns."""
    import io

    text = (
        "principal,principal_loss,ip_principal,ip_principal_loss,municipal_cap\n"
        "2390000.00,2130777.08,1500000.00,,1000000.00\n"
        "3830000,2190312.9,3830000.000,1000000.00,1500000\n"
    )
    by_text = compensate_frame(pd.read_csv(io.StringIO(text), dtype=str))
    by_fen = compensate_frame(
        pd.DataFrame(
            {
                "principal_fen": [239_000_000, 383_000_000],
                "principal_loss_fen": [213_077_708, 219_031_290],
                "ip_principal_fen": [150_000_000, 383_000_000],
                "ip_principal_loss_fen": [-1, 100_000_000],
                "municipal_cap_fen": [100_000_000, 150_000_000],
            }
        )
    )
    pd.testing.assert_frame_equal(by_text, by_fen)


def test_unusual_text_and_cells_are_left_to_parse_money() -> None:
    """D14, I61: non-ASCII text (full-width digits), a NUL character (numpy would drop a
    trailing one), empty text, blanks, Decimal and int cells are not read by numpy;
    parse_money decides them, and the plain cells around them are still read."""
    values = np.array(["12.50", "１２３", "5\x00", "", " 7", "3"], dtype=object)
    fen, done = plain_text_to_fen(values)
    assert fen.tolist() == [1250, 0, 0, 0, 0, 300]
    assert done.tolist() == [True, False, False, False, False, True]
    assert plain_text_to_fen(np.array(["", ""], dtype=object))[1].tolist() == [False, False]
    assert plain_text_to_fen(np.array([], dtype=object))[0].tolist() == []
    mixed = pd.Series(["12.50", " 7 ", Decimal("7.10"), 8, None], dtype=object)
    assert _column(pd.DataFrame({"x": mixed}), "x_fen", nullable=True).tolist() == [
        1250,
        700,
        710,
        800,
        -1,
    ]
    for bad, reason in (
        (Decimal("7.101"), "7.101 has digits below the fen"),
        (10**12 + 1, "1000000000001 exceeds the maximum amount"),
        ("１２３", "'１２３' is not a decimal number"),
    ):
        with pytest.raises(InvalidArgument, match=f"^column 'x', row 1: {re.escape(reason)}"):
            _column(pd.DataFrame({"x": pd.Series(["1", bad], dtype=object)}), "x_fen")


def test_integer_and_string_columns_with_missing_cells() -> None:
    """D14, I60: a missing cell of a nullable column (ip_principal_loss, assessed_cap) is -1
    (not stated) whether the column is Int64 or text; in any other column it is refused
    as a missing cell; integers outside [0, 10^12] yuan are refused with parse_money's
    reason, unsigned ones beyond int64 too."""
    ints = pd.DataFrame({"x": pd.array([5, None], dtype="Int64")})
    assert _column(ints, "x_fen", nullable=True).tolist() == [500, -1]
    with pytest.raises(InvalidArgument, match=r"^column 'x', row 1: a missing cell"):
        _column(ints, "x_fen")
    big = pd.DataFrame({"x": np.array([1, 2**63], dtype=np.uint64)})
    with pytest.raises(InvalidArgument, match=r"^column 'x', row 1: 9223372036854775808 exceeds"):
        _column(big, "x_fen")
    text = pd.DataFrame({"x": pd.Series(["5", None], dtype="str")})
    assert _column(text, "x_fen", nullable=True).tolist() == [500, -1]
    with pytest.raises(InvalidArgument, match=r"^column 'x', row 1: a missing cell"):
        _column(text, "x_fen")


def test_only_a_missing_cell_is_not_stated_never_text() -> None:
    """Art. 8(2), D14, I60: in a CSV read with ``keep_default_na=False, na_values=[""]``
    an empty cell of ``ip_principal_loss`` is "not stated", while ``NULL`` is refused;
    ``""``, ``NaT`` and ``Decimal("NaN")`` are never missing, even in a nullable column;
    a missing cell of any other column is refused as missing."""
    import io

    head = "principal,principal_loss,ip_principal_loss,municipal_cap\n"
    read = {"keep_default_na": False, "na_values": [""], "dtype": str}
    blank = pd.read_csv(io.StringIO(head + "100,50,,1000\n"), **read)
    assert compensate_frame(blank)["ip_loss_fen"].tolist() == [5000]
    null = pd.read_csv(io.StringIO(head + "100,50,NULL,1000\n"), **read)
    with pytest.raises(InvalidArgument, match=r"^column 'ip_principal_loss', row 0: 'NULL' is not"):
        compensate_frame(null)
    for cell, reason in (
        ("", "'' is not an amount of money"),
        (pd.NaT, "NaTType is not an amount of money"),
        (Decimal("NaN"), "NaN is not a finite number"),
    ):
        column = pd.Series([None, cell], dtype=object)
        with pytest.raises(InvalidArgument, match=f"^column 'x', row 1: {re.escape(reason)}"):
            _column(pd.DataFrame({"x": column}), "x_fen", nullable=True)
    missing = pd.read_csv(io.StringIO(head + "100,,,1000\n"), **read)
    with pytest.raises(InvalidArgument) as caught:
        compensate_frame(missing)
    assert str(caught.value) == (
        "column 'principal_loss', row 0: a missing cell (None, NaN or NA): this column "
        "needs an amount in every row"
    )
