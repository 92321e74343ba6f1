"""Portfolios as pandas DataFrames, and an exact columnar compensation path (Art. 8(2)).

Needs the ``pandas`` extra (pandas and numpy: ``pip install '.[pandas]'`` in a clone).

* :func:`to_frame`: one row per assessed claim, stable column names (:data:`FRAME_COLUMNS`),
  amounts as exact ``Decimal`` yuan (or nullable ``Int64`` fen with ``money="fen"``).
* :func:`compensate_frame`: the arithmetic of :func:`~ipcomp.compensate` on whole
  columns of integer fen (int64 numpy, never floats), for fund sizing and Monte Carlo
  what-ifs. It gives exactly the scalar result on every row: the same IP-part loss
  (stated, whole loan or pro rata rounded half up first, D9), the same shares rounded
  once half up (D14), the same caps (first-year, assessed, no assessment; earlier
  payments on the loan; ``cap_scope``; ``provincial_cap``; D5–D8). Like ``compensate``
  it ignores eligibility: combine it with :func:`~ipcomp.assess` (or :func:`to_frame`)
  to size what is actually paid.
* :func:`claims_to_frame`: the input columns of :func:`compensate_frame` from
  :class:`~ipcomp.Claim` objects, including the cap basis of each claim's business year.

Input columns of :func:`compensate_frame` (amounts in fen, ``int64``; a column named
without ``_fen`` — e.g. ``principal`` — holding ``Decimal``, ``str`` or ``int`` *yuan* is
converted exactly instead; floats are refused):

=============================  ========  ==================================================
column                         required  meaning
=============================  ========  ==================================================
``principal_fen``              yes       the loan's principal, > 0
``principal_loss_fen``         yes       the recognised principal loss, <= principal
``ip_principal_fen``           no        principal secured by the IP pledge (default: all)
``ip_principal_loss_fen``      no        stated IP-part loss; ``-1`` or NA = not stated
``municipal_paid_before_fen``  no        municipal compensation already paid on the loan
``provincial_paid_before_fen`` no        provincial compensation already paid on the loan
``cap_basis``                  (a)       ``first_year``, ``assessed`` or ``no_assessment``
``assessed_cap_fen``           (a)       the bank's assessed cap for the year; -1 = none
``municipal_cap_fen``          (b)       the cap in force, used as given
=============================  ========  ==================================================

The cap comes from ``municipal_cap_fen`` when the frame has it (b); otherwise from
``cap_basis`` and the policy (a): ``first_year_cap`` for ``first_year`` and
``no_assessment``, ``min(assessed_cap_fen, later_year_cap_max)`` for ``assessed``.

Yuan columns accept exactly what :func:`~ipcomp.core.money.parse_money` accepts, and
refuse the rest with :class:`~ipcomp.InvalidArgument` naming the column, the first
refused row (counted from 0) and ``parse_money``'s reason. Text of the plain form
(ASCII digits with at most one ``.``, at most 18 characters, as ``pd.read_csv(...,
dtype=str)`` gives a bank's export: ``"2390000.00"``) and integer columns are read with
numpy, a whole column at a time; every other cell (``Decimal``, text with blanks or
signs, full-width digits, …) goes through ``parse_money`` itself. A missing cell
(``None``, ``NaN``, ``pd.NA``: what ``read_csv`` makes of an empty CSV cell) means "not
stated" in ``ip_principal_loss`` and ``assessed_cap`` and is refused elsewhere; text
is never taken for missing (``""`` is refused, as ``parse_money`` refuses it; I60, I61).

Overflow: amounts are at most 10^12 yuan = 10^14 fen. Each product is checked against
the int64 range before it is formed (from the column maxima, then row by row); rows
where ``2 × a × b + d`` could exceed 2^63 − 1 (pro rata on loans above about 20
million yuan) take an exact overflow path: a float64 estimate of the quotient, corrected
with the remainder computed in wrapping int64 arithmetic (exact, as the true remainder
is small); rates with very many decimals fall back to Python integers. Results stay exact.

>>> from ipcomp import WEIHAI_2020, compensate
>>> from ipcomp.testing import example_claim, example_loan
>>> big = example_loan(principal="8000000")
>>> claims = [example_claim(), example_claim(loan=big, principal_loss="7999999.99")]
>>> out = compensate_frame(claims_to_frame(claims))
>>> out[["provincial_fen", "municipal_fen", "capped"]].to_dict("list")
{'provincial_fen': [32000000, 320000000], 'municipal_fen': [16000000, 120000000], 'capped': [False, True]}
>>> [compensate(c).municipal for c in claims]
[Decimal('160000.00'), Decimal('1200000.00')]
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Final, Literal

try:
    import numpy as np
    import pandas as pd
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError(
        "ipcomp.frame needs pandas and numpy: pip install pandas numpy (the pandas extra)"
    ) from exc

from numpy.typing import NDArray

from ..core._args import expect, iterable
from ..core.errors import InvalidArgument
from ..core.money import from_fen, to_fen
from ..engine.compensation import cap_basis, claim_date, stated_paid_before
from ..engine.deadlines import business_year, first_business_year
from ..engine.plan import plan_of
from ..facts import Claim, as_claim
from ..results import Assessment
from ..schemes.model import Scheme
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .columns import CAP_BASES, _cap_column, _column, _missing
from .kernel import OUTPUT_COLUMNS, compensate_arrays, compensate_scheme_arrays, output_columns

__all__ = [
    "AMOUNT_COLUMNS",
    "CAP_BASES",
    "CLAIM_FRAME_COLUMNS",
    "FRAME_COLUMNS",
    "INPUT_COLUMNS",
    "OUTPUT_COLUMNS",
    "claims_to_frame",
    "compensate_arrays",
    "compensate_frame",
    "compensate_portfolio_frame",
    "to_frame",
    "yuan",
]

Int64Array = NDArray[np.int64]
#: The input columns of :func:`compensate_frame` (see the module docstring).
INPUT_COLUMNS: Final = (
    "principal_fen",
    "principal_loss_fen",
    "ip_principal_fen",
    "ip_principal_loss_fen",
    "municipal_paid_before_fen",
    "provincial_paid_before_fen",
    "cap_basis",
    "assessed_cap_fen",
    "municipal_cap_fen",
)
#: The columns of :func:`claims_to_frame`.
CLAIM_FRAME_COLUMNS: Final = (
    "loan_id",
    "bank",
    "business_year",
    "applied_on",
    "recognized_on",
    "principal_fen",
    "ip_principal_fen",
    "principal_loss_fen",
    "ip_principal_loss_fen",
    "municipal_paid_before_fen",
    "provincial_paid_before_fen",
    "cap_basis",
    "assessed_cap_fen",
)
#: The amounts of an assessment in :func:`to_frame` (Decimal yuan, or ``*_fen``).
AMOUNT_COLUMNS: Final = (
    "ip_loss",
    "provincial",
    "municipal_uncapped",
    "municipal_cap",
    "municipal",
    "total",
    "bank_share",
)
#: The columns of :func:`to_frame` (with ``money="fen"`` the amounts end in ``_fen``).
FRAME_COLUMNS: Final = (
    "loan_id",
    "eligible",
    "business_year",
    "deadline",
    "deadline_estimated",
    *AMOUNT_COLUMNS,
    "capped",
    "cap_basis",
    "ip_loss_basis",
    "codes",
    "blocking_codes",
)


def compensate_frame(frame: pd.DataFrame, policy: Policy | Scheme = WEIHAI_2020) -> pd.DataFrame:
    """Art. 8(2) on every row of a frame, exactly as :func:`~ipcomp.compensate` would.

    Input columns: see the module docstring and :data:`INPUT_COLUMNS`; for a scheme with
    other payers, ``{payer}_paid_before_fen`` for each (default 0), ``{cap}_cap_fen`` for
    each ``assessed`` cap (or ``cap_basis`` and ``assessed_cap_fen``), and ``direct``
    (True, False, or missing for unknown) when a payer pays only on direct or indirect
    pledges. Returns a frame with the same index and the columns of
    :func:`~ipcomp.frame.kernel.output_columns` (for Weihai: :data:`OUTPUT_COLUMNS`,
    int64 fen, ``capped`` bool); join it to the input with
    ``frame.join(compensate_frame(frame))``. Raises :class:`~ipcomp.InvalidArgument` on
    missing columns, floats, or values the models would refuse.

    >>> df = pd.DataFrame({"principal_fen": [10**9, 10**9], "principal_loss_fen": [10**9, 5],
    ...                    "cap_basis": ["first_year", "assessed"],
    ...                    "assessed_cap_fen": [-1, 150_000_000]})
    >>> compensate_frame(df)[["municipal_fen", "municipal_cap_fen", "capped"]]
       municipal_fen  municipal_cap_fen  capped
    0      100000000          100000000    True
    1              1          150000000   False
    """
    if not isinstance(frame, pd.DataFrame):
        raise InvalidArgument(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    plan = plan_of(policy)
    principal = _column(frame, "principal_fen")
    n = len(principal)
    zeros = np.zeros(n, dtype=np.int64)
    result = compensate_scheme_arrays(
        plan,
        principal,
        _column(frame, "principal_loss_fen"),
        _column(frame, "ip_principal_fen", default=principal),
        _column(frame, "ip_principal_loss_fen", nullable=True, default=np.full(n, -1, np.int64)),
        [_column(frame, f"{payer}_paid_before_fen", default=zeros) for payer in plan.payer_ids],
        [_cap_column(frame, cap) if cap.kind == "assessed" else None for cap in plan.caps],
        direct=_direct_column(frame) if any(a != "all" for a in plan.applies_to) else None,
    )
    return pd.DataFrame(result, index=frame.index, columns=list(output_columns(plan)), copy=False)


def claims_to_frame(claims: Iterable[Claim], policy: Policy | Scheme = WEIHAI_2020) -> pd.DataFrame:
    """The :func:`compensate_frame` input columns (:data:`CLAIM_FRAME_COLUMNS`) of claims.

    ``business_year`` and ``cap_basis`` follow D7/D8 under ``policy`` (its business-year
    start and validity start); the cap amounts themselves are applied by
    :func:`compensate_frame`, so a variant with other caps or rates can reuse the frame.
    A scheme with other payers adds ``{payer}_paid_before_fen`` for each, and
    ``direct`` (``1``, ``0``, ``-1`` unknown) when a payer depends on it.

    >>> from ipcomp.testing import example_claim
    >>> claims_to_frame([example_claim()])[["business_year", "cap_basis", "assessed_cap_fen"]]
       business_year cap_basis  assessed_cap_fen
    0           2023  assessed         120000000
    """
    plan = plan_of(policy)
    scheme = plan.scheme
    others = [p for p in plan.payer_ids if p not in ("municipal", "provincial")]
    names = [*CLAIM_FRAME_COLUMNS, *(f"{p}_paid_before_fen" for p in others)]
    needs_direct = any(a != "all" for a in plan.applies_to)
    if needs_direct:
        names.append("direct")
    rows: dict[str, list[Any]] = {name: [] for name in names}
    for i, item in enumerate(iterable(claims, "claims")):
        claim = as_claim(item, f"claims[{i}]")
        loan, bank = claim.loan, claim.loan.bank
        year = business_year(claim_date(claim), scheme)
        basis, assessed = cap_basis(bank, year, first_business_year(bank, scheme))
        stated = claim.ip_principal_loss
        before = dict(zip(plan.payer_ids, stated_paid_before(claim, plan), strict=True))
        values: dict[str, Any] = {
            "loan_id": loan.loan_id,
            "bank": bank.name,
            "business_year": year,
            "applied_on": claim.applied_on,
            "recognized_on": claim.recognized_on,
            "principal_fen": to_fen(loan.principal),
            "ip_principal_fen": to_fen(loan.secured_principal),
            "principal_loss_fen": to_fen(claim.principal_loss),
            "ip_principal_loss_fen": -1 if stated is None else to_fen(stated),
            "municipal_paid_before_fen": to_fen(claim.municipal_paid_before),
            "provincial_paid_before_fen": to_fen(claim.provincial_paid_before),
            "cap_basis": basis,
            "assessed_cap_fen": -1 if assessed is None else to_fen(assessed),
            **{f"{p}_paid_before_fen": to_fen(before[p]) for p in others},
        }
        if needs_direct:
            values["direct"] = -1 if loan.direct is None else int(loan.direct)
        for name in names:
            rows[name].append(values[name])
    return pd.DataFrame(
        {
            name: pd.Series(values, dtype=object if name in _OBJECT_COLUMNS else np.int64)
            if name != "cap_basis"
            else pd.Categorical(values, categories=CAP_BASES)
            for name, values in rows.items()
        },
        columns=names,
    )


_OBJECT_COLUMNS: Final = ("loan_id", "bank", "applied_on", "recognized_on")


def _direct_column(frame: pd.DataFrame) -> Int64Array:
    """``direct`` as 1 (direct pledge), 0 (indirect) or -1 (unknown), from bools (with
    missing values) or from the codes :func:`claims_to_frame` writes."""
    if "direct" not in frame.columns:
        raise InvalidArgument(
            "the scheme has payers on direct or indirect pledges only: the frame needs a "
            "'direct' column (True/False, or 1/0/-1 for unknown)"
        )
    out = np.empty(len(frame), dtype=np.int64)
    for i, value in enumerate(frame["direct"].astype(object).to_numpy()):
        if value is True or (isinstance(value, np.bool_) and bool(value)):
            out[i] = 1
        elif value is False or isinstance(value, np.bool_):
            out[i] = 0
        elif _missing(value):
            out[i] = -1
        elif isinstance(value, int | np.integer) and int(value) in (-1, 0, 1):
            out[i] = int(value)
        else:
            raise InvalidArgument(
                f"column 'direct', row {i}: {value!r} is not True, False or missing"
            )
    return out


# --- assessments as a frame ----------------------------------------------------------------


def yuan(fen: pd.Series[Any]) -> pd.Series[Any]:
    """Integer fen as exact ``Decimal`` yuan (NA stays ``None``), for display and sums.

    >>> yuan(pd.Series([12345, 5])).to_list()
    [Decimal('123.45'), Decimal('0.05')]
    """
    if not isinstance(fen, pd.Series):
        raise InvalidArgument(f"fen must be a pandas Series, not {type(fen).__name__}")
    return pd.Series(
        [_fen_value(v, i) for i, v in enumerate(fen.astype(object))],
        index=fen.index,
        dtype=object,
        name=fen.name,
    )


def _fen_value(value: object, row: int) -> Decimal | None:
    """One cell of a fen column as yuan: whole numbers only, never a rounded float."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None  # missing (pandas reads a missing cell of a number column as NaN)
    if isinstance(value, bool | np.bool_):
        raise InvalidArgument(f"row {row}: {value!r} is not an amount in fen")
    if isinstance(value, int | np.integer):
        return from_fen(int(value))
    if isinstance(value, float | np.floating):
        number = float(value)  # float-ok: checked to be a whole number held exactly
        if number.is_integer() and abs(number) < 2**53:
            return from_fen(int(number))
    raise InvalidArgument(
        f"row {row}: {value!r} is not a whole number of fen (read fen columns as Int64)"
    )


