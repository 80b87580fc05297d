"""API resources and the JSON roots of their bodies.

An index ``GET /<plural>`` answers ``{"<plural>": [...]}``; show, create and update bodies use
the singular root ``{"<singular>": {...}}``.
"""

from __future__ import annotations

from dataclasses import dataclass

from reconciler.kinds import KINDS


@dataclass(frozen=True)
class Resource:
    """One API resource: its path and the roots of its index and record bodies."""

    path: str
    plural: str
    singular: str


_ROOTS = {
    "tax_components": "tax_component",
    "currencies": "currency",
    "accounts": "account",
    **{spec.resource: spec.root for spec in KINDS},
}
"""The kinds' resources come from the registry; the rest are read beside them."""

RESOURCES: dict[str, Resource] = {
    plural: Resource(path=f"/{plural}", plural=plural, singular=singular)
    for plural, singular in _ROOTS.items()
}


def lookup(name: str) -> Resource:
    """The resource called ``name`` (its plural, e.g. ``"price_lists"``).

    An unknown name is a programming error and raises ``ValueError``.
    """
    try:
        return RESOURCES[name]
    except KeyError:
        known = ", ".join(sorted(RESOURCES))
        raise ValueError(f"unknown API resource {name!r}; known: {known}") from None
