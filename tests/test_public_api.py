"""The public face: every name of docs/spec/api.md, importable from ``ipcomp``, with
the fields, members and signatures other systems call (a rename fails here first)."""

from __future__ import annotations

import inspect
import subprocess
import sys

import pytest

import ipcomp

API_NAMES = [
    "Industry",
    "SizeClass",
    "Rating",
    "RiskClass",
    "IPKind",
    "Code",
    "Enterprise",
    "Bank",
    "Pledge",
    "Loan",
    "Claim",
    "Policy",
    "WEIHAI_2020",
    "Finding",
    "Decision",
    "Compensation",
    "Recovery",
    "Assessment",
    "classify_size",
    "check_enterprise",
    "check_bank",
    "check_loan",
    "check_claim",
    "compensate",
    "assess",
    "assess_many",
    "allocate_recovery",
    "fraud_returns",
    "is_working_day",
    "add_working_days",
    "working_days_between",
    "application_deadline",
    "business_year",
    "report_due_dates",
    "SME_2011",
    "IpcompError",
    "CalendarNotPublished",
    "MissingIndicator",
]

FIELDS = {
    "Enterprise": "name industry legal_person operating via_platform rating credit_code "
    "division_code employees revenue total_assets",
    "Bank": "name meets_fund_conditions ip_credit_system responsible_staff filed_in_shandong "
    "reported_in_weihai_on assessed_caps",
    "Pledge": "kind registered number",
    "Loan": "loan_id enterprise bank disbursed_on principal pledges direct written_contract "
    "via_platform ip_principal",
    "Claim": "loan principal_loss risk_class overdue recognized_on applied_on via_platform "
    "ip_principal_loss municipal_paid_before provincial_paid_before fraud_found",
    "Policy": "provincial_rate municipal_rate first_year_cap later_year_cap_max cap_scope "
    "provincial_cap application_window late_application business_year_start "
    "combined_loan_method eligible_ip_kinds min_rating effective_from effective_until "
    "calendar_estimate",
    "Finding": "code article message_zh message_en blocking",
    "Decision": "eligible findings",
    "Compensation": "ip_loss provincial municipal_uncapped municipal_cap municipal total "
    "bank_share capped business_year notes",
    "Recovery": "provincial municipal bank",
    "Assessment": "eligible findings compensation deadline",
}

MEMBERS = {
    "Industry": "AGRICULTURE INDUSTRY CONSTRUCTION WHOLESALE RETAIL TRANSPORT WAREHOUSING "
    "POSTAL ACCOMMODATION CATERING INFORMATION_TRANSMISSION SOFTWARE_IT "
    "REAL_ESTATE_DEVELOPMENT PROPERTY_MANAGEMENT LEASING_BUSINESS_SERVICES OTHER",
    "SizeClass": "LARGE MEDIUM SMALL MICRO",
    "Rating": "A B C D",
    "RiskClass": "NORMAL SPECIAL_MENTION SUBSTANDARD DOUBTFUL LOSS",
    "IPKind": "PATENT TRADEMARK COPYRIGHT GEOGRAPHICAL_INDICATION TRADE_SECRET",
}


@pytest.mark.parametrize("name", API_NAMES)
def test_every_api_name_is_exported(name: str) -> None:
    """docs/spec/api.md: every public name is importable from the top-level package and in __all__."""
    assert name in ipcomp.__all__
    assert getattr(ipcomp, name) is not None
    assert name in dir(ipcomp)


@pytest.mark.parametrize(("model", "fields"), FIELDS.items())
def test_model_fields_keep_their_api_names(model: str, fields: str) -> None:
    """docs/spec/api.md: the models have (at least) the fields other systems call, by those names."""
    assert set(fields.split()) <= set(getattr(ipcomp, model).model_fields)


@pytest.mark.parametrize(("enum", "members"), MEMBERS.items())
def test_enum_members_keep_their_api_names(enum: str, members: str) -> None:
    """docs/spec/api.md: enum members exist with value == name."""
    cls = getattr(ipcomp, enum)
    for member in members.split():
        assert cls[member].value == member


def test_function_signatures() -> None:
    """docs/spec/api.md: keyword names and defaults of the functions."""
    sig = inspect.signature
    assert list(sig(ipcomp.classify_size).parameters) == [
        "industry",
        "employees",
        "revenue",
        "total_assets",
        "standard",
    ]
    assert sig(ipcomp.classify_size).parameters["standard"].default is ipcomp.SME_2011
    for name in (
        "check_enterprise",
        "check_bank",
        "check_loan",
        "check_claim",
        "compensate",
        "assess",
        "assess_many",
        "application_deadline",
        "business_year",
    ):
        assert sig(getattr(ipcomp, name)).parameters["policy"].default is ipcomp.WEIHAI_2020
    for name in ("is_working_day", "add_working_days", "working_days_between", "report_due_dates"):
        param = sig(getattr(ipcomp, name)).parameters["allow_estimate"]
        assert param.default is False
        assert param.kind is inspect.Parameter.KEYWORD_ONLY
    assert sig(ipcomp.report_due_dates).parameters["roll"].default is None


