"""ipcomp.frame: the exact columnar path equals the scalar ``compensate`` on every row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from _strategies import scaled

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from ipcomp import (  # noqa: E402 - after the importorskip
    WEIHAI_2020,
    Claim,
    InvalidArgument,
    Policy,
    assess,
    compensate,
)
from ipcomp.core.money import div_round_half_up, from_fen  # noqa: E402
from ipcomp.frame import (  # noqa: E402
    AMOUNT_COLUMNS,
    CLAIM_FRAME_COLUMNS,
    FRAME_COLUMNS,
    OUTPUT_COLUMNS,
    claims_to_frame,
    compensate_arrays,
    compensate_frame,
    to_frame,
    yuan,
)
from ipcomp.frame.kernel import _all_valid, _checks, _muldiv_by_float, _muldiv_half_up  # noqa: E402
from ipcomp.testing import (  # noqa: E402
    claims,
    example_bank,
    example_claim,
    example_loan,
)

FEN_MAX = 10**14
ROOT = Path(__file__).resolve().parents[2]


def rates(max_value: Decimal = Decimal(1)) -> Any:
    """Exact rates with 0-3 decimals, or one with many decimals now and then."""
    plain = st.integers(0, int(max_value * 1000)).map(lambda n: Decimal(n).scaleb(-3))
    long = st.sampled_from(["0.1234567", "0.333333333333333333333", "0.1"]).map(Decimal)
    return st.one_of(plain, long.filter(lambda r: r <= max_value))


@st.composite
def policies(draw: Any) -> Policy:
    provincial = draw(rates())
    municipal = draw(rates(1 - provincial))
    first = draw(st.integers(0, 2_000_000))
    later = draw(st.integers(first, 3_000_000))
    return WEIHAI_2020.derive(
        provincial_rate=provincial,
        municipal_rate=municipal,
        first_year_cap=first,
        later_year_cap_max=later,
        cap_scope=draw(st.sampled_from(["municipal", "government_total"])),
        provincial_cap=draw(st.none() | st.integers(0, 3_000_000)),
        business_year_start=draw(st.sampled_from([(3, 1), (1, 1), (7, 15)])),
    )


@st.composite
def raw_claims(draw: Any) -> Claim:
    """Claims over the whole range of amounts (up to 10^12 yuan) and cap situations."""
    principal = draw(st.integers(1, FEN_MAX) | st.integers(1, 10**6))
    loss = draw(st.integers(0, principal))
    ip = draw(st.none() | st.integers(0, principal))
    secured = principal if ip is None else ip
    stated = draw(st.none() | st.integers(0, min(loss, secured)))
    caps = draw(st.dictionaries(st.integers(2020, 2027), st.integers(0, 2 * 10**8), max_size=4))
    reported = draw(st.none() | st.dates(dt.date(2020, 1, 1), dt.date(2024, 12, 31)))
    disbursed = draw(st.dates(dt.date(2020, 6, 1), dt.date(2026, 12, 31)))
    recognized = draw(st.none() | st.dates(disbursed, disbursed + dt.timedelta(days=900)))
    applied = None
    if recognized is not None:
        applied = draw(st.none() | st.dates(recognized, recognized + dt.timedelta(days=60)))
    bank = example_bank(
        assessed_caps={y: from_fen(c) for y, c in caps.items()}, reported_in_weihai_on=reported
    )
    loan = example_loan(
        bank=bank,
        principal=from_fen(principal),
        ip_principal=None if ip is None else from_fen(ip),
        disbursed_on=disbursed,
    )
    return example_claim(
        loan=loan,
        principal_loss=from_fen(loss),
        ip_principal_loss=None if stated is None else from_fen(stated),
        recognized_on=recognized,
        applied_on=applied,
        municipal_paid_before=from_fen(draw(st.integers(0, 3 * 10**8) | st.integers(0, FEN_MAX))),
        provincial_paid_before=from_fen(draw(st.integers(0, 3 * 10**8))),
    )


def assert_same(claim_list: list[Claim], policy: Policy) -> None:
    out = compensate_frame(claims_to_frame(claim_list, policy), policy)
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    for i, claim in enumerate(claim_list):
        c = compensate(claim, policy)
        row = out.iloc[i]
        got = {
            name: from_fen(int(row[f"{name}_fen"]))
            for name in (
                "ip_loss",
                "provincial",
                "municipal",
                "municipal_cap",
                "total",
                "bank_share",
                "municipal_uncapped",
                "provincial_uncapped",
            )
        }
        want = {name: getattr(c, name) for name in got}
        assert got == want, (i, claim.model_dump_json())
        assert bool(row["capped"]) == c.capped


@settings(max_examples=scaled(60))
@given(st.lists(st.one_of(claims(), raw_claims()), min_size=1, max_size=6), policies())
def test_frame_equals_scalar_compensate(claim_list: list[Claim], policy: Policy) -> None:
    assert_same(claim_list, policy)


@settings(max_examples=scaled(40))
@given(st.lists(raw_claims(), min_size=1, max_size=6))
def test_frame_equals_scalar_compensate_weihai(claim_list: list[Claim]) -> None:
    assert_same(claim_list, WEIHAI_2020)


def test_portfolio_equals_scalar_compensate_under_variants() -> None:
    from ipcomp.records import read_claims

    portfolio = read_claims(ROOT / "examples" / "portfolio.csv")
    for policy in (
        WEIHAI_2020,
        WEIHAI_2020.derive(municipal_rate="0.30"),
        WEIHAI_2020.derive(cap_scope="government_total", provincial_cap=1_000_000),
        WEIHAI_2020.derive(first_year_cap=500_000, later_year_cap_max=800_000),
    ):
        assert_same(portfolio, policy)


@pytest.mark.parametrize(
    ("principal", "loss", "ip", "expected_ip"),
    [
        (2, 1, 1, 1),  # 0.5 fen rounds up
        (4, 1, 1, 0),  # 0.25 fen rounds down
        (1000, 333, 500, 167),  # 166.5 rounds up
        (3, 2, 1, 1),  # 0.666 rounds up
    ],
)
def test_pro_rata_rounds_half_up(principal: int, loss: int, ip: int, expected_ip: int) -> None:
    claim = example_claim(
        loan=example_loan(principal=from_fen(principal), ip_principal=from_fen(ip)),
        principal_loss=from_fen(loss),
    )
    out = compensate_frame(claims_to_frame([claim]))
    assert int(out["ip_loss_fen"][0]) == expected_ip == int(compensate(claim).ip_loss * 100)


def test_shares_round_half_up() -> None:
    policy = WEIHAI_2020.derive(provincial_rate="0.5", municipal_rate="0.3")
    a = np.array([1, 5, 15, 3], dtype=np.int64)
    out = compensate_arrays(a, a, a, np.full(4, -1, np.int64), a * 0, a * 0, a * 0 + 10**8, policy)
    assert out["provincial_fen"].tolist() == [1, 3, 8, 2]  # 0.5, 2.5, 7.5, 1.5 all up
    assert out["municipal_uncapped_fen"].tolist() == [0, 2, 5, 1]  # 0.3, 1.5, 4.5, 0.9


def test_rates_summing_to_one_never_exceed_the_loss() -> None:
    policy = WEIHAI_2020.derive(provincial_rate="0.5", municipal_rate="0.5")
    one = np.array([1], dtype=np.int64)
    out = compensate_arrays(one, one, one, -one, one * 0, one * 0, one * 10**8, policy)
    assert int(out["provincial_fen"][0]) + int(out["municipal_fen"][0]) == 1


def test_a_cut_of_the_provincial_share_alone_is_capped() -> None:
    """D6: under "government_total" with no municipal share to cut, the cap cuts the
    provincial share, and the row is capped, as in compensate."""
    policy = WEIHAI_2020.derive(
        cap_scope="government_total", municipal_rate="0", first_year_cap=100
    )
    a = np.array([10**6], dtype=np.int64)
    zero = a * 0
    out = compensate_arrays(a, a, a, zero - 1, zero, zero, zero + 100_00, policy)
    assert out["municipal_uncapped_fen"].tolist() == [0]
    assert out["provincial_fen"].tolist() == [100_00]
    assert out["capped"].tolist() == [True]
    claim = example_claim(
        loan=example_loan(principal=from_fen(10**6), ip_principal=None),
        principal_loss=from_fen(10**6),
        recognized_on=None,
        applied_on=None,
    )
    assert_same([claim], policy)


def test_overflow_falls_back_to_python_integers() -> None:
    # loss × ip principal ≈ 10^28 fen², far beyond int64: exact all the same.
    big = example_loan(principal=Decimal(10**12), ip_principal=Decimal(10**12 - 3))
    small = example_loan(principal=Decimal(3), ip_principal=Decimal(1))
    claim_list = [
        example_claim(loan=big, principal_loss=Decimal("999999999999.99")),
        example_claim(loan=small, principal_loss=Decimal(2)),
    ]
    assert_same(claim_list, WEIHAI_2020)
    # A rate with more digits than int64 can hold, and one whose products overflow on
    # large rows only.
    for rate in ("0.333333333333333333333", "0.123456789"):
        assert_same(claim_list, WEIHAI_2020.derive(provincial_rate=rate))


def test_muldiv_half_up_matches_python_integers() -> None:
    a = np.array([0, 1, 10**14, 3 * 10**10, 7], dtype=np.int64)
    for num, den in ((1, 2), (123456789, 10**9), (10**21, 3 * 10**21), (2, 5)):
        got = _muldiv_half_up(a, num, den).tolist()
        assert got == [div_round_half_up(int(x) * num, den) for x in a]
    empty = np.array([], dtype=np.int64)
    assert _muldiv_half_up(empty, 1, 2).tolist() == []
    nums = np.array([1, 10**14, 10**14, 5, 7], dtype=np.int64)
    dens = np.array([3, 10**14, 10**14, 10, 7], dtype=np.int64)
    got = _muldiv_half_up(a, nums, dens).tolist()
    assert got == [
        div_round_half_up(int(x) * int(n), int(d)) for x, n, d in zip(a, nums, dens, strict=True)
    ]


def test_claims_to_frame_columns_and_cap_basis() -> None:
    first = example_claim(
        applied_on=None, recognized_on=None, loan=example_loan(disbursed_on=dt.date(2020, 10, 1))
    )
    assessed = example_claim()
    missing = example_claim(recognized_on=dt.date(2024, 9, 2), applied_on=dt.date(2024, 9, 3))
    frame = claims_to_frame([first, assessed, missing])
    assert list(frame.columns) == list(CLAIM_FRAME_COLUMNS)
    assert frame["cap_basis"].tolist() == ["first_year", "assessed", "no_assessment"]
    assert frame["assessed_cap_fen"].tolist() == [-1, 120_000_000, -1]
    assert frame["business_year"].tolist() == [2020, 2023, 2024]
    assert str(frame["principal_fen"].dtype) == "int64"


def _frame(**columns: Any) -> Any:
    base: dict[str, Any] = {
        "principal_fen": [1000, 2000],
        "principal_loss_fen": [500, 2000],
        "municipal_cap_fen": [10**8, 10**8],
    }
    base.update(columns)
    return pd.DataFrame({k: v for k, v in base.items() if v is not None})


def test_exact_yuan_columns_and_defaults() -> None:
    df = pd.DataFrame(
        {
            "principal": [Decimal("10.00"), "20"],
            "principal_loss": [5, Decimal("20.00")],
            "ip_principal_loss": [None, "10.50"],
            "municipal_cap": ["1000000", 1_000_000],
        }
    )
    out = compensate_frame(df)
    assert out["ip_loss_fen"].tolist() == [500, 1050]
    assert out["provincial_fen"].tolist() == [200, 420]
    by_fen = compensate_frame(_frame(ip_principal_loss_fen=pd.array([None, 100], dtype="Int64")))
    assert by_fen["ip_loss_fen"].tolist() == [500, 100]
    objects = compensate_frame(
        _frame(
            ip_principal_loss_fen=pd.Series([None, 100], dtype=object),
            principal_fen=pd.Series([1000, 2000], dtype=object),
        )
    )
    assert objects["ip_loss_fen"].tolist() == [500, 100]
    unsigned = compensate_frame(_frame(principal_fen=np.array([1000, 2000], dtype=np.uint64)))
    assert unsigned["ip_loss_fen"].tolist() == [500, 2000]


def test_cap_from_basis_and_policy() -> None:
    df = _frame(municipal_cap_fen=None, cap_basis=[0, 1], assessed_cap_fen=[-1, 10**9])
    out = compensate_frame(df, WEIHAI_2020.derive(first_year_cap=1, later_year_cap_max=2))
    assert out["municipal_cap_fen"].tolist() == [100, 200]
    assert out["municipal_fen"].tolist() == [100, 200]
    assert out["capped"].tolist() == [False, True]
    text = _frame(
        municipal_cap_fen=None, cap_basis=["no_assessment", "assessed"], assessed_cap_fen=[-1, 5]
    )
    assert compensate_frame(text)["municipal_cap_fen"].tolist() == [10**8, 5]


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"principal_fen": [1.5, 2.0]}, "never floats"),
        ({"principal_fen": [True, False]}, "never floats or booleans"),
        ({"principal_loss_fen": None}, "needs a column 'principal_loss_fen'"),
        ({"principal_fen": None, "principal": [1.5, 2.5]}, "floats cannot hold"),
        ({"principal_fen": None, "principal": ["1.005", "2"]}, "row 0"),
        ({"principal_fen": pd.array([None, 1], dtype="Int64")}, "missing values"),
        ({"principal_fen": np.array([2**63, 1], dtype=np.uint64)}, "beyond 10^12 yuan"),
        ({"principal_fen": pd.Series(["x", 1], dtype=object)}, "not a whole number of fen"),
        ({"principal_fen": pd.Series([10**15, 1], dtype=object)}, "outside [0, 10^14] fen"),
        ({"principal_fen": [0, 10]}, "principal must be > 0"),
        ({"principal_loss_fen": [1001, 0]}, "principal loss outside"),
        ({"ip_principal_fen": [2000, 0]}, "IP principal outside"),
        ({"ip_principal_loss_fen": [-2, -1]}, "stated IP-part loss"),
        ({"municipal_paid_before_fen": [-5, 0]}, "municipal paid before outside"),
        ({"municipal_cap_fen": None}, "needs 'municipal_cap_fen'"),
        (
            {
                "municipal_cap_fen": None,
                "cap_basis": ["later", "assessed"],
                "assessed_cap_fen": [1, 1],
            },
            "cap_basis must be one of",
        ),
        (
            {"municipal_cap_fen": None, "cap_basis": [5, 1], "assessed_cap_fen": [1, 1]},
            "cap_basis must be one of",
        ),
        (
            {
                "municipal_cap_fen": None,
                "cap_basis": ["assessed", "first_year"],
                "assessed_cap_fen": [-1, -1],
            },
            "needs assessed_cap_fen >= 0",
        ),
    ],
)
def test_bad_frames_raise_invalid_argument(columns: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidArgument, match=message.replace("[", r"\[").replace("^", r"\^")):
        compensate_frame(_frame(**columns))


def test_compensate_arrays_checks_its_arrays() -> None:
    a = np.array([1, 2], dtype=np.int64)
    with pytest.raises(InvalidArgument, match="int64 numpy arrays"):
        compensate_arrays(a, a, a, a, a, a, a[:1])
    with pytest.raises(InvalidArgument, match="int64 numpy arrays"):
        compensate_arrays([1], a, a, a, a, a, a)  # type: ignore[arg-type]
    out = compensate_arrays(a, a, a, -a // a, a * 0, a * 0, a * 100, check=False)
    assert out["total_fen"].tolist() == [0, 1]  # 0.4 + 0.2 fen -> 0; 0.8 + 0.4 fen -> 1
    empty = np.array([], dtype=np.int64)
    assert compensate_arrays(*(empty,) * 7)["total_fen"].tolist() == []


def test_to_frame_decimal_and_fen() -> None:
    eligible = example_claim()
    barred = example_claim(fraud_found=True, applied_on=dt.date(2023, 10, 19))
    items = [assess(eligible), assess(barred)]
    df = to_frame(items)
    assert list(df.columns) == list(FRAME_COLUMNS)
    assert df["total"].tolist() == [Decimal("480000.00"), None]
    assert df["business_year"].tolist()[0] == 2023
    assert pd.isna(df["business_year"][1])
    assert df["codes"][1] == "CLAIM_LATE;CLAIM_FRAUD"
    assert df["blocking_codes"][1] == "CLAIM_LATE;CLAIM_FRAUD"
    assert df["codes"][0] == ""
    with_claims = to_frame(items, [eligible, barred], money="fen")
    assert with_claims["total_fen"].tolist()[0] == 48_000_000
    assert pd.isna(with_claims["total_fen"][1])
    assert with_claims["business_year"].tolist() == [2023, 2023]
    assert with_claims["principal_fen"].tolist() == [200_000_000] * 2
    assert with_claims["bank"].tolist() == ["示例银行威海分行"] * 2
    decimals = to_frame(items, [eligible, barred])
    assert decimals["principal_loss"].tolist() == [Decimal("800000.00")] * 2
    assert decimals.groupby("bank")["total"].sum().tolist() == [Decimal("480000.00")]


def test_an_empty_to_frame_has_every_column_with_its_dtype() -> None:
    """The frame of no assessments has the same columns and dtypes as any other, so it
    concatenates and filters like one: bools for ``eligible`` and
    ``deadline_estimated``, nullable Int64 years (and fen), nullable boolean ``capped``,
    objects (Decimal, date, text) for the rest."""
    as_objects = dict.fromkeys(FRAME_COLUMNS, np.dtype(object))
    typed = {
        "eligible": np.dtype(bool),
        "deadline_estimated": np.dtype(bool),
        "business_year": pd.Int64Dtype(),
        "capped": pd.BooleanDtype(),
    }
    assert to_frame([]).dtypes.to_dict() == {**as_objects, **typed}
    fen = {f"{n}_fen" if n in AMOUNT_COLUMNS else n: t for n, t in as_objects.items()}
    amounts = {f"{n}_fen": pd.Int64Dtype() for n in AMOUNT_COLUMNS}
    assert to_frame([], money="fen").dtypes.to_dict() == {**fen, **typed, **amounts}
    items = [assess(example_claim()), assess(example_claim(fraud_found=True))]
    assert to_frame(items).dtypes.to_dict() == {**as_objects, **typed}


def test_to_frame_needs_one_claim_per_assessment() -> None:
    with pytest.raises(InvalidArgument, match="1 assessments but 2 claims"):
        to_frame([assess(example_claim())], [example_claim(), example_claim()])


def test_yuan() -> None:
    series = pd.Series([150, None], dtype="Int64")
    assert yuan(series).tolist() == [Decimal("1.50"), None]


@given(
    st.lists(
        st.tuples(
            st.integers(0, 10**14),
            st.integers(1, 10**14),
            st.integers(0, 10**14),
        ).map(lambda t: (t[0], min(t[2], t[1]), t[1])),
        min_size=1,
        max_size=50,
    )
)
def test_muldiv_half_up_is_exact_where_products_overflow(rows: list[tuple[int, int, int]]) -> None:
    """D9, D14: a × num ÷ den rounded half up is exact for amounts up to 10^14 fen, also
    when the product overflows int64 (the float64 estimate is corrected exactly)."""
    a = np.array([r[0] for r in rows], dtype=np.int64)
    nums = np.array([r[1] for r in rows], dtype=np.int64)
    dens = np.array([r[2] for r in rows], dtype=np.int64)
    got = _muldiv_half_up(a, nums, dens).tolist()
    assert got == [div_round_half_up(x * n, d) for x, n, d in rows]


def test_muldiv_half_up_exact_ties_on_overflowing_products() -> None:
    """D14: exact half-fen ties round up on the overflow path too."""
    den = 2 * 10**13 + 2  # even, so den / 2 is a whole number
    a = np.array([10**14 - 1, 10**14, 3 * 10**13 + 7], dtype=np.int64)
    # num chosen so that a × num ≡ den / 2 (mod den) is not required: compare to Python
    for num in (den // 2, den - 1, 10**13 + 1):
        got = _muldiv_half_up(a, num, den).tolist()
        assert got == [div_round_half_up(int(x) * num, den) for x in a]
    tie_a = np.array([10**14 - 1], dtype=np.int64)  # odd a, num = den / 2: exact .5 tie
    assert _muldiv_half_up(tie_a, den // 2, den).tolist() == [(10**14 - 1) // 2 + 1]


def test_yuan_refuses_what_it_cannot_convert_exactly() -> None:
    """D14: yuan() turns whole fen into exact yuan; missing cells stay None; a fraction
    of a fen, a boolean or text is refused, never truncated."""
    from ipcomp.frame import yuan

    ok = yuan(pd.Series([12345, 5.0, None, float("nan")], dtype=object))
    assert ok.to_list() == [Decimal("123.45"), Decimal("0.05"), None, None]
    assert yuan(pd.Series([1, None], dtype="Int64")).to_list() == [Decimal("0.01"), None]
    for bad in (199.99, True, "100", 2.0**60):
        with pytest.raises(InvalidArgument, match="row 0"):
            yuan(pd.Series([bad], dtype=object))
    with pytest.raises(InvalidArgument, match="pandas Series"):
        yuan([150])  # type: ignore[arg-type]


def test_frame_functions_name_wrong_arguments() -> None:
    """Wrong argument types to the frame functions are InvalidArgument naming them."""
    claim = example_claim()
    assessment = assess(claim)
    cases = [
        (lambda: to_frame([assessment], money="yuan"), "money must be 'decimal' or 'fen'"),
        (lambda: to_frame(None), "assessments must be an iterable"),  # type: ignore[arg-type]
        (lambda: to_frame([claim]), r"assessments\[0\] must be an ipcomp.Assessment"),
        (lambda: to_frame([assessment], "x"), "claims must be an iterable"),
        (lambda: to_frame([assessment], policy={}), "policy must be"),  # type: ignore[arg-type]
        (lambda: claims_to_frame([assessment]), r"claims\[0\] must be an ipcomp.Claim"),
        (lambda: claims_to_frame(claim), "claims must be an iterable"),  # type: ignore[arg-type]
        (lambda: compensate_frame([1, 2]), "frame must be a pandas DataFrame"),  # type: ignore[arg-type]
        (lambda: compensate_frame(claims_to_frame([claim]), {}), "policy must be"),  # type: ignore[arg-type]
    ]
    for call, message in cases:
        with pytest.raises(InvalidArgument, match=message):
            call()


# --- whole messages, whole frames, bounds and blocks (mutation testing: docs/mutation.md) --

_FLOAT_YUAN = (
    "float 1.5 refused as an amount of money: binary floating point cannot hold it exactly; "
    "pass a str such as '1234.56', an int, or a decimal.Decimal"
)


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        (
            {"principal_fen": [1.5, 2.0]},
            "column 'principal_fen' has dtype float64: fen must be integers (int64), never "
            "floats or booleans; or give exact yuan as Decimal/str in a column without '_fen'",
        ),
        (
            {"principal_fen": None, "principal": [True, False]},
            "column 'principal' has dtype bool: give yuan as Decimal, str or int (floats "
            "cannot hold amounts exactly)",
        ),
        (
            {"principal_fen": None, "principal": pd.Series([Decimal(1), 1.5], dtype=object)},
            f"column 'principal', row 1: {_FLOAT_YUAN}",
        ),
        (
            {"ip_principal_loss": pd.Series([None, 1.5], dtype=object)},
            f"column 'ip_principal_loss', row 1: {_FLOAT_YUAN}",
        ),
        (
            {"principal_loss_fen": None},
            "the frame needs a column 'principal_loss_fen' (int64 fen) or 'principal_loss' "
            "(exact yuan)",
        ),
        (
            {"principal_fen": pd.array([None, 1], dtype="Int64")},
            "column 'principal_fen' has missing values",
        ),
        (
            {"principal_fen": np.array([2**63, 1], dtype=np.uint64)},
            "column 'principal_fen' has values beyond 10^12 yuan",
        ),
        (
            {"principal_fen": np.array([2**63 - 1, 1], dtype=np.uint64)},
            "principal must be > 0 and at most 10^12 yuan (row 0)",
        ),
        (
            {"principal_fen": pd.Series(["x", 1], dtype=object)},
            "column 'principal_fen', row 0: 'x' is not a whole number of fen",
        ),
        (
            {"principal_fen": pd.Series([1000, 10**14 + 1], dtype=object)},
            "column 'principal_fen', row 1: 100000000000001 outside [0, 10^14] fen",
        ),
        (
            {"municipal_paid_before_fen": pd.Series([-2, 0], dtype=object)},
            "column 'municipal_paid_before_fen', row 0: -2 outside [0, 10^14] fen",
        ),
        (
            {"principal_fen": [1000, 10**14 + 1]},
            "principal must be > 0 and at most 10^12 yuan (row 1)",
        ),
        ({"principal_loss_fen": [500, 2001]}, "principal loss outside [0, principal] (row 1)"),
        ({"ip_principal_fen": [1000, 2001]}, "IP principal outside [0, principal] (row 1)"),
        (
            {"ip_principal_loss_fen": [-1, 2001]},
            "stated IP-part loss must be -1 (none) or within [0, min(loss, IP principal)] (row 1)",
        ),
        (
            {"municipal_paid_before_fen": [0, -5]},
            "municipal paid before outside [0, 10^12 yuan] (row 1)",
        ),
        (
            {"provincial_paid_before_fen": [0, 10**14 + 1]},
            "provincial paid before outside [0, 10^12 yuan] (row 1)",
        ),
        ({"municipal_cap_fen": [0, -1]}, "municipal cap outside [0, 10^12 yuan] (row 1)"),
        (
            {"municipal_cap_fen": None},
            "the frame needs 'municipal_cap_fen' (the cap in force) or 'cap_basis' and "
            "'assessed_cap_fen' (see claims_to_frame)",
        ),
        (
            {"municipal_cap_fen": None, "cap_basis": [1, 3], "assessed_cap_fen": [1, 1]},
            "cap_basis must be one of first_year, assessed, no_assessment (or codes 0-2) (row 1)",
        ),
        (
            {
                "municipal_cap_fen": None,
                "cap_basis": ["first_year", "assessed"],
                "assessed_cap_fen": [-1, -1],
            },
            "an 'assessed' cap_basis needs assessed_cap_fen >= 0 (row 1)",
        ),
    ],
)
def test_a_refused_frame_names_the_column_the_row_and_the_rule(
    columns: dict[str, Any], message: str
) -> None:
    """Art. 8(2), D14: a refused input frame is named in full: the column, the row (counted
    from 0) and the rule the value breaks."""
    with pytest.raises(InvalidArgument) as caught:
        compensate_frame(_frame(**columns))
    assert str(caught.value) == message


def test_every_bound_of_the_input_columns_is_inclusive() -> None:
    """Art. 8(2), D9, D14: the limits of the input columns are inclusive: 0 and 10^14 fen
    in object columns, -1 (not stated) for a stated IP-part loss, a stated loss equal to the
    IP principal, a principal of exactly 10^12 yuan, an assessed cap of 0; yuan columns
    may hold Python or numpy ints."""
    objects = compensate_frame(
        _frame(
            principal_fen=pd.Series([10**14, 2000], dtype=object),
            principal_loss_fen=pd.Series([0, 2000], dtype=object),
            ip_principal_fen=[1000, 1500],
            ip_principal_loss_fen=pd.Series([-1, 1500], dtype=object),
            municipal_paid_before_fen=pd.Series([0, 10**14], dtype=object),
        )
    )
    assert objects["ip_loss_fen"].tolist() == [0, 1500]
    assert objects["municipal_fen"].tolist() == [0, 0]
    ints = compensate_frame(
        pd.DataFrame(
            {
                "principal": np.array([10, 20], dtype=np.int64),
                "principal_loss": [5, 20],
                "cap_basis": ["assessed", "first_year"],
                "assessed_cap_fen": pd.array([0, None], dtype="Int64"),
            }
        )
    )
    assert ints["ip_loss_fen"].tolist() == [500, 2000]
    assert ints["municipal_cap_fen"].tolist() == [0, 100_000_000]
    assert ints["municipal_fen"].tolist() == [0, 400]


def test_compensate_frame_keeps_the_index_and_gives_int64_fen() -> None:
    """Art. 8(2): the result has the input's index (so it joins back) and exactly the
    OUTPUT_COLUMNS: int64 fen and a bool ``capped``."""
    frame = _frame().set_axis(["a", "b"])
    out = compensate_frame(frame)
    assert list(out.index) == ["a", "b"]
    assert list(out.columns) == list(OUTPUT_COLUMNS)
    assert {c: str(t) for c, t in out.dtypes.items()} == {
        c: "bool" if c == "capped" else "int64" for c in OUTPUT_COLUMNS
    }
    joined = frame.drop(columns="municipal_cap_fen").join(out)
    assert joined["total_fen"].tolist() == [300, 1200]


def test_compensate_arrays_works_block_by_block() -> None:
    """Art. 8(2), D14: a portfolio longer than one block (32,768 rows) gets every row's own
    result, int64 and bool arrays, and a bad row in a later block is named by its row."""
    from ipcomp.frame.kernel import _BLOCK

    n = _BLOCK + 3
    principal = np.full(n, 10**6, dtype=np.int64)
    loss = np.arange(n, dtype=np.int64) * 7 % 10**6
    ip = np.full(n, 5 * 10**5, dtype=np.int64)
    minus1, zeros = np.full(n, -1, dtype=np.int64), np.zeros(n, dtype=np.int64)
    cap = np.full(n, 10**5, dtype=np.int64)
    out = compensate_arrays(principal, loss, ip, minus1, zeros, zeros, cap)
    for column in OUTPUT_COLUMNS:
        assert out[column].dtype == (np.bool_ if column == "capped" else np.int64)
        assert out[column].shape == (n,)
    for i in (0, 1, _BLOCK - 1, _BLOCK, n - 1):
        ip_loss = div_round_half_up(int(loss[i]) * 5 * 10**5, 10**6)
        assert int(out["ip_loss_fen"][i]) == ip_loss
        assert int(out["provincial_fen"][i]) == div_round_half_up(ip_loss * 2, 5)
        assert int(out["municipal_uncapped_fen"][i]) == div_round_half_up(ip_loss, 5)
    bad = loss.copy()
    bad[_BLOCK + 1] = 10**6 + 1
    with pytest.raises(InvalidArgument) as caught:
        compensate_arrays(principal, bad, ip, minus1, zeros, zeros, cap)
    assert str(caught.value) == f"principal loss outside [0, principal] (row {_BLOCK + 1})"
    with pytest.raises(InvalidArgument) as caught:
        compensate_arrays([1], zeros, zeros, zeros, zeros, zeros, zeros)  # type: ignore[arg-type]
    assert str(caught.value) == "expected one-dimensional int64 numpy arrays of one length"


def test_overflowing_products_stay_exact_without_python_integers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """D9, D14: where a × num overflows int64 but the rate or principal denominators are at
    most 2^61, the quotient is found in int64 from a corrected float estimate — exact, and
    without falling back to Python integers (kept for rates with very long decimals)."""
    import ipcomp.frame.kernel as frame_module

    rng = np.random.default_rng(20201)
    # rows whose float estimate is one too high, one too low, and exact quotients (a = den,
    # the last one estimated one too low)
    edges = [
        (68834393869121, 47958586845727, 48923283300058),
        (39036193146654, 94096426826524, 102432496162312),
        (8300939741518, 41814443745810, 47204199572384),
        (68796048481295, 44158468614511, 45554243025683),
        (87625625166560, 80334535026646, 87625625166560),
        (94966458342774, 82806722623398, 94966458342774),
        (86229612466137, 67038719078313, 86229612466137),  # exact, estimate one too low
    ]
    a = np.concatenate([[e[0] for e in edges], rng.integers(10**13, 10**14, size=200)])
    nums = np.concatenate([[e[1] for e in edges], rng.integers(10**12, 10**14, size=200)])
    dens = nums + np.concatenate([[e[2] - e[1] for e in edges], rng.integers(0, 10**13, size=200)])
    a, nums, dens = (x.astype(np.int64) for x in (a, nums, dens))
    expected = [
        div_round_half_up(int(x) * int(n), int(d)) for x, n, d in zip(a, nums, dens, strict=True)
    ]
    expected_rate = [div_round_half_up(int(x) * 123456789, 10**9) for x in a]

    def no_python_integers(numerator: int, denominator: int) -> int:
        raise AssertionError("fell back to Python integers")

    monkeypatch.setattr(frame_module, "div_round_half_up", no_python_integers)
    assert _muldiv_half_up(a, nums, dens).tolist() == expected
    assert _muldiv_half_up(a, 123456789, 10**9).tolist() == expected_rate


def test_to_frame_whole_frames() -> None:
    """Art. 8(2), D7, D10: to_frame gives one row per assessment with exactly these values
    and types: eligible claims their amounts, others None/NA; with the claims, their facts
    and the business year of every claim (under the policy given)."""
    eligible = example_claim()
    barred = example_claim(fraud_found=True, applied_on=dt.date(2023, 10, 19))
    late_year = example_claim(
        loan=example_loan(loan_id="WH-2", principal="8000000", bank=example_bank(assessed_caps={})),
        principal_loss="8000000",
        recognized_on=dt.date(2026, 12, 24),
        applied_on=dt.date(2027, 1, 5),
    )
    estimate = WEIHAI_2020.derive(calendar_estimate=True)
    items = [assess(eligible), assess(barred), assess(late_year, estimate)]
    d = Decimal
    amounts = {
        "ip_loss": [d("800000.00"), None, d("8000000.00")],
        "provincial": [d("320000.00"), None, d("3200000.00")],
        "municipal_uncapped": [d("160000.00"), None, d("1600000.00")],
        "municipal_cap": [d("1200000.00"), None, d("1000000.00")],
        "municipal": [d("160000.00"), None, d("1000000.00")],
        "total": [d("480000.00"), None, d("4200000.00")],
        "bank_share": [d("320000.00"), None, d("3800000.00")],
    }
    head = {
        "loan_id": pd.Series(["WH-2022-0001", "WH-2022-0001", "WH-2"], dtype=object),
        "eligible": pd.Series([True, False, True], dtype=bool),
        "business_year": pd.Series([2023, 2023, 2026], dtype="Int64"),
        "deadline": pd.Series(
            [dt.date(2023, 10, 18), dt.date(2023, 10, 18), dt.date(2027, 1, 8)], dtype=object
        ),
        "deadline_estimated": pd.Series([False, False, True], dtype=bool),
    }
    tail = {
        "capped": pd.Series([False, None, True], dtype="boolean"),
        "cap_basis": pd.Series(["assessed", None, "no_assessment"], dtype=object),
        "ip_loss_basis": pd.Series(["whole_loan", None, "whole_loan"], dtype=object),
        "codes": pd.Series(
            [
                "",
                "CLAIM_LATE;CLAIM_FRAUD",
                "NOTE_DEADLINE_ESTIMATED;NOTE_POLICY_EXPIRED;NOTE_NO_ASSESSMENT;NOTE_CAP_APPLIED",
            ],
            dtype=object,
        ),
        "blocking_codes": pd.Series(["", "CLAIM_LATE;CLAIM_FRAUD", ""], dtype=object),
    }
    facts = {
        "bank": pd.Series(["示例银行威海分行"] * 3, dtype=object),
        "enterprise": pd.Series(["威海示例知识产权科技有限公司"] * 3, dtype=object),
        "industry": pd.Series(["INDUSTRY"] * 3, dtype=object),
        "disbursed_on": pd.Series([dt.date(2022, 5, 20)] * 3, dtype=object),
        "recognized_on": pd.Series(
            [dt.date(2023, 9, 28), dt.date(2023, 9, 28), dt.date(2026, 12, 24)], dtype=object
        ),
        "applied_on": pd.Series(
            [dt.date(2023, 10, 12), dt.date(2023, 10, 19), dt.date(2027, 1, 5)], dtype=object
        ),
    }
    principal = [d("2000000.00"), d("2000000.00"), d("8000000.00")]
    loss = [d("800000.00"), d("800000.00"), d("8000000.00")]
    with_claims = to_frame(items, [eligible, barred, late_year], policy=estimate)
    expected = pd.DataFrame(
        {
            **head,
            **{k: pd.Series(v, dtype=object) for k, v in amounts.items()},
            **tail,
            **facts,
            "principal": pd.Series(principal, dtype=object),
            "ip_principal": pd.Series(principal, dtype=object),
            "principal_loss": pd.Series(loss, dtype=object),
        }
    )
    pd.testing.assert_frame_equal(with_claims, expected)

    def fen(values: list[Decimal | None]) -> Any:
        return pd.Series([None if v is None else int(v * 100) for v in values], dtype="Int64")

    in_fen = to_frame(items, [eligible, barred, late_year], money="fen", policy=estimate)
    expected_fen = pd.DataFrame(
        {
            **head,
            **{f"{k}_fen": fen(v) for k, v in amounts.items()},  # type: ignore[arg-type]
            **tail,
            **facts,
            "principal_fen": fen(principal),  # type: ignore[arg-type]
            "ip_principal_fen": fen(principal),  # type: ignore[arg-type]
            "principal_loss_fen": fen(loss),  # type: ignore[arg-type]
        }
    )
    pd.testing.assert_frame_equal(in_fen, expected_fen)
    alone = to_frame(items)
    assert list(alone.columns) == list(FRAME_COLUMNS)
    assert alone["business_year"].tolist()[1] is pd.NA  # no claim: no year without a result
    with pytest.raises(InvalidArgument) as caught:
        to_frame(items, [eligible, None, late_year])
    assert str(caught.value) == (
        "claims[1] must be an ipcomp.Claim (or a mapping of its fields), not NoneType"
    )


def test_claims_to_frame_types_and_the_policy_given() -> None:
    """D7, D8: claims_to_frame gives int64 fen, object ids and a categorical cap basis with
    all three categories; the business years and the first business year follow the
    policy given (a later start makes 2023 the bank's first year)."""
    claim = example_claim()
    frame = claims_to_frame([claim])
    assert {c: str(t) for c, t in frame.dtypes.items()} == {
        c: "object"
        if c in ("loan_id", "bank", "applied_on", "recognized_on")
        else "category"
        if c == "cap_basis"
        else "int64"
        for c in CLAIM_FRAME_COLUMNS
    }
    assert list(frame["cap_basis"].cat.categories) == ["first_year", "assessed", "no_assessment"]
    assert frame["cap_basis"].tolist() == ["assessed"]
    later = WEIHAI_2020.derive(effective_from=dt.date(2023, 3, 1))
    moved = claims_to_frame([claim], later)
    assert moved["cap_basis"].tolist() == ["first_year"]
    assert moved["assessed_cap_fen"].tolist() == [-1]
    with pytest.raises(InvalidArgument) as caught:
        claims_to_frame([claim], "WEIHAI")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "policy must be an ipcomp.Policy, not str (for a variant, use WEIHAI_2020.derive(...))"
    )