def _unique(codes: Iterable[str]) -> str:
    return ";".join(dict.fromkeys(codes))


def to_frame(
    assessments: Iterable[Assessment],
    claims: Iterable[Claim] | None = None,
    *,
    money: Literal["decimal", "fen"] = "decimal",
    policy: Policy = WEIHAI_2020,
) -> pd.DataFrame:
    """One row per assessment, with the :data:`FRAME_COLUMNS`:

    ``loan_id``, ``eligible`` (bool), ``business_year`` (nullable ``Int64``),
    ``deadline`` (``datetime.date`` or ``None``), ``deadline_estimated`` (bool), the
    amounts ``ip_loss``, ``provincial``, ``municipal_uncapped``, ``municipal_cap``,
    ``municipal``, ``total``, ``bank_share`` (exact ``Decimal`` yuan; ``None`` when the
    claim is not eligible; with ``money="fen"`` named ``*_fen`` as nullable ``Int64``),
    ``capped`` (nullable ``boolean``), ``cap_basis`` and ``ip_loss_basis`` (str or
    ``None``), ``codes`` and ``blocking_codes`` (finding codes joined by ``;`` in finding
    order, ``""`` when none).

    With ``claims`` (the assessed claims, in the same order) it adds ``bank``,
    ``enterprise``, ``industry``, ``disbursed_on``, ``recognized_on``, ``applied_on``,
    ``principal``, ``ip_principal`` (the IP-secured principal), ``principal_loss``, and
    fills ``business_year`` for ineligible claims too (D7, under ``policy``).

    >>> from ipcomp import assess
    >>> from ipcomp.testing import example_claim
    >>> claim = example_claim()
    >>> df = to_frame([assess(claim)], [claim])
    >>> df.loc[0, "bank"], int(df.loc[0, "business_year"]), df.loc[0, "total"]
    ('示例银行威海分行', 2023, Decimal('480000.00'))
    """
    if money not in ("decimal", "fen"):
        raise InvalidArgument(f"money must be 'decimal' or 'fen', not {money!r}")
    policy = expect(policy, Policy, "policy")
    items = [
        expect(a, Assessment, f"assessments[{i}]")
        for i, a in enumerate(iterable(assessments, "assessments"))
    ]
    claim_list = (
        None
        if claims is None
        else [as_claim(c, f"claims[{i}]") for i, c in enumerate(iterable(claims, "claims"))]
    )
    if claim_list is not None and len(claim_list) != len(items):
        raise InvalidArgument(
            f"{len(items)} assessments but {len(claim_list)} claims: give one claim per assessment"
        )
    columns: dict[str, list[Any]] = {name: [] for name in FRAME_COLUMNS}
    for index, a in enumerate(items):
        c = a.compensation
        year = c.business_year if c is not None else None
        if year is None and claim_list is not None:
            year = business_year(claim_date(claim_list[index]), policy)
        columns["loan_id"].append(a.loan_id)
        columns["eligible"].append(a.eligible)
        columns["business_year"].append(year)
        columns["deadline"].append(a.deadline)
        columns["deadline_estimated"].append(a.deadline_estimated)
        for name in AMOUNT_COLUMNS:
            columns[name].append(None if c is None else getattr(c, name))
        columns["capped"].append(None if c is None else c.capped)
        columns["cap_basis"].append(None if c is None else c.cap_basis)
        columns["ip_loss_basis"].append(None if c is None else c.ip_loss_basis)
        columns["codes"].append(_unique(f.code.value for f in a.findings))
        columns["blocking_codes"].append(_unique(f.code.value for f in a.findings if f.blocking))
    data: dict[str, Any] = {
        "loan_id": pd.Series(columns["loan_id"], dtype=object),
        "eligible": pd.Series(columns["eligible"], dtype=bool),
        "business_year": pd.Series(columns["business_year"], dtype="Int64"),
        "deadline": pd.Series(columns["deadline"], dtype=object),
        "deadline_estimated": pd.Series(columns["deadline_estimated"], dtype=bool),
    }
    for name in AMOUNT_COLUMNS:
        if money == "fen":
            fen = [None if v is None else to_fen(v) for v in columns[name]]
            data[f"{name}_fen"] = pd.Series(fen, dtype="Int64")
        else:
            data[name] = pd.Series(columns[name], dtype=object)
    data["capped"] = pd.Series(columns["capped"], dtype="boolean")
    for name in ("cap_basis", "ip_loss_basis", "codes", "blocking_codes"):
        data[name] = pd.Series(columns[name], dtype=object)
    if claim_list is not None:
        extra = _claim_columns(claim_list, money)
        data.update(extra)
    return pd.DataFrame(data)


def _claim_columns(claims: list[Claim], money: Literal["decimal", "fen"]) -> dict[str, Any]:
    def amount(values: list[Decimal]) -> pd.Series[Any]:
        if money == "fen":
            return pd.Series([to_fen(v) for v in values], dtype="Int64")
        return pd.Series(values, dtype=object)

    suffix = "_fen" if money == "fen" else ""
    return {
        "bank": pd.Series([c.loan.bank.name for c in claims], dtype=object),
        "enterprise": pd.Series([c.loan.enterprise.name for c in claims], dtype=object),
        "industry": pd.Series([c.loan.enterprise.industry.value for c in claims], dtype=object),
        "disbursed_on": pd.Series([c.loan.disbursed_on for c in claims], dtype=object),
        "recognized_on": pd.Series([c.recognized_on for c in claims], dtype=object),
        "applied_on": pd.Series([c.applied_on for c in claims], dtype=object),
        f"principal{suffix}": amount([c.loan.principal for c in claims]),
        f"ip_principal{suffix}": amount([c.loan.secured_principal for c in claims]),
        f"principal_loss{suffix}": amount([c.principal_loss for c in claims]),
    }


from .portfolio import compensate_portfolio_frame  # noqa: E402 - needs the names above
