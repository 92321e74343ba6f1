"""ipcomp.frame: the exact columnar path equals the scalar ``compensate`` on every row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
from ipcomp.frame import (  # noqa: E402
    CLAIM_FRAME_COLUMNS,
    FRAME_COLUMNS,
    OUTPUT_COLUMNS,
    _muldiv_half_up,
    claims_to_frame,
    compensate_arrays,
    compensate_frame,
    to_frame,
    yuan,
)
from ipcomp.money import div_round_half_up, from_fen  # noqa: E402
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


@settings(max_examples=60)
@given(st.lists(st.one_of(claims(), raw_claims()), min_size=1, max_size=6), policies())
def test_frame_equals_scalar_compensate(claim_list: list[Claim], policy: Policy) -> None:
    assert_same(claim_list, policy)


@settings(max_examples=40)
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