def test_yuan_keeps_index_and_name_and_reads_exact_floats_only() -> None:
    """D14: yuan() keeps the series' index and name, gives objects (Decimal or None), and
    reads a float cell only while it is a whole number below 2^53 (held exactly)."""
    fen = pd.Series([150, 2], index=["x", "y"], name="total_fen", dtype="Int64")
    out = yuan(fen)
    assert list(out.index) == ["x", "y"]
    assert out.name == "total_fen"
    assert str(out.dtype) == "object"
    assert yuan(pd.Series([2.0**53 - 1, 1000.0], dtype=object)).tolist() == [
        from_fen(2**53 - 1),
        Decimal("10.00"),
    ]
    with pytest.raises(InvalidArgument) as caught:
        yuan(pd.Series([2.0**53], dtype=object))
    assert str(caught.value) == (
        "row 0: 9007199254740992.0 is not a whole number of fen (read fen columns as Int64)"
    )
    with pytest.raises(InvalidArgument) as caught:
        yuan([150])  # type: ignore[arg-type]
    assert str(caught.value) == "fen must be a pandas Series, not list"
    with pytest.raises(InvalidArgument) as caught:
        compensate_frame([1, 2])  # type: ignore[arg-type]
    assert str(caught.value) == "frame must be a pandas DataFrame, not list"
    with pytest.raises(InvalidArgument) as caught:
        to_frame(5)  # type: ignore[arg-type]
    assert str(caught.value) == "assessments must be an iterable, not int"


