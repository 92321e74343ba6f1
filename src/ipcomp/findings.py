"""Finding codes, findings and decisions (docs/schemes/weihai_2020/policy.md, "Stable finding codes").

Every check yields :class:`Finding` objects with a stable :class:`Code`, the article it
applies, a Chinese and an English sentence naming the facts, and whether it blocks
compensation. A :class:`Decision` collects *every* finding of a check: it is eligible
exactly when none of them blocks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Final, Protocol

from pydantic import BaseModel, ConfigDict, model_validator

from .core._build import build

__all__ = ["CODE_INFO", "Code", "CodeInfo", "CodeTable", "Decision", "Finding", "make_finding"]


class Code(StrEnum):
    """Stable finding codes; value = name. More may be added, none renamed."""

    ENTERPRISE_NOT_IN_WEIHAI = "ENTERPRISE_NOT_IN_WEIHAI"
    ENTERPRISE_NOT_LEGAL_PERSON = "ENTERPRISE_NOT_LEGAL_PERSON"
    ENTERPRISE_NOT_OPERATING = "ENTERPRISE_NOT_OPERATING"
    ENTERPRISE_NOT_SME = "ENTERPRISE_NOT_SME"
    ENTERPRISE_SIZE_UNKNOWN = "ENTERPRISE_SIZE_UNKNOWN"
    ENTERPRISE_NOT_VIA_PLATFORM = "ENTERPRISE_NOT_VIA_PLATFORM"
    ENTERPRISE_RATING_BELOW_C = "ENTERPRISE_RATING_BELOW_C"
    ENTERPRISE_RATING_MISSING = "ENTERPRISE_RATING_MISSING"
    LOAN_NO_ELIGIBLE_IP = "LOAN_NO_ELIGIBLE_IP"
    LOAN_NOT_DIRECT = "LOAN_NOT_DIRECT"
    LOAN_NOT_VIA_PLATFORM = "LOAN_NOT_VIA_PLATFORM"
    LOAN_NO_WRITTEN_CONTRACT = "LOAN_NO_WRITTEN_CONTRACT"
    LOAN_PLEDGE_NOT_REGISTERED = "LOAN_PLEDGE_NOT_REGISTERED"
    LOAN_OUTSIDE_VALIDITY = "LOAN_OUTSIDE_VALIDITY"
    BANK_FUND_CONDITIONS_UNMET = "BANK_FUND_CONDITIONS_UNMET"
    BANK_NO_IP_CREDIT_SYSTEM = "BANK_NO_IP_CREDIT_SYSTEM"
    BANK_NO_RESPONSIBLE_STAFF = "BANK_NO_RESPONSIBLE_STAFF"
    BANK_NOT_FILED_IN_SHANDONG = "BANK_NOT_FILED_IN_SHANDONG"
    BANK_NOT_REPORTED_IN_WEIHAI = "BANK_NOT_REPORTED_IN_WEIHAI"
    BANK_ASSESSED_CAP_ABOVE_MAX = "BANK_ASSESSED_CAP_ABOVE_MAX"
    CLAIM_NO_PRINCIPAL_LOSS = "CLAIM_NO_PRINCIPAL_LOSS"
    CLAIM_NOT_NON_PERFORMING = "CLAIM_NOT_NON_PERFORMING"
    CLAIM_NOT_RECOGNISED = "CLAIM_NOT_RECOGNISED"
    CLAIM_NOT_VIA_PLATFORM = "CLAIM_NOT_VIA_PLATFORM"
    CLAIM_LATE = "CLAIM_LATE"
    CLAIM_DEADLINE_UNKNOWN = "CLAIM_DEADLINE_UNKNOWN"
    CLAIM_FRAUD = "CLAIM_FRAUD"
    NOTE_NO_ASSESSMENT = "NOTE_NO_ASSESSMENT"
    NOTE_POLICY_EXPIRED = "NOTE_POLICY_EXPIRED"
    NOTE_CAP_APPLIED = "NOTE_CAP_APPLIED"
    NOTE_DEADLINE_ESTIMATED = "NOTE_DEADLINE_ESTIMATED"
    CLAIM_PAID_BEFORE_IMPLAUSIBLE = "CLAIM_PAID_BEFORE_IMPLAUSIBLE"
    CLAIM_LOAN_CONFLICT = "CLAIM_LOAN_CONFLICT"
    CLAIM_LIKELY_DUPLICATE = "CLAIM_LIKELY_DUPLICATE"
    CLAIM_IP_LOSSES_EXCEED_PRINCIPAL = "CLAIM_IP_LOSSES_EXCEED_PRINCIPAL"
    NOTE_POOL_LIMITED = "NOTE_POOL_LIMITED"
    RECOVERY_NOT_APPLIED = "RECOVERY_NOT_APPLIED"
    NOTE_CALENDAR_ENTERED = "NOTE_CALENDAR_ENTERED"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """Where a code comes from: article (English and Chinese), decisions, blocking."""

    article: str
    article_zh: str
    blocking: bool
    meaning: str
    decisions: tuple[str, ...] = ()


C = Code
#: The article, decisions and default blocking of every code (docs/schemes/weihai_2020/policy.md table).
CODE_INFO: Final[dict[Code, CodeInfo]] = {
    C.ENTERPRISE_NOT_IN_WEIHAI: CodeInfo(
        "Art. 3(1)", "第三条第（一）项", True, "registration authority outside Weihai", ("D1",)
    ),
    C.ENTERPRISE_NOT_LEGAL_PERSON: CodeInfo(
        "Art. 3(1)", "第三条第（一）项", True, "not a legal person", ("D4",)
    ),
    C.ENTERPRISE_NOT_OPERATING: CodeInfo(
        "Art. 3(1)", "第三条第（一）项", True, "not engaged in production or business", ("D4",)
    ),
    C.ENTERPRISE_NOT_SME: CodeInfo("Art. 3(1)", "第三条第（一）项", True, "classified large"),
    C.ENTERPRISE_SIZE_UNKNOWN: CodeInfo(
        "Art. 3(1)", "第三条第（一）项", True, "an indicator the industry needs is missing", ("D4",)
    ),
    C.ENTERPRISE_NOT_VIA_PLATFORM: CodeInfo(
        "Art. 3(2)", "第三条第（二）项", True, "did not apply through the platform", ("D4",)
    ),
    C.ENTERPRISE_RATING_BELOW_C: CodeInfo(
        "Art. 3(2)", "第三条第（二）项", True, "rating below the minimum (C)", ("D2",)
    ),
    C.ENTERPRISE_RATING_MISSING: CodeInfo(
        "Art. 3(2)", "第三条第（二）项", True, "no rating", ("D4",)
    ),
    C.LOAN_NO_ELIGIBLE_IP: CodeInfo("Art. 4", "第四条", True, "no patent or trademark pledged"),
    C.LOAN_NOT_DIRECT: CodeInfo(
        "Art. 4", "第四条", True, "the bank is not the direct lender and pledgee", ("D4",)
    ),
    C.LOAN_NOT_VIA_PLATFORM: CodeInfo(
        "Art. 7(2)", "第七条第（二）项", True, "not handled through the platform", ("D4",)
    ),
    C.LOAN_NO_WRITTEN_CONTRACT: CodeInfo(
        "Art. 7(3)", "第七条第（三）项", True, "no written contract", ("D4",)
    ),
    C.LOAN_PLEDGE_NOT_REGISTERED: CodeInfo(
        "Art. 7(3)", "第七条第（三）项", True, "a pledged right lacks pledge registration", ("D4",)
    ),
    C.LOAN_OUTSIDE_VALIDITY: CodeInfo(
        "Art. 14", "第十四条", True, "disbursed outside the validity period", ("D13",)
    ),
    C.BANK_FUND_CONDITIONS_UNMET: CodeInfo(
        "Art. 6", "第六条", True, "fund's basic partner conditions unmet", ("D4",)
    ),
    C.BANK_NO_IP_CREDIT_SYSTEM: CodeInfo(
        "Art. 6(1)", "第六条第（一）项", True, "no IP credit management system", ("D4",)
    ),
    C.BANK_NO_RESPONSIBLE_STAFF: CodeInfo(
        "Art. 6(1)", "第六条第（一）项", True, "no responsible department and staff", ("D4",)
    ),
    C.BANK_NOT_FILED_IN_SHANDONG: CodeInfo(
        "Art. 6(2)", "第六条第（二）项", True, "not filed with both provincial bodies", ("D4",)
    ),
    C.BANK_NOT_REPORTED_IN_WEIHAI: CodeInfo(
        "Art. 6(3)", "第六条第（三）项", True, "not reported to both Weihai bodies"
    ),
    C.BANK_ASSESSED_CAP_ABOVE_MAX: CodeInfo(
        "Art. 8(2)", "第八条第（二）项", True, "an assessed cap above the policy's maximum", ("D8",)
    ),
    C.CLAIM_NO_PRINCIPAL_LOSS: CodeInfo(
        "Art. 8(1)", "第八条第（一）项", True, "principal loss is zero", ("D16",)
    ),
    C.CLAIM_NOT_NON_PERFORMING: CodeInfo(
        "Art. 8(3)",
        "第八条第（三）项",
        True,
        "not overdue, or not substandard/doubtful/loss",
        ("D16",),
    ),
    C.CLAIM_NOT_RECOGNISED: CodeInfo(
        "Art. 8(1)", "第八条第（一）项", True, "no recognition by the Shandong AMR"
    ),
    C.CLAIM_NOT_VIA_PLATFORM: CodeInfo(
        "Art. 8(3)", "第八条第（三）项", True, "not applied through the platform", ("D4",)
    ),
    C.CLAIM_LATE: CodeInfo(
        "Art. 8(3)",
        "第八条第（三）项",
        True,
        "applied after the 10th working day",
        ("D10", "D11"),
    ),
    C.CLAIM_DEADLINE_UNKNOWN: CodeInfo(
        "Art. 8(3)",
        "第八条第（三）项",
        True,
        "the deadline falls in a year with no published holiday schedule",
        ("D10",),
    ),
    C.CLAIM_FRAUD: CodeInfo(
        "Art. 9, 10", "第九条、第十条", True, "fraud or false reporting found", ("D15",)
    ),
    C.NOTE_NO_ASSESSMENT: CodeInfo(
        "Art. 8(2)",
        "第八条第（二）项",
        False,
        "later year without assessment, first-year cap used",
        ("D8",),
    ),
    C.NOTE_POLICY_EXPIRED: CodeInfo(
        "Art. 14", "第十四条", False, "applied after the measures expired", ("D13",)
    ),
    C.NOTE_CAP_APPLIED: CodeInfo(
        "Art. 8(2)", "第八条第（二）项", False, "the cap reduced the payment", ("D5", "D6", "D14")
    ),
    C.NOTE_DEADLINE_ESTIMATED: CodeInfo(
        "Art. 8(3)",
        "第八条第（三）项",
        False,
        "the deadline rests on an estimated calendar year",
        ("D10",),
    ),
    C.CLAIM_PAID_BEFORE_IMPLAUSIBLE: CodeInfo(
        "Art. 8(2)",
        "第八条第（二）项",
        True,
        "compensation stated as paid before on the loan exceeds what could have been paid "
        "(data error)",
        ("D5", "D8"),
    ),
    C.CLAIM_LOAN_CONFLICT: CodeInfo(
        "Art. 8(2)",
        "第八条第（二）项",
        True,
        "in a portfolio, the loan's facts differ from an earlier claim on the same loan "
        "(data error)",
        ("D5",),
    ),
    C.CLAIM_LIKELY_DUPLICATE: CodeInfo(
        "Art. 8(2)",
        "第八条第（二）项",
        True,
        "in a portfolio, an earlier claim on the same loan has the same recognition date",
        ("D5",),
    ),
    C.CLAIM_IP_LOSSES_EXCEED_PRINCIPAL: CodeInfo(
        "Art. 8(1)",
        "第八条第（一）项",
        True,
        "in a portfolio, the IP-part losses of the claims on one loan exceed its IP principal",
        ("D9",),
    ),
    C.RECOVERY_NOT_APPLIED: CodeInfo(
        "Art. 7(4)",
        "第七条第（四）项",
        True,
        "a recovery or fraud event of a portfolio that cannot be applied: unknown loan, "
        "nothing paid yet, more than could be recovered, or already returned",
        ("D14", "D15"),
    ),
    C.NOTE_POOL_LIMITED: CodeInfo(
        "Art. 5",
        "第五条",
        False,
        "a fund pool paid only its remaining balance",
        (),
    ),
    C.NOTE_CALENDAR_ENTERED: CodeInfo(
        "Art. 8(3)",
        "第八条第（三）项",
        False,
        "the deadline or lateness count rests on a holiday notice entered as data",
        ("D10",),
    ),
}


class Finding(BaseModel):
    """One result of one rule: code, article, bilingual message, and whether it blocks.

    ``article`` / ``article_zh`` cite the article of the scheme that gave the finding
    (``scheme``, e.g. ``"weihai_2020"``); a finding built without a scheme cites the
    Weihai 2020 table (:data:`CODE_INFO`) and has ``scheme`` ``None``.

    >>> f = make_finding(Code.ENTERPRISE_RATING_BELOW_C, "评级为D级，低于C级。",
    ...                  "rating D is below the required C.")
    >>> f.article, f.article_zh, f.blocking
    ('Art. 3(2)', '第三条第（二）项', True)
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    code: Code
    article: str
    message_zh: str
    message_en: str
    blocking: bool
    article_zh: str | None = None
    scheme: str | None = None

    def __str__(self) -> str:
        kind = "blocking" if self.blocking else "note"
        return f"[{self.code}] {self.article} ({kind}): {self.message_en} / {self.message_zh}"


