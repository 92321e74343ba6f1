"""``ipcomp schema``: the JSON Schema of a claim, an assessment, a policy or a holiday
notice file (``--notice``)."""

from __future__ import annotations

import argparse
import json
import sys

from pydantic import BaseModel

from ..core.notices import HolidayNotice, notice_json_schema
from ..facts import Claim
from ..results import Assessment
from ..schemes.model import Scheme
from ..schemes.weihai_2020.policy import Policy
from .common import EXIT_OK


def _schema_models() -> dict[str, tuple[type[BaseModel], str]]:
    return {
        "claim": (Claim, "validation"),
        "assessment": (Assessment, "serialization"),
        "policy": (Policy, "validation"),
        "scheme": (Scheme, "validation"),
        "notice": (HolidayNotice, "validation"),
    }


def _cmd_schema(args: argparse.Namespace) -> int:
    model, mode = _schema_models()[args.model]
    schema = (
        notice_json_schema() if model is HolidayNotice else model.model_json_schema(mode=mode)  # type: ignore[arg-type]
    )
    sys.stdout.write(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
    return EXIT_OK
