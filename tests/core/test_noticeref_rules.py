"""How results cite a notice (``NoticeRef.__str__``) and how a refused notice lists its
reasons (``InvalidNotice``), in full (D10)."""

from __future__ import annotations

import datetime as dt

from ipcomp import InvalidNotice
from ipcomp.core.noticeref import NoticeRef


def test_a_notice_is_cited_by_number_else_by_date_else_as_a_notice() -> None:
    assert str(NoticeRef(year=2027, origin="entered")) == "2027: notice (entered)"
    assert str(NoticeRef(year=2027, origin="entered", date=dt.date(2026, 11, 10))) == (
        "2027: notice of 2026-11-10 (entered)"
    )
    assert str(NoticeRef(year=2023, origin="built-in", number="A", amended_by=("B", "C"))) == (
        "2023: A, amended by B, C (built-in)"
    )


def test_a_refused_notice_lists_every_reason_separated_by_semicolons() -> None:
    error = InvalidNotice("2027.json", ["first reason", "second reason"])
    assert str(error) == "2027.json: first reason; second reason"
    assert error.reasons == ("first reason", "second reason")
