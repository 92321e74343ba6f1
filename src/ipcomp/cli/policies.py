"""The policy a command runs under: WEIHAI_2020, a JSON file of overrides, ``--set``, or a
scheme (``--scheme FILE|ID``, or a scheme file given as a policy file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..io.limits import LimitExceeded, loads
from ..schemes import UnknownScheme, get_scheme
from ..schemes.model import Scheme
from ..schemes.weihai_2020.policy import WEIHAI_2020, Policy
from .common import _UsageError
from .text import _shown

# --- policies ------------------------------------------------------------------------------


def payer_rate(policy: Policy | Scheme, payer: str) -> Decimal | None:
    """The rate of the payer with this id, or ``None`` when the scheme has none."""
    if isinstance(policy, Policy):
        rates = {"provincial": policy.provincial_rate, "municipal": policy.municipal_rate}
        return rates.get(payer)
    found = policy.payer(payer)
    return None if found is None else found.rate


def payer_ids(policy: Policy | Scheme) -> tuple[str, ...]:
    """The payer ids of a policy or scheme, in the scheme's order."""
    if isinstance(policy, Policy):
        return ("provincial", "municipal")
    return tuple(p.id for p in policy.payers)


@dataclass(frozen=True, slots=True)
class _NamedPolicy:
    name: str
    policy: Policy | Scheme
    #: for a scheme: the scheme as loaded, before ``--set`` (what ``changes`` compares with)
    base: Scheme | None = None

    def changes(self) -> dict[str, Any]:
        """The fields that differ from WEIHAI_2020 (a scheme: from the scheme as loaded),
        JSON-ready."""
        mine = self.policy.model_dump(mode="json")
        base = (WEIHAI_2020 if self.base is None else self.base).model_dump(mode="json")
        out: dict[str, Any] = {}
        for key, value in mine.items():
            # a Policy's lists are sets (eligible IP kinds); a scheme's are in order
            if self.base is None and isinstance(value, list) and isinstance(base[key], list):
                value, base[key] = sorted(value), sorted(base[key])
            if value != base[key]:
                out[key] = value
        return out

    def describe(self) -> dict[str, Any]:
        if self.base is None:
            return {"name": self.name, "changes": self.changes()}
        return {"name": self.name, "scheme": self.base.id, "changes": self.changes()}


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


def _read_json(spec: str, what: str) -> Any:
    try:
        return loads(Path(spec).read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise _UsageError(f"cannot read {what} file {spec}: {exc.strerror or exc}") from None
    except LimitExceeded as exc:
        raise _UsageError(f"{what} file {spec}: {exc}") from None
    except ValueError as exc:
        raise _UsageError(f"{what} file {spec} is not JSON: {exc}") from None


def _is_scheme(data: Any) -> bool:
    """A scheme file (``ipcomp schema --model scheme``), not a file of Policy overrides."""
    return isinstance(data, dict) and "payers" in data and "id" in data


def _scheme(spec: str, data: Any = None) -> tuple[str, Scheme]:
    """``--scheme``: a registered id, or a scheme file."""
    if data is None and not Path(spec).exists():
        try:
            return spec, get_scheme(spec)
        except UnknownScheme as exc:
            raise _UsageError(f"--scheme {_shown(spec, 64)}: {exc}") from None
    if data is None:
        data = _read_json(spec, "scheme")
    try:
        return Path(spec).name, Scheme.model_validate(data)
    except ValidationError as exc:
        raise _UsageError(f"invalid scheme file {spec}: {exc}") from None


def _load_policy(
    spec: str | None, settings: Sequence[str] = (), scheme: str | None = None
) -> _NamedPolicy:
    """WEIHAI_2020, or a JSON file of ``Policy.derive`` overrides, plus ``--set`` items;
    or a scheme (``scheme``: an id or a file; or ``spec`` naming a scheme file), with
    ``--set`` items as ``Scheme.derive`` changes."""
    name, changes = "WEIHAI_2020", {}
    data = None
    if spec is not None and spec != "WEIHAI_2020":
        data = _read_json(spec, "policy")
        if _is_scheme(data):
            if scheme is not None:
                raise _UsageError(
                    f"{spec} is a scheme file: give it as --scheme or --policy, not both"
                )
            scheme = spec
        elif not isinstance(data, dict):
            raise _UsageError(f"policy file {spec} must hold a JSON object of Policy fields")
        else:
            name = Path(spec).name
            changes = {k: v for k, v in data.items() if not k.startswith("$")}
            data = None
    for item in settings:
        key, value = _setting(item)
        changes[key] = value
    if scheme is not None:
        if name != "WEIHAI_2020":
            raise _UsageError("--policy overrides apply to WEIHAI_2020: with --scheme use --set")
        name, base = _scheme(scheme, data)
        if settings:
            name = f"{name} with {', '.join(settings)}"
        try:
            return _NamedPolicy(name, base.derive(**changes) if changes else base, base)
        except ValidationError as exc:
            raise _UsageError(f"invalid scheme {name}: {exc}") from None
    if settings:
        name = f"{name} with {', '.join(settings)}"
    try:
        policy = WEIHAI_2020.derive(**changes)
    except ValidationError as exc:
        raise _UsageError(f"invalid policy {name}: {exc}") from None
    return _NamedPolicy(name, policy)