def test_to_frame_places_ineligible_claims_in_the_policy_business_year() -> None:
    """D7: for a claim without a result, to_frame finds the business year from the claim
    date under the policy given (a year starting 1 January puts February 2024 in 2024;
    the published 1 March start, in 2023)."""
    claim = example_claim(
        fraud_found=True, recognized_on=dt.date(2024, 2, 5), applied_on=dt.date(2024, 2, 6)
    )
    calendar_year = WEIHAI_2020.derive(business_year_start=(1, 1))
    assert to_frame([assess(claim, calendar_year)], [claim], policy=calendar_year)[
        "business_year"
    ].tolist() == [2024]
    assert to_frame([assess(claim)], [claim])["business_year"].tolist() == [2023]


def test_products_near_the_int64_limit_are_divided_exactly() -> None:
    """D9, D14: where 2 × a × num + den only just fits in int64, the quotient is an exact
    integer division (a float division would be one fen off on these rows); where it only
    just does not fit, the row leaves the int64 path."""
    rows = [
        (76645325360090, 33173, 506996),
        (71454198282022, 62533, 170181),
        (10**14, 1, 3),
        # the first a for which 2 × a × num + den no longer fits (a float threshold would
        # still let it through, and the product would wrap around)
        (894816582791, 5153778, 7907050),
        (910461867455, 5065216, 8885753),
    ]
    a, nums, dens = (np.array(column, dtype=np.int64) for column in zip(*rows, strict=True))
    assert _muldiv_half_up(a, nums, dens).tolist() == [
        div_round_half_up(x * n, d) for x, n, d in rows
    ]


