"""Art. 8, 9, 10 (and 6(3), 14) — the claim's own facts (D10, D11, D13, D15, D16).

* 8(1): a positive principal loss (D16), recognised by the Shandong AMR;
* 8(3): the loan overdue **and** non-performing (D16); applied through the platform;
  applied within 10 working days of recognition (D10, D11);
* 6(3): not applied before the bank reported its filing in Weihai;
* 9, 10: no fraud found (D15);
* notes: ``NOTE_NO_ASSESSMENT`` and ``NOTE_CAP_APPLIED`` from the arithmetic (Art. 8(2)),
  ``NOTE_POLICY_EXPIRED`` (Art. 14, D13), ``NOTE_DEADLINE_ESTIMATED`` and
  ``NOTE_CALENDAR_ENTERED`` (D10).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import NamedTuple

from ..core._args import expect
from ..core.enums import RiskClass
from ..core.errors import CalendarNotPublished
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
from ..findings import Code, Decision, Finding, make_finding, shared_finding
from ..results import Compensation
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .compensation import _compensate
from .requirements import unmet

__all__ = ["DeadlineStatus", "check_claim", "claim_findings", "deadline_status"]


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
    claim: Claim, deadline: dt.date, policy: Policy, estimated: bool, calendar: Calendar
) -> Finding:
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
    return make_finding(
        Code.CLAIM_LATE,
        f"认定日 {claim.recognized_on} 后第 {policy.application_window} 个工作日为 {deadline}，"
        f"申请日 {applied} {by_zh}" + ("，不予补偿。" if bar else "（仅提示）。"),
        f"recognised on {claim.recognized_on}, the deadline ({policy.application_window} "
        f"working days) was {deadline}; applied on {applied}, {by_en}"
        + ("." if bar else " (flagged only, policy late_application='flag')."),
        blocking=bar,
    )


@lru_cache(maxsize=64)
def _entered_note(refs: tuple[NoticeRef, ...]) -> Finding | None:
    """``NOTE_CALENDAR_ENTERED`` naming the entered notices among ``refs``, or ``None``."""
    entered = [r for r in refs if r.origin == "entered"]
    if not entered:
        return None
    zh = "、".join(f"{r.year}年（{r.number or r.date}）" for r in entered)
    en = ", ".join(f"{r.year} ({r.number or r.date})" for r in entered)
    return make_finding(
        Code.NOTE_CALENDAR_ENTERED,
        f"申请期限及逾期天数依据录入的节假日安排通知计算（非 ipcomp 内置）：{zh}。",
        f"the deadline and any lateness count rest on holiday notices entered as data, "
        f"not shipped with ipcomp: {en}.",
    )


def deadline_status(
    claim: Claim, policy: Policy = WEIHAI_2020, calendar: Calendar = CALENDAR
) -> DeadlineStatus:
    """The deadline and lateness of a claim; never raises on the calendar (D10, D11).

    Without recognition there is no deadline. When the deadline falls in a year without
    a published schedule: with ``policy.calendar_estimate`` it is estimated and noted;
    otherwise lateness is decided from the known days where they suffice (an application
    in time even if every unpublished day before it were a working day is in time), else
    ``CLAIM_DEADLINE_UNKNOWN``. An estimate beyond ``ESTIMATE_YEARS`` is not available
    either: such a claim is judged as without the opt-in. Working days are ``calendar``'s;
    the status cites its notices, and ``NOTE_CALENDAR_ENTERED`` notes entered ones.
    """
    recognized, applied = claim.recognized_on, claim.applied_on
    if recognized is None:
        return DeadlineStatus(None, False, ())
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
        note = _entered_note(refs)
        if note is not None:
            findings.append(note)
    if estimated:
        findings.append(
            make_finding(
                Code.NOTE_DEADLINE_ESTIMATED,
                f"申请期限 {deadline} 所在年度的节假日安排尚未公布，按周末及法定节假日估算。",
                f"the deadline {deadline} rests on an estimated calendar (weekends and statutory "
                "holidays only): that year's holiday notice is not published.",
            )
        )
    if applied is None:
        if deadline is None:  # D11: may apply, but the date cannot be named (I12)
            findings.append(
                make_finding(
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
            findings.append(_late(claim, deadline, policy, estimated, calendar))
        return DeadlineStatus(deadline, estimated, tuple(findings), refs)
    # In time <=> fewer than `window` working days before the application day. Known days
    # count as they are, unpublished days at most 1 each: below the window even so, the
    # application is in time whatever the missing notice says (D10).
    _, at_most = working_days_bounds(recognized, last, calendar=calendar)
    if at_most >= window:
        findings.append(
            make_finding(
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


def claim_findings(
    claim: Claim,
    policy: Policy,
    compensation: Compensation,
    status: DeadlineStatus,
) -> list[Finding]:
    """Every finding of :func:`check_claim`, given the claim's arithmetic and deadline."""
    findings: list[Finding] = []
    # Art. 8(1), D16: a positive principal loss.
    if not claim.principal_loss:
        findings.append(
            shared_finding(
                Code.CLAIM_NO_PRINCIPAL_LOSS,
                "本金损失为零，无可补偿的本金损失。",
                "the principal loss is zero; there is no principal loss to compensate.",
            )
        )
    # Art. 8(3), D16: overdue and non-performing.
    not_npl = _not_non_performing(claim.overdue, claim.risk_class)
    if not_npl is not None:
        findings.append(not_npl)
    # Art. 8(1): recognised by the Shandong AMR.
    if claim.recognized_on is None:
        findings.append(
            shared_finding(
                Code.CLAIM_NOT_RECOGNISED,
                "该损失未经省市场监管局（知识产权局）认定。",
                "the loss has not been recognised by the Shandong AMR (IP office).",
            )
        )
    # Art. 8(3): through the platform; in time (D10, D11).
    if not claim.via_platform:
        findings.append(
            unmet(
                claim.via_platform,
                Code.CLAIM_NOT_VIA_PLATFORM,
                "通过平台提出补偿申请",
                "the claim is made through the platform",
            )
        )
    findings += status.findings
    # Art. 6(3): no compensation for a claim applied before the bank reported in Weihai.
    reported = claim.loan.bank.reported_in_weihai_on
    if reported is not None and claim.applied_on is not None and claim.applied_on < reported:
        findings.append(
            make_finding(
                Code.BANK_NOT_REPORTED_IN_WEIHAI,
                f"申请日 {claim.applied_on} 早于银行向威海报备日 {reported}，不予补偿。",
                f"applied on {claim.applied_on}, before the bank reported its filing in Weihai "
                f"on {reported}; no compensation is due.",
            )
        )
    # Art. 9, 10, D15: fraud.
    if claim.fraud_found:
        findings.append(
            shared_finding(
                Code.CLAIM_FRAUD,
                "发现弄虚作假、骗取补偿等行为，不予补偿，已拨付资金应全额退回。",
                "fraud or false reporting was found; no compensation, and anything paid must be "
                "returned in full.",
            )
        )
    # Art. 14, D13: claims after expiry are noted, not barred.
    when = claim.applied_on or claim.recognized_on
    if when is not None and when > policy.effective_until:
        findings.append(
            make_finding(
                Code.NOTE_POLICY_EXPIRED,
                f"{'申请日' if claim.applied_on else '认定日（尚未申请）'} {when} 晚于办法有效期"
                f"届满日 {policy.effective_until}（贷款本身按发放日判断）。",
                f"the claim date {when} is after the measures expired on "
                f"{policy.effective_until} (the loan itself is judged by its disbursement date).",
            )
        )
    findings += compensation.notes
    return findings


@lru_cache(maxsize=32)  # (overdue, risk class): 18 pairs, each finding built once
def _not_non_performing(overdue: bool | None, risk: RiskClass | None) -> Finding | None:
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
    return make_finding(
        Code.CLAIM_NOT_NON_PERFORMING,
        "不是逾期不良贷款：" + "；".join(problems_zh) + "。",
        "not an overdue non-performing loan: " + "; ".join(problems_en) + ".",
    )


def check_claim(
    claim: Claim, policy: Policy = WEIHAI_2020, *, calendar: Calendar = CALENDAR
) -> Decision:
    """Does the claim itself qualify under Art. 8, 9, 10? Every failed criterion is reported,
    with the non-blocking notes of the arithmetic and the calendar (``calendar``, by
    default the built-in one, counts the working days).

    >>> from ipcomp.testing import example_claim
    >>> check_claim(example_claim()).eligible
    True
    """
    claim = as_claim(claim)
    policy = expect(policy, Policy, "policy")
    status = deadline_status(claim, policy, as_calendar(calendar))
    return Decision.of(claim_findings(claim, policy, _compensate(claim, policy), status))