class CodeTable(Protocol):
    """Where a finding's article comes from: a scheme's code table (see
    :class:`ipcomp.schemes.Scheme`), as the engine compiles it."""

    @property
    def id(self) -> str | None:
        """The scheme's id (``None``: the default table)."""
        ...

    def info(self, code: Code) -> CodeInfo:
        """The article, blocking and meaning of ``code`` in this table."""
        ...


def make_finding(
    code: Code, zh: str, en: str, *, blocking: bool | None = None, table: CodeTable | None = None
) -> Finding:
    """A finding for ``code``, citing its article in ``table`` (a scheme's code table;
    default :data:`CODE_INFO`, the Weihai 2020 measures')."""
    info = CODE_INFO[code] if table is None else table.info(code)
    # Built by the library from known-good parts: no need to re-validate (speed).
    return build(
        Finding,
        {
            "code": code,
            "article": info.article,
            "message_zh": zh,
            "message_en": en,
            "blocking": info.blocking if blocking is None else blocking,
            "article_zh": info.article_zh,
            "scheme": None if table is None else table.id,
        },
    )


@lru_cache(maxsize=4096)
def shared_finding(
    code: Code, zh: str, en: str, *, blocking: bool | None = None, table: CodeTable | None = None
) -> Finding:
    """:func:`make_finding`, built once per distinct message and then shared.

    For messages that recur across a portfolio (a fixed text, or text made from a few
    values such as a rating letter): findings are immutable, so one instance can stand
    in every assessment that reports it.
    """
    return make_finding(code, zh, en, blocking=blocking, table=table)


