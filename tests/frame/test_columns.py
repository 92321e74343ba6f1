"""ipcomp.frame.columns and ipcomp.frame.parse: how a frame's amount columns are read
into int64 fen (D14, I60, I61), at the edges of the numpy reader: which texts it reads
itself, which it leaves to ``parse_money``, and the refusals named in full."""

from __future__ import annotations

import decimal
import warnings
from collections.abc import Callable
from decimal import Decimal

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from ipcomp import InvalidArgument  # noqa: E402 - after the importorskip
from ipcomp.core.money import parse_money, to_fen  # noqa: E402
from ipcomp.frame import compensate_frame  # noqa: E402
from ipcomp.frame.columns import _column  # noqa: E402
from ipcomp.frame.parse import plain_text_to_fen  # noqa: E402

#: Texts of the plain form at the edges of the numpy reader, and what it makes of them:
#: the fen it reads, or ``None`` where it leaves the text to parse_money.
_EDGES: list[tuple[str, int | None]] = [
    ("5.5", 550),  # one decimal: read (yuan and jiao)
    ("0.10", 10),
    ("7", 700),
    ("1000000000000.000", 10**14),  # exactly 10^12 yuan, with a digit below the fen
    ("999999999999.99000", 10**14 - 1),  # 17 digits: beyond float64's exact integers
    ("752213154075.73000", 75_221_315_407_573),  # a float quotient would be 1 fen short
    ("100000000000.00001", None),  # a digit below the fen, 17 digits: refused
    ("1000000000000.001", None),  # above 10^12 yuan by a sub-fen digit: refused
    ("5.", None),  # parse_money refuses "5."
    ("1.2.3", None),
    ("", None),
]


def _refused(read: Callable[..., object], *args: object, **kwargs: object) -> str:
    """The message of the ``InvalidArgument`` that ``read(*args, **kwargs)`` raises."""
    with pytest.raises(InvalidArgument) as caught:
        read(*args, **kwargs)
    return str(caught.value)


def _expected_fen(text: str) -> int | None:
    try:
        return to_fen(parse_money(text))
    except ValueError:
        return None


def test_the_plain_text_reader_reads_each_plain_amount_parse_money_accepts() -> None:
    """D14, I61: every plain text (ASCII digits, at most one point, at most 18
    characters) that parse_money accepts is read by numpy, with parse_money's value, even
    one of 17 digits no float holds exactly; a refused one is left to parse_money. The
    result is int64 fen and a bool mask."""
    texts = [text for text, _ in _EDGES]
    fen, read = plain_text_to_fen(np.array(texts, dtype=object))
    assert (fen.dtype, read.dtype) == (np.dtype(np.int64), np.dtype(np.bool_))
    assert fen.tolist() == [0 if want is None else want for _, want in _EDGES]
    assert read.tolist() == [want is not None for _, want in _EDGES]
    assert [_expected_fen(text) for text in texts] == [want for _, want in _EDGES]


def test_a_nul_character_is_left_to_parse_money_in_an_ascii_column() -> None:
    """D14, I61: NUL is not part of an amount, even in a column that is all ASCII (numpy
    would drop a trailing NUL from fixed-width bytes and read "5\\x00" as 5 yuan)."""
    fen, read = plain_text_to_fen(np.array(["5\x00", "\x005", "12", "5\x005"], dtype=object))
    assert fen.tolist() == [0, 0, 1200, 0]
    assert read.tolist() == [False, False, True, False]
    frame = pd.DataFrame({"principal": ["100", "5\x00"], "principal_loss": ["1", "1"]})
    assert _refused(compensate_frame, frame) == (
        "column 'principal', row 1: '5\\x00' is not a decimal number (an amount of money): "
        "write plain ASCII digits with an optional '.' and fraction, e.g. '1234.56'"
    )


def test_a_sub_fen_digit_beyond_float_precision_is_refused_in_a_column() -> None:
    """D14: "100000000000.00001" (10^11 yuan and a digit below the fen, 17 digits) is
    refused with parse_money's reason, never read as a rounded 10^11 yuan."""
    frame = pd.DataFrame({"amount": ["1.00", "100000000000.00001"]})
    assert _refused(_column, frame, "amount_fen") == (
        "column 'amount', row 1: 100000000000.00001 has digits below the fen (0.01); "
        "amounts are never rounded silently"
    )
    exact = pd.DataFrame({"amount": ["999999999999.99000", "752213154075.73000"]})
    assert _column(exact, "amount_fen").tolist() == [10**14 - 1, 75_221_315_407_573]


