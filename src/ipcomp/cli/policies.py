"""The policy a command runs under: WEIHAI_2020, a JSON file of overrides, ``--set``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..io.limits import LimitExceeded, loads
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .common import _UsageError
from .text import _shown

# --- policies ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _NamedPolicy:
    name: str
    policy: Policy

    def changes(self) -> dict[str, Any]:
        """The fields that differ from WEIHAI_2020, JSON-ready."""
        mine = self.policy.model_dump(mode="json")
        base = WEIHAI_2020.model_dump(mode="json")
        out: dict[str, Any] = {}
        for key, value in mine.items():
            if isinstance(value, list) and isinstance(base[key], list):
                value, base[key] = sorted(value), sorted(base[key])
            if value != base[key]:
                out[key] = value
        return out

    def describe(self) -> dict[str, Any]:
        return {"name": self.name, "changes": self.changes()}


def _setting(text: str) -> tuple[str, Any]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise _UsageError(f"--set takes NAME=VALUE, not {text!r}")
    try:
        parsed = loads(value)
    except LimitExceeded as exc:
        raise _UsageError(f"--set {_shown(key.strip(), 64)}: {exc}") from None
    except ValueError:
        return key.strip(), value
    # a number with a point or exponent stays text, so "0.30" is an exact decimal, never a float
    if isinstance(parsed, float):
        return key.strip(), value.strip()
    return key.strip(), parsed


def _load_policy(spec: str | None, settings: Sequence[str] = ()) -> _NamedPolicy:
    """WEIHAI_2020, or a JSON file of ``Policy.derive`` overrides, plus ``--set`` items."""
    name, changes = "WEIHAI_2020", {}
    if spec is not None and spec != "WEIHAI_2020":
        path = Path(spec)
        try:
            data = loads(path.read_text(encoding="utf-8-sig"))
        except OSError as exc:
            raise _UsageError(f"cannot read policy file {spec}: {exc.strerror or exc}") from None
        except LimitExceeded as exc:
            raise _UsageError(f"policy file {spec}: {exc}") from None
        except ValueError as exc:
            raise _UsageError(f"policy file {spec} is not JSON: {exc}") from None
        if not isinstance(data, dict):
            raise _UsageError(f"policy file {spec} must hold a JSON object of Policy fields")
        name = path.name
        changes = {k: v for k, v in data.items() if not k.startswith("$")}
    for item in settings:
        key, value = _setting(item)
        changes[key] = value
    if settings:
        name = f"{name} with {', '.join(settings)}"
    try:
        policy = WEIHAI_2020.derive(**changes)
    except ValidationError as exc:
        raise _UsageError(f"invalid policy {name}: {exc}") from None
    return _NamedPolicy(name, policy)
