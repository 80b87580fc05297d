"""Fault injection: server errors, connections dropped after a commit, latency, 429 bursts.

``--faults`` is a comma-separated list of ``name=value``: ``5xx=0.1`` (share of requests
answered 500 or 503 before doing anything), ``drop_after_commit=0.05`` (share of POST, PUT and
DELETE requests whose write commits and whose connection is then closed without a response),
``latency=50ms`` (added to every request), ``write_latency=1s`` (added to POST, PUT and
DELETE before they are performed, so a client can be killed while its write is still pending),
``rate_burst=N`` (N consecutive 429s, starting at random requests with probability
``rate_burst_chance``, default 0.05), ``short_page=0.1``
(share of index pages answered with their last record left out while ``X-Pagination`` still
counts it, as a page cut short by a proxy or a replica lagging behind) and ``seed=N``.
"""

from __future__ import annotations

import random
import re
import threading
from dataclasses import dataclass

import httpx

DEFAULT_BURST_CHANCE = 0.05


class DroppedConnection(httpx.RemoteProtocolError):
    """Raised after a committed write so the client gets no response, as on a lost connection."""


@dataclass(frozen=True)
class FaultSpec:
    server_errors: float = 0.0
    drop_after_commit: float = 0.0
    latency: float = 0.0
    write_latency: float = 0.0
    rate_burst: int = 0
    rate_burst_chance: float = DEFAULT_BURST_CHANCE
    short_page: float = 0.0
    seed: int | None = None


def _share(name: str, value: str) -> float:
    share = float(value)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1, not {value!r}")
    return share


def _seconds(value: str) -> float:
    match = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s)?", value)
    if not match:
        raise ValueError(f"latency must look like 50ms or 0.05s, not {value!r}")
    return float(match[1]) / (1 if match[2] == "s" else 1000)


def parse_faults(text: str | None) -> FaultSpec:
    """Parse ``--faults``; blank or ``off`` means none. Raises ValueError on a bad spec."""
    if text is None or text.strip().lower() in ("", "off", "none"):
        return FaultSpec()
    values: dict[str, object] = {}
    for item in (part.strip() for part in text.split(",") if part.strip()):
        name, sep, value = (piece.strip() for piece in item.partition("="))
        if not sep:
            raise ValueError(f"fault {item!r} must be name=value")
        try:
            values.update(_parse_one(name, value))
        except ValueError as exc:
            raise ValueError(f"bad fault {item!r}: {exc}") from exc
    return FaultSpec(**values)  # type: ignore[arg-type]


def _parse_one(name: str, value: str) -> dict[str, object]:
    if name == "5xx":
        return {"server_errors": _share(name, value)}
    if name in ("drop_after_commit", "rate_burst_chance", "short_page"):
        return {name: _share(name, value)}
    if name in ("latency", "write_latency"):
        return {name: _seconds(value)}
    if name in ("rate_burst", "seed"):
        return {name: int(value)}
    raise ValueError("known faults are 5xx, drop_after_commit, latency, write_latency, "
                     "rate_burst, rate_burst_chance, short_page, seed")


class Faults:
    """Seeded decisions; each enabled fault draws from the RNG in a fixed order per request."""

    def __init__(self, spec: FaultSpec, seed: int | None = None) -> None:
        self.spec = spec
        self._rng = random.Random(seed if seed is not None else spec.seed)
        self._lock = threading.Lock()
        self._burst_left = 0

    def rate_burst(self) -> bool:
        with self._lock:
            if self._burst_left > 0:
                self._burst_left -= 1
                return True
            if self.spec.rate_burst and self._rng.random() < self.spec.rate_burst_chance:
                self._burst_left = self.spec.rate_burst - 1
                return True
            return False

    def server_error(self) -> int | None:
        with self._lock:
            if self.spec.server_errors and self._rng.random() < self.spec.server_errors:
                return self._rng.choice((500, 503))
            return None

    def drop(self) -> bool:
        with self._lock:
            share = self.spec.drop_after_commit
            return bool(share) and self._rng.random() < share

    def short_page(self) -> bool:
        with self._lock:
            share = self.spec.short_page
            return bool(share) and self._rng.random() < share