def test_an_int64_column_with_missing_cells_is_read_without_warnings() -> None:
    """D14, I60: a nullable Int64 yuan column with a missing cell (ip_principal_loss "not
    stated") is read as whole yuan and -1, with no warning from numpy (the missing cell
    is never cast to an integer); in a column that needs amounts it is refused."""
    column = pd.Series([5, None, 10**12, 0], dtype="Int64")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = _column(pd.DataFrame({"x": column}), "x_fen", nullable=True)
        refused = _refused(_column, pd.DataFrame({"x": column}), "x_fen")
    assert got.dtype == np.int64
    assert got.tolist() == [500, -1, 10**14, 0]
    assert refused == (
        "column 'x', row 1: a missing cell (None, NaN or NA): this column needs an amount "
        "in every row"
    )


def test_dates_in_an_amount_column_are_refused_naming_the_pandas_value() -> None:
    """D14: a column of dates given as an amount (yuan or fen) is refused at its first
    row; the message names the pandas value (Timestamp), as parse_money names the type
    of a cell that is not an amount."""
    dates = pd.Series(pd.to_datetime(["2023-01-01", "2023-02-01"]))
    yuan_frame = pd.DataFrame({"principal": dates, "principal_loss": ["1", "1"]})
    assert _refused(compensate_frame, yuan_frame) == (
        "column 'principal', row 0: Timestamp is not an amount of money: use int, str or Decimal"
    )
    fen_frame = pd.DataFrame({"principal_fen": dates, "principal_loss_fen": [1, 1]})
    assert _refused(compensate_frame, fen_frame) == (
        "column 'principal_fen', row 0: Timestamp('2023-01-01 00:00:00') is not a whole "
        "number of fen"
    )


def test_decimal_cells_are_read_whatever_the_callers_decimal_context() -> None:
    """D14: exact yuan are read with the library's own context, not the caller's: a
    context of 3 digits that traps rounding and invalid operations changes nothing."""
    frame = pd.DataFrame(
        {
            "principal": [Decimal("2390000.00"), Decimal("5")],
            "principal_loss": [Decimal("2130777.08"), Decimal("0.01")],
            "municipal_cap": [Decimal("1000000.00"), Decimal("1000000")],
        }
    )
    expected = compensate_frame(frame)
    with decimal.localcontext(
        prec=3, traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Rounded]
    ):
        assert _column(frame, "principal_fen").tolist() == [239_000_000, 500]
        got = compensate_frame(frame)
    pd.testing.assert_frame_equal(got, expected)
    assert got["ip_loss_fen"].tolist() == [213_077_708, 1]


def test_duplicate_columns_are_refused_naming_each_once_in_order() -> None:
    """Columns are read by name: a frame with names given twice is refused, naming each
    duplicated name once, sorted, before any column is read."""
    frame = pd.DataFrame(
        [[1, 1, 2, 2, 3, 4]],
        columns=["principal_fen", "principal_fen", "b", "b", "principal_loss_fen", "a"],
    )
    assert _refused(compensate_frame, frame) == "the frame has duplicate columns: b, principal_fen"


def test_a_missing_code_in_a_nullable_integer_cap_basis_is_refused_naming_its_row() -> None:
    # D7, D8: a code that is not there is not a cap basis. Before 0.2 pandas raised its own
    # ValueError ("cannot convert NA to integer") from inside compensate_frame.
    df = pd.DataFrame(
        {
            "principal_fen": [10**9, 10**9, 10**9],
            "principal_loss_fen": [10**9, 5, 5],
            "cap_basis": pd.array([0, 1, None], dtype="Int64"),
            "assessed_cap_fen": [-1, 150_000_000, 150_000_000],
        }
    )
    message = _refused(compensate_frame, df)
    assert message == (
        "cap_basis must be one of first_year, assessed, no_assessment (or codes 0-2) (row 2)"
    )
    assert compensate_frame(df.iloc[:2])["municipal_cap_fen"].tolist() == [10**8, 150_000_000]


def test_a_given_cap_column_comes_back_as_a_copy_not_the_callers_buffer() -> None:
    # Art. 8(2)(b): the cap in force is used as given, but the result owns its columns, so
    # neither frame changes when the other is written to.
    caps = np.array([10**8, 5 * 10**7], dtype=np.int64)
    df = pd.DataFrame(
        {
            "principal_fen": [10**9, 10**9],
            "principal_loss_fen": [10**9, 10**9],
            "municipal_cap_fen": caps,
        }
    )
    out = compensate_frame(df)
    column = out["municipal_cap_fen"].to_numpy()
    assert column.tolist() == [10**8, 5 * 10**7]
    assert not np.shares_memory(column, df["municipal_cap_fen"].to_numpy())
    assert not np.shares_memory(column, caps)
    assert out["municipal_fen"].tolist() == [10**8, 5 * 10**7]