class Decision(BaseModel):
    """The outcome of one check: every finding, eligible iff none blocks.

    >>> Decision.of([]).eligible
    True
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    eligible: bool
    findings: tuple[Finding, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Decision:
        if self.eligible == any(f.blocking for f in self.findings):
            raise ValueError("eligible must be True exactly when no finding is blocking")
        return self

    @classmethod
    def of(cls, findings: Iterable[Finding]) -> Decision:
        """The decision for these findings."""
        found = tuple(findings)
        # eligible is derived from the findings here, so the check of _consistent holds.
        return build(cls, {"eligible": not any(f.blocking for f in found), "findings": found})

    @property
    def codes(self) -> frozenset[Code]:
        """The codes of all findings, blocking or not."""
        return frozenset(f.code for f in self.findings)

    @property
    def blocking(self) -> tuple[Finding, ...]:
        """The findings that block compensation."""
        return tuple(f for f in self.findings if f.blocking)

    def __str__(self) -> str:
        head = "ELIGIBLE 符合条件" if self.eligible else "NOT ELIGIBLE 不符合条件"
        return "\n".join([head, *(f"  - {f}" for f in self.findings)])

    def _repr_html_(self) -> str:
        """HTML for Jupyter: the verdict and the findings as a small table."""
        from ._html import decision_html

        return decision_html(self)
