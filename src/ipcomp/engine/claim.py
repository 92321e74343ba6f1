"""The claim's own rules (Weihai: Art. 8, 9, 10, and 6(3), 14; D10, D11, D13, D15, D16).

* ``principal_loss`` — a positive principal loss (Art. 8(1), D16);
* ``non_performing`` — the loan overdue **and** non-performing (Art. 8(3), D16);
* ``recognised`` — the loss recognised by the scheme's authority (Art. 8(1));
* ``application_deadline`` — applied within the scheme's window of working days after
  recognition (Art. 8(3); D10, D11), with ``NOTE_DEADLINE_ESTIMATED`` on an estimate;
* ``applied_after_bank_reported`` — not applied before the bank reported its filing
  (Art. 6(3));
* ``paid_before_plausible`` — compensation stated as paid before on the loan within what
  could have been paid (Art. 8(2), D5, D8: a data error otherwise);
* ``no_fraud`` — no fraud found (Art. 9, 10; D15);
* ``applied_in_force`` — ``NOTE_POLICY_EXPIRED`` after the measures expired (Art. 14, D13);
* the yes/no requirements of the scheme's table (Weihai: claimed through the platform).

The notes of the arithmetic (``NOTE_NO_ASSESSMENT``, ``NOTE_CAP_APPLIED``) are the
compensation's, not the claim's: :func:`~ipcomp.assess` adds them to an eligible claim's
findings (I65). ``NOTE_CALENDAR_ENTERED`` (D10) says when a deadline rests on
a holiday notice entered as data rather than shipped with ipcomp.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from ..core.enums import RiskClass
from ..core.errors import CalendarNotPublished
from ..core.money import _EXACT, format_yuan
from ..core.noticeref import NoticeRef
from ..core.workdays import (
    CALENDAR,
    Calendar,
    add_working_days,
    as_calendar,
    working_days_between,
    working_days_bounds,
)
from ..facts import Claim, as_claim
from ..findings import Code, Decision, Finding
from ..schemes.weihai_2020.policy import WEIHAI_2020
from .arithmetic import DECIMAL
from .compensation import stated_paid_before
from .plan import Plan, plan_of, rule
from .requirements import run_checks

if TYPE_CHECKING:
    from ..schemes.model import Scheme
    from ..schemes.weihai_2020.policy import Policy

__all__ = ["DeadlineStatus", "check_claim", "claim_findings", "deadline_status"]

_ZERO = Decimal("0.00")


class DeadlineStatus(NamedTuple):
    """The application deadline of a claim and what it says about lateness (D10, D11).

    A named tuple: immutable, and built several times faster than a frozen dataclass on
    the hot path of :func:`~ipcomp.assess`. ``calendar``: the notices the deadline and
    any lateness count rest on, year by year."""

    deadline: dt.date | None
    estimated: bool
    findings: tuple[Finding, ...]
    calendar: tuple[NoticeRef, ...] = ()


def _late(
    claim: Claim, deadline: dt.date, plan: Plan, estimated: bool, calendar: Calendar
) -> Finding:
    policy = plan.scheme
    applied = claim.applied_on
    assert applied is not None
    try:
        late_by = working_days_between(
            deadline, applied, allow_estimate=estimated, calendar=calendar
        )
    except CalendarNotPublished:
        late_by = 0
    if late_by:
        by_zh, by_en = f"逾期 {late_by} 个工作日", f"{late_by} working day(s) late"
    else:  # the count reaches an unpublished year, or applied on a day off after it
        days = (applied - deadline).days
        by_zh, by_en = f"逾期 {days} 个自然日", f"{days} calendar day(s) late"
    bar = policy.late_application == "bar"
    return plan.finding(
        Code.CLAIM_LATE,
        f"认定日 {claim.recognized_on} 后第 {policy.application_window} 个工作日为 {deadline}，"
        f"申请日 {applied} {by_zh}" + ("，不予补偿。" if bar else "（仅提示）。"),
        f"recognised on {claim.recognized_on}, the deadline ({policy.application_window} "
        f"working days) was {deadline}; applied on {applied}, {by_en}"
        + ("." if bar else " (flagged only, policy late_application='flag')."),
        blocking=bar,
    )


@lru_cache(maxsize=64)
def _entered_note(refs: tuple[NoticeRef, ...], plan: Plan) -> Finding | None:
    """``NOTE_CALENDAR_ENTERED`` naming the entered notices among ``refs``, or ``None``."""
    entered = [r for r in refs if r.origin == "entered"]
    if not entered:
        return None
    zh = "、".join(f"{r.year}年（{r.number or r.date}）" for r in entered)
    en = ", ".join(f"{r.year} ({r.number or r.date})" for r in entered)
    return plan.finding(
        Code.NOTE_CALENDAR_ENTERED,
        f"申请期限及逾期天数依据录入的节假日安排通知计算（非 ipcomp 内置）：{zh}。",
        f"the deadline and any lateness count rest on holiday notices entered as data, "
        f"not shipped with ipcomp: {en}.",
    )


_NO_DEADLINE: Final = DeadlineStatus(None, False, ())
_MISSING: Final = object()
#: The most statuses of an application in time that a plan keeps (then it starts again).
_MAX_IN_TIME: Final = 8192


def deadline_status(claim: Claim, plan: Plan, calendar: Calendar = CALENDAR) -> DeadlineStatus:
    """The deadline and lateness of a claim; never raises on the calendar (D10, D11).

    Without recognition there is no deadline. When the deadline falls in a year without
    a published schedule: with ``policy.calendar_estimate`` it is estimated and noted;
    otherwise lateness is decided from the known days where they suffice (an application
    in time even if every unpublished day before it were a working day is in time), else
    ``CLAIM_DEADLINE_UNKNOWN``. An estimate beyond ``ESTIMATE_YEARS`` is not available
    either: such a claim is judged as without the opt-in. Working days are ``calendar``'s;
    the status cites its notices, and ``NOTE_CALENDAR_ENTERED`` notes entered ones.

    An application in time (or none yet) has the status of its recognition day alone:
    it is worked out once per day and kept on the plan for the calendar last used (the
    usual case; a portfolio has a few thousand recognition days).
    """
    recognized, applied = claim.recognized_on, claim.applied_on
    if recognized is None:
        return _NO_DEADLINE
    held, statuses = plan.in_time
    if held is not calendar or len(statuses) >= _MAX_IN_TIME:
        # kept for one calendar at a time, never more than the most: a new pair, bound in
        # one step (another thread still holding the old one writes to the old one)
        statuses = {}
        object.__setattr__(plan, "in_time", (calendar, statuses))
    found = statuses.get(recognized, _MISSING)
    if found is _MISSING:
        found = statuses[recognized] = _in_time(recognized, plan, calendar)
    status: DeadlineStatus | None = found
    if status is not None and (applied is None or applied <= status.deadline):  # type: ignore[operator]
        return status
    return _status(claim, plan, calendar)


def _in_time(recognized: dt.date, plan: Plan, calendar: Calendar) -> DeadlineStatus | None:
    """The status of a claim recognised on ``recognized`` that applies by its deadline
    or has not applied yet; ``None`` when the deadline cannot be named."""
    status = _status(_Recognised(recognized, None), plan, calendar)  # type: ignore[arg-type]
    return None if status.deadline is None else status


class _Recognised(NamedTuple):
    """The two dates of a claim that :func:`_status` reads, for :func:`_in_time`."""

    recognized_on: dt.date
    applied_on: dt.date | None


def _status(claim: Claim, plan: Plan, calendar: Calendar) -> DeadlineStatus:
    """:func:`deadline_status` worked out in full, for a recognised claim."""
    policy = plan.scheme
    recognized, applied = claim.recognized_on, claim.applied_on
    assert recognized is not None
    window = policy.application_window
    deadline: dt.date | None = None
    estimated = False
    try:
        deadline = add_working_days(recognized, window, calendar=calendar)
    except CalendarNotPublished as not_published:
        unpublished = not_published.year
        if policy.calendar_estimate:
            try:
                deadline = add_working_days(
                    recognized, window, allow_estimate=True, calendar=calendar
                )
                estimated = True
            except CalendarNotPublished:  # beyond the estimate's years too
                pass
    # The days the result rests on: up to the deadline, or up to the application when it
    # is counted against the deadline or the known days; up to the unknown year else.
    if deadline is not None:
        last = applied if applied is not None and applied > deadline else deadline
    elif applied is not None:
        last = applied - dt.timedelta(days=1)
    else:
        last = dt.date(unpublished - 1, 12, 31)
    refs = calendar.notices_between(recognized, last, estimated=estimated)
    findings: list[Finding] = []
    if calendar.entered:
        note = _entered_note(refs, plan)
        if note is not None:
            findings.append(note)
    if estimated:
        findings.append(
            plan.finding(
                Code.NOTE_DEADLINE_ESTIMATED,
                f"申请期限 {deadline} 所在年度的节假日安排尚未公布，按周末及法定节假日估算。",
                f"the deadline {deadline} rests on an estimated calendar (weekends and statutory "
                "holidays only): that year's holiday notice is not published.",
            )
        )
    if applied is None:
        if deadline is None:  # D11: may apply, but the date cannot be named (I12)
            findings.append(
                plan.finding(
                    Code.CLAIM_DEADLINE_UNKNOWN,
                    f"认定日 {recognized} 后第 {window} 个工作日落在节假日安排尚未公布的 "
                    f"{unpublished} 年，申请期限暂无法确定；尚未申请，不构成逾期。",
                    f"the {window}th working day after recognition on {recognized} falls in "
                    f"{unpublished}, whose holiday schedule is not published: the deadline "
                    "cannot be named yet (not applied yet, so nothing is late).",
                    blocking=False,
                )
            )
        return DeadlineStatus(deadline, estimated, tuple(findings), refs)
    if deadline is not None:
        if applied > deadline:
            findings.append(_late(claim, deadline, plan, estimated, calendar))
        return DeadlineStatus(deadline, estimated, tuple(findings), refs)
    # In time <=> fewer than `window` working days before the application day. Known days
    # count as they are, unpublished days at most 1 each: below the window even so, the
    # application is in time whatever the missing notice says (D10).
    _, at_most = working_days_bounds(recognized, last, calendar=calendar)
    if at_most >= window:
        findings.append(
            plan.finding(
                Code.CLAIM_DEADLINE_UNKNOWN,
                f"认定日 {recognized} 后第 {window} 个工作日落在节假日安排尚未公布的 "
                f"{unpublished} 年，无法判断 {applied} 的申请是否逾期。",
                f"the {window}th working day after recognition on {recognized} falls in "
                f"{unpublished}, whose holiday schedule is not published; whether the "
                f"application on {applied} is late cannot be decided"
                + ("." if policy.late_application == "bar" else " (flagged only, as lateness)."),
                # D11: under late_application="flag" lateness never bars, nor does its doubt
                blocking=policy.late_application == "bar",
            )
        )
    return DeadlineStatus(None, False, tuple(findings), refs)


def claim_findings(claim: Claim, plan: Plan, status: DeadlineStatus) -> list[Finding]:
    """Every finding of :func:`check_claim`, given the claim's deadline status."""
    return run_checks(plan, "claim", claim, status)


