"""Benchmark inputs: realistic claims from ``ipcomp.testing``'s hypothesis strategies.

Drawing claims through hypothesis costs several milliseconds each, so a pool is drawn
in chunks of ``CHUNK`` with fixed seeds and cached as JSON Lines under
``benchmarks/.cache/`` (git ignored), keyed by the seed and a hash of the ``Claim`` JSON schema: a change
to the models draws a new pool. Nothing here is timed.
"""

from __future__ import annotations

import hashlib
import json
import random
import warnings
from pathlib import Path

from ipcomp import Claim

__all__ = ["claim_lines", "claim_pool"]

CACHE = Path(__file__).resolve().parent / ".cache"
SEED = 20200823  # the day the measures came into force
#: Share of lines drawn from ``claims(eligible=True)``; the rest from ``claims()`` (any
#: valid claim: ineligible ones, unknown facts, unpublished calendar years).
ELIGIBLE_SHARE = 0.8
#: Claims drawn per cached chunk (one hypothesis run, one seed).
CHUNK = 500


def _schema_key() -> str:
    schema = json.dumps(Claim.model_json_schema(), sort_keys=True)
    return hashlib.sha256(schema.encode()).hexdigest()[:12]


def _draw(eligible: bool | None, n: int, seed: int) -> list[str]:
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as hseed

    from ipcomp.testing import claims

    out: list[str] = []

    @hseed(seed)
    @settings(
        max_examples=n,
        database=None,
        phases=[Phase.generate],
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(claims(eligible=eligible))
    def collect(claim: Claim) -> None:
        out.append(claim.model_dump_json())

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        collect()
    return out


def claim_lines(n: int, *, eligible_only: bool = False) -> list[str]:
    """``n`` JSON lines of valid claims (seeded, cached), distinct where hypothesis
    allows; ``eligible_only`` keeps only lines from ``claims(eligible=True)``."""
    n_eligible = n if eligible_only else round(n * ELIGIBLE_SHARE)
    lines = _chunks("eligible", n_eligible, True)
    if not eligible_only:
        lines = lines + _chunks("any", n - n_eligible, None)
        random.Random(SEED).shuffle(lines)
    return lines


def _chunks(tag: str, n: int, eligible: bool | None) -> list[str]:
    """The first ``n`` lines of chunks drawn and cached ``CHUNK`` at a time, so every
    pool size (quick or full run) shares the same draws."""
    out: list[str] = []
    k = 0
    while len(out) < n:
        out += _chunk(tag, k, eligible)
        k += 1
    return out[:n]


def _chunk(tag: str, k: int, eligible: bool | None) -> list[str]:
    path = CACHE / f"claims-{tag}-{SEED}-{k}-{CHUNK}-{_schema_key()}.jsonl"
    if path.exists():
        return path.read_text(encoding="utf-8").splitlines()
    lines = _draw(eligible, CHUNK, SEED + 2 * k + (eligible is None))
    CACHE.mkdir(exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tmp.replace(path)
    return lines


def claim_pool(n: int, *, eligible_only: bool = False) -> list[Claim]:
    """The claims of :func:`claim_lines`, validated."""
    return [Claim.model_validate_json(line) for line in claim_lines(n, eligible_only=eligible_only)]