def test_errors_hierarchy() -> None:
    """docs/spec/api.md: CalendarNotPublished is a LookupError, MissingIndicator a ValueError, both
    IpcompError."""
    assert issubclass(ipcomp.CalendarNotPublished, ipcomp.IpcompError)
    assert issubclass(ipcomp.CalendarNotPublished, LookupError)
    assert issubclass(ipcomp.MissingIndicator, ipcomp.IpcompError)
    assert issubclass(ipcomp.MissingIndicator, ValueError)


def test_unknown_attribute_is_an_attribute_error() -> None:
    """A name ipcomp does not have raises AttributeError (so hasattr works)."""
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = ipcomp.nope  # type: ignore[attr-defined]
    assert not hasattr(ipcomp, "assess_everything")


def test_submodules_load_on_attribute_access() -> None:
    """``ipcomp.records`` and friends are reachable after a bare ``import ipcomp``."""
    code = "import ipcomp; print(ipcomp.records.READ_AHEAD, ipcomp.engine.__name__)"
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.split() == ["32", "ipcomp.engine"]


def test_import_is_light() -> None:
    """``import ipcomp`` loads neither pandas, the CLI nor the holidays tables."""
    code = (
        "import sys, ipcomp; print(sorted(m for m in ('pandas', 'numpy', 'ipcomp.cli', "
        "'holidays', 'ipcomp.frame') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.strip() == "[]"


def test_every_public_name_loads_from_its_module_on_first_access(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each public name is, on first access, the object its module defines, and is then
    kept on the package; a submodule name gives the submodule itself."""
    import importlib

    exports: dict[str, str] = ipcomp._EXPORTS  # type: ignore[attr-defined]
    assert set(exports) <= set(ipcomp.__all__)
    for name, module in exports.items():
        monkeypatch.delitem(vars(ipcomp), name, raising=False)
        value = getattr(ipcomp, name)
        assert value is getattr(importlib.import_module(module, "ipcomp"), name)
        assert vars(ipcomp)[name] is value
    for name in ("core", "engine", "records"):
        monkeypatch.delitem(vars(ipcomp), name, raising=False)
        assert getattr(ipcomp, name) is sys.modules[f"ipcomp.{name}"]


def test_testing_examples_do_not_import_hypothesis() -> None:
    """``import ipcomp.testing`` and ``example_claim()`` leave hypothesis unimported (it
    costs ~150 ms); building a strategy imports it."""
    code = (
        "import sys, ipcomp.testing; ipcomp.testing.example_claim(); "
        "print('hypothesis' in sys.modules); ipcomp.testing.claims(eligible=True); "
        "print('hypothesis' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    assert out.split() == ["False", "True"]


def test_testing_strategies_keep_their_names_and_generate_valid_models() -> None:
    """Every public name of ``ipcomp.testing`` is still there, and each strategy draws
    what it promises (eligible ones pass their checks)."""
    from hypothesis import given, settings
    from hypothesis import strategies as st

    import ipcomp.testing as testing
    from ipcomp import Bank, Claim, Enterprise, Loan, assess, check_bank, check_enterprise

    assert set(testing.__all__) == {
        "OTHER_DIVISIONS",
        "WEIHAI_DIVISIONS",
        "amounts",
        "bad_values",
        "banks",
        "claims",
        "credit_codes",
        "enterprises",
        "example_bank",
        "example_claim",
        "example_enterprise",
        "example_loan",
        "example_notice",
        "holiday_notices",
        "loans",
        "policies",
        "rates",
    }
    assert "371000" in testing.WEIHAI_DIVISIONS
    assert "370100" in testing.OTHER_DIVISIONS

    @settings(max_examples=5)
    @given(st.data())
    def draw_each(data: st.DataObject) -> None:
        assert check_enterprise(data.draw(testing.enterprises(eligible=True))).eligible
        assert check_bank(data.draw(testing.banks(eligible=True))).eligible
        assert isinstance(data.draw(testing.enterprises()), Enterprise)
        assert isinstance(data.draw(testing.banks()), Bank)
        assert isinstance(data.draw(testing.loans(combined=True)), Loan)
        assert assess(data.draw(testing.claims(eligible=True))).eligible
        assert isinstance(data.draw(testing.claims()), Claim)
        assert 100 <= data.draw(testing.amounts(1, 5)) * 100 <= 500
        assert data.draw(testing.credit_codes("371000"))[2:8] == "371000"
        data.draw(testing.bad_values())

    draw_each()


def test_every_date_counting_function_takes_the_calendar() -> None:
    """D10 (issue 11): the functions that count working days take a keyword-only
    ``calendar=`` whose default is the built-in calendar; the calendar names are public."""
    for name in (
        "is_working_day",
        "add_working_days",
        "working_days_between",
        "working_days_bounds",
        "is_official_year",
        "application_deadline",
        "report_due_dates",
        "check_claim",
        "assess",
        "assess_many",
        "iter_assess",
        "assess_portfolio",
    ):
        param = inspect.signature(getattr(ipcomp, name)).parameters["calendar"]
        assert param.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert param.default is ipcomp.Calendar.default(), name
    for name in ("Calendar", "HolidayNotice", "NoticeRef", "InvalidNotice", "read_notice"):
        assert name in ipcomp.__all__
    assert issubclass(ipcomp.InvalidNotice, ipcomp.IpcompError)
    assert issubclass(ipcomp.InvalidNotice, ValueError)