@rule("principal_loss", passes="obj.principal_loss")
def _loss(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 8(1), D16: a positive principal loss."""
    if claim.principal_loss:
        return None
    return plan.shared(
        Code.CLAIM_NO_PRINCIPAL_LOSS,
        "本金损失为零，无可补偿的本金损失。",
        "the principal loss is zero; there is no principal loss to compensate.",
    )


@rule(
    "non_performing",
    passes="obj.overdue and obj.risk_class is not None and obj.risk_class.non_performing",
)
def _npl(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 8(3), D16: overdue and non-performing."""
    return _not_non_performing(claim.overdue, claim.risk_class, plan)


@rule("recognised", passes="obj.recognized_on is not None")
def _recognised(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 8(1): recognised by the scheme's authority (Weihai: the Shandong AMR)."""
    if claim.recognized_on is not None:
        return None
    who = plan.scheme.recognising_authority
    return plan.shared(
        Code.CLAIM_NOT_RECOGNISED,
        f"该损失未经{who.zh}认定。",
        f"the loss has not been recognised by {who.en}.",
    )


@rule("application_deadline", passes="not status.findings")
def _deadline(claim: Claim, plan: Plan, status: DeadlineStatus) -> tuple[Finding, ...] | None:
    """Art. 8(3), D10, D11: in time (see :func:`deadline_status`)."""
    return status.findings or None


@rule(
    "applied_after_bank_reported",
    passes="obj.applied_on is None or (_r := obj.loan.bank.reported_in_weihai_on) is None"
    " or obj.applied_on >= _r",
)
def _after_report(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 6(3): no compensation for a claim applied before the bank reported its filing."""
    reported = claim.loan.bank.reported_in_weihai_on
    applied = claim.applied_on
    if reported is None or applied is None or applied >= reported:
        return None
    place = plan.scheme.place
    return plan.finding(
        Code.BANK_NOT_REPORTED_IN_WEIHAI,
        f"申请日 {applied} 早于银行向{place.zh}报备日 {reported}，不予补偿。",
        f"applied on {applied}, before the bank reported its filing in {place.en} "
        f"on {reported}; no compensation is due.",
    )


@rule(
    "paid_before_plausible",
    # nothing stated; or only the two funds', within every cap and the IP principal at once
    passes="not (obj.municipal_paid_before or obj.provincial_paid_before or obj.paid_before)"
    " or (not obj.paid_before and plan.paid_before_bound is not None"
    " and (_t := _add(obj.municipal_paid_before, obj.provincial_paid_before))"
    " <= plan.paid_before_bound and _t <= obj.loan.secured_principal)",
)
def _paid_before(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 8(2), D5, D8: what the claim states as paid before on the loan cannot exceed
    what could have been paid: for each capped group of payers, the most its cap can be
    in any year; for every payer, the loan's IP principal (a data error otherwise)."""
    if not (claim.municipal_paid_before or claim.provincial_paid_before or claim.paid_before):
        return None  # nothing stated: nothing can be too much (the usual case; speed)
    before = stated_paid_before(claim, plan)
    ip_principal = claim.loan.secured_principal
    bound = plan.paid_before_bound
    if bound is not None:  # all of it within every limit at once: the usual case (speed)
        total = before[0]
        for amount in before[1:]:
            total = _EXACT.add(total, amount)
        if total <= bound and total <= ip_principal:
            return None
    problems: list[tuple[str, str]] = []
    if max(before) > ip_principal:
        for i, amount in enumerate(before):
            if amount > ip_principal:
                problems.append(
                    (
                        f"{plan.names_zh[i]}已付 {format_yuan(amount)} 元超过知识产权质押部分本金 "
                        f"{format_yuan(ip_principal)} 元",
                        f"{plan.names_en[i]} paid before {format_yuan(amount)} exceeds the IP "
                        f"principal {format_yuan(ip_principal)}",
                    )
                )
    for cap, most in zip(plan.caps, plan.cap_most, strict=True):
        if most is None:  # a share of the principal: the most depends on the loan
            most = DECIMAL.share(claim.loan.principal, cap.share)  # type: ignore[arg-type]
        members = cap.members
        used = before[members[0]]
        for i in members[1:]:
            used = _EXACT.add(used, before[i])
        if used > most:
            problems.append(_too_much(plan, cap, used, most))
    if not problems:
        return None
    return plan.finding(
        Code.CLAIM_PAID_BEFORE_IMPLAUSIBLE,
        "该笔贷款已付补偿数据有误：" + "；".join(zh for zh, _ in problems) + "。",
        "the compensation stated as paid before on the loan is impossible: "
        + "; ".join(en for _, en in problems)
        + " (data error).",
    )


def _too_much(plan: Plan, cap: Any, used: Decimal, most: Decimal) -> tuple[str, str]:
    who_zh = "、".join(plan.names_zh[i] for i in cap.members)
    who_en = " + ".join(plan.names_en[i] for i in cap.members)
    return (
        f"{who_zh}已付 {format_yuan(used)} 元超过单笔上限最高可能的 {format_yuan(most)} 元",
        f"{who_en} paid before {format_yuan(used)} exceeds the most the cap "
        f"'{cap.id}' can be, {format_yuan(most)}",
    )


@rule("no_fraud", passes="not obj.fraud_found")
def _fraud(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 9, 10, D15: fraud found."""
    if not claim.fraud_found:
        return None
    return plan.shared(
        Code.CLAIM_FRAUD,
        "发现弄虚作假、骗取补偿等行为，不予补偿，已拨付资金应全额退回。",
        "fraud or false reporting was found; no compensation, and anything paid must be "
        "returned in full.",
    )


@rule(
    "applied_in_force",
    passes="(obj.applied_on or obj.recognized_on or _DATE_MIN) <= scheme.effective_until",
)
def _expired(claim: Claim, plan: Plan, status: Any) -> Finding | None:
    """Art. 14, D13: claims after expiry are noted, not barred (I14)."""
    until = plan.scheme.effective_until
    when = claim.applied_on or claim.recognized_on
    if when is None or when <= until:
        return None
    return plan.finding(
        Code.NOTE_POLICY_EXPIRED,
        f"{'申请日' if claim.applied_on else '认定日（尚未申请）'} {when} 晚于办法有效期"
        f"届满日 {until}（贷款本身按发放日判断）。",
        f"the claim date {when} is after the measures expired on "
        f"{until} (the loan itself is judged by its disbursement date).",
    )


@lru_cache(maxsize=256)  # (overdue, risk class, scheme): 18 pairs each, built once
def _not_non_performing(overdue: bool | None, risk: RiskClass | None, plan: Plan) -> Finding | None:
    """``CLAIM_NOT_NON_PERFORMING`` naming each unmet or unknown part, or ``None``."""
    problems_zh: list[str] = []
    problems_en: list[str] = []
    if overdue is None:
        problems_zh.append("未知是否逾期")
        problems_en.append("it is unknown whether the loan is overdue")
    elif not overdue:
        problems_zh.append("贷款未逾期")
        problems_en.append("the loan is not overdue")
    if risk is None:
        problems_zh.append("风险分类未知")
        problems_en.append("its risk class is unknown")
    elif not risk.non_performing:
        problems_zh.append(f"风险分类为{risk}，非次级、可疑或损失类")
        problems_en.append(f"its risk class {risk} is not substandard, doubtful or loss")
    if not problems_en:
        return None
    return plan.finding(
        Code.CLAIM_NOT_NON_PERFORMING,
        "不是逾期不良贷款：" + "；".join(problems_zh) + "。",
        "not an overdue non-performing loan: " + "; ".join(problems_en) + ".",
    )


def check_claim(
    claim: Claim, policy: Policy | Scheme = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Decision:
    """Does the claim itself qualify (Weihai: Art. 8, 9, 10)? Every failed criterion is
    reported, with the non-blocking notes of the calendar (``calendar``, by default the
    built-in one, counts the working days) and of the validity window.

    The notes of the arithmetic are the compensation's (:func:`~ipcomp.compensate`).

    >>> from ipcomp.testing import example_claim
    >>> check_claim(example_claim()).eligible
    True
    """
    claim = as_claim(claim)
    plan = plan_of(policy)
    status = deadline_status(claim, plan, as_calendar(calendar))
    return Decision.of(claim_findings(claim, plan, status))