_EDGE = st.sampled_from([0, 1, 2, 2**50, 2**50 - 1, 2**53, 2**53 - 1])


@given(
    st.lists(
        st.tuples(st.integers(0, 2**50) | _EDGE, st.integers(1, 2**53) | _EDGE, st.data()),
        min_size=1,
        max_size=30,
    )
)
def test_muldiv_by_float_is_exact_on_its_whole_domain(rows: list[Any]) -> None:
    """D9: the float-estimate path (per-row divisors) is exact for every a <= 2^50 and
    num <= den <= 2^53, including quotients a hair off a whole number or a half."""
    a, nums, dens = [], [], []
    for x, d, data in rows:
        d = max(d, 1)
        n = data.draw(st.integers(0, d) | st.sampled_from([0, d, d - 1, d // 2]))
        # also aim at a × n ≡ d/2 or ≡ 0 (mod d): ties and whole quotients
        a.append(min(x, 2**50))
        nums.append(n)
        dens.append(d)
    got = _muldiv_by_float(
        np.array(a, dtype=np.int64), np.array(nums, dtype=np.int64), np.array(dens, dtype=np.int64)
    )
    assert got.tolist() == [
        div_round_half_up(x * n, d) for x, n, d in zip(a, nums, dens, strict=True)
    ]


def test_muldiv_by_float_ties_and_near_integers() -> None:
    """D9: exact half-fen ties round up; quotients just below or above a whole number or
    a half are not moved by the float estimate."""
    d = 2**53 - 2  # even
    cases = [(2**50, d // 2, d), (2**50 - 1, d // 2, d), (2**50, d - 1, d), (2**50 - 1, 1, d)]
    cases += [(10**14 - 3, 1, 2)]  # an odd amount halved: a tie
    cases += [(3 * 10**13 + 1, 10**14 - 1, 10**14), (10**14 - 1, 10**14 - 1, 10**14)]
    a, n, den = (np.array(c, dtype=np.int64) for c in zip(*cases, strict=True))
    got = _muldiv_by_float(a, n, den).tolist()
    assert got == [div_round_half_up(x * y, z) for x, y, z in cases]


_FEN_EDGE = st.sampled_from(
    [-(2**63), -2, -1, 0, 1, 2, 10**14 - 1, 10**14, 10**14 + 1, 2**62, 2**63 - 1]
)


@st.composite
def _input_rows(draw: Any) -> list[int]:
    """One row of compensate_arrays' inputs: valid, or with one or two cells replaced by
    a value near a bound or at int64's extremes."""
    fen_max = 10**14
    principal = draw(st.integers(1, fen_max))
    loss = draw(st.integers(0, principal))
    ip_principal = draw(st.integers(0, principal))
    stated = draw(st.just(-1) | st.integers(0, min(loss, ip_principal)))
    rest = [draw(st.integers(0, fen_max)) for _ in range(3)]
    row = [principal, loss, ip_principal, stated, *rest]
    for _ in range(draw(st.integers(0, 2))):
        i = draw(st.integers(0, 6))
        near = st.integers(max(row[i] - 2, -(2**63)), min(row[i] + 2, 2**63 - 1))
        row[i] = draw(_FEN_EDGE | near)
    return row


@given(st.lists(_input_rows(), min_size=1, max_size=6))
def test_the_fast_input_check_agrees_with_every_rule(rows: list[list[int]]) -> None:
    """D14: the one-pass check of compensate_arrays' inputs passes exactly when every
    row satisfies every rule (bounds, loss and IP principal within the principal, a
    stated IP-part loss of -1 or within both), also at int64's extremes."""
    columns = [[row[i] for row in rows] for i in range(7)]
    arrays = tuple(np.array(c, dtype=np.int64) for c in columns)
    assert _all_valid(*arrays) == all(ok.all() for ok, _ in _checks(arrays))
    empty = tuple(np.array([], dtype=np.int64) for _ in range(7))
    assert _all_valid(*empty)


@pytest.mark.parametrize(
    ("a", "num", "den"),
    [
        # the float64 estimate is one too high on these ...
        (704814753650070, 3845490039660382, 4617170927083576),
        (717276679602004, 6292570170779030, 7390997354419500),
        # ... and one too low on these: the exact remainder corrects both
        (685237809665241, 4112177755813095, 5424621406446959),
        (695266962255308, 4195831453059055, 5183537353169289),
    ],
)
def test_muldiv_by_float_corrects_an_estimate_off_by_one(a: int, num: int, den: int) -> None:
    """D9: where float64 puts the quotient on the wrong side of a whole number, the result
    is still exact (the exact int64 remainder decides the rounding)."""
    estimate = int(np.float64(a) * np.float64(num) / np.float64(den))
    assert estimate != a * num // den  # the case this row is here for
    arrays = [np.array([v], dtype=np.int64) for v in (a, num, den)]
    assert _muldiv_by_float(*arrays).tolist() == [div_round_half_up(a * num, den)]
    assert _muldiv_half_up(*arrays).tolist() == [div_round_half_up(a * num, den)]


_VALID_ROW = [10**9, 5 * 10**8, 6 * 10**8, 10**8, 0, 0, 10**8]


@pytest.mark.parametrize("column", range(7))
@pytest.mark.parametrize("where", ["below", "above"])
def test_the_fast_input_check_catches_each_column(column: int, where: str) -> None:
    """D14: every input column of compensate_arrays is bounded below and above by the
    one-pass check, each on its own (a valid row with one cell out of range fails)."""
    row = list(_VALID_ROW)
    lowest = {0: 1, 3: -1}.get(column, 0)
    highest = {1: row[0], 2: row[0], 3: min(row[1], row[2])}.get(column, 10**14)
    row[column] = lowest - 1 if where == "below" else highest + 1
    arrays = tuple(np.array([v], dtype=np.int64) for v in row)
    assert not _all_valid(*arrays)
    assert not all(ok.all() for ok, _ in _checks(arrays))
    assert _all_valid(*(np.array([v], dtype=np.int64) for v in _VALID_ROW))


def test_compensate_arrays_across_blocks() -> None:
    """D14: rows are computed in blocks of 32,768; a batch over several blocks gives each
    row what the row alone gives."""
    from ipcomp.frame.kernel import _BLOCK

    rows = [
        (10**9, 5 * 10**8, 6 * 10**8, -1, 0, 0, 10**8),
        (3, 2, 1, -1, 0, 0, 10**8),
        (10**14, 10**14 - 1, 10**14 - 3, -1, 5, 0, 1),
        (1000, 333, 500, 100, 0, 0, 10**8),
    ]
    n = 2 * _BLOCK + 3
    columns = [np.array([r[i] for r in rows] * (n // 4 + 1), dtype=np.int64)[:n] for i in range(7)]
    whole = compensate_arrays(*columns)
    for i, row in enumerate(rows):
        alone = compensate_arrays(*(np.array([v], dtype=np.int64) for v in row))
        for name, values in whole.items():
            assert set(values[i::4].tolist()) == {alone[name][0]}, (name, row)


def test_muldiv_half_up_beyond_the_float_bounds_uses_python_integers() -> None:
    """D9, D14: amounts beyond 2^50 fen (unchecked input only) and rates longer than
    float64 holds still divide exactly, row by row."""
    a = np.array([2**52, 2**51 + 1, 3, 2**62 + 1], dtype=np.int64)
    num = np.array([2**52 - 1, 5, 1, 2**53 + 1], dtype=np.int64)
    den = np.array([2**53 + 1, 2**54, 2, 2**54], dtype=np.int64)
    result = _muldiv_half_up(a, num, den)
    assert result.dtype == np.int64  # whole fen, even beyond float64's 2^53
    got = result.tolist()
    assert got == [
        div_round_half_up(int(x) * int(n), int(d)) for x, n, d in zip(a, num, den, strict=True)
    ]
    long_num, long_den = 10**21 + 7, 3 * 10**21
    got = _muldiv_half_up(a, long_num, long_den).tolist()
    assert got == [div_round_half_up(int(x) * long_num, long_den) for x in a]


def test_a_refused_row_names_the_first_rule_it_breaks() -> None:
    """D14: the message names the first broken rule in the documented order; a stated
    IP-part loss equal to the IP principal is allowed, so a later rule is named."""
    row = [10**9, 6 * 10**8, 6 * 10**8, 6 * 10**8, 0, 0, -1]  # only the cap is wrong
    arrays = [np.array([v], dtype=np.int64) for v in row]
    with pytest.raises(
        InvalidArgument, match=r"^municipal cap outside \[0, 10\^12 yuan\] \(row 0\)$"
    ):
        compensate_arrays(*arrays)


@pytest.mark.parametrize("rate", ["0.0000000000000000002", "0.000000000000000000134217728"])
def test_tiny_rates_with_huge_denominators(rate: str) -> None:
    """D14: a rate whose exact fraction has a denominator near int64's limit (a what-if
    policy may have one) gives the same shares as compensate, not an overflow."""
    policy = WEIHAI_2020.derive(municipal_rate=rate)
    assert_same([example_claim(), example_claim(principal_loss="999.99")], policy)
