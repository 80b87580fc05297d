"""Natural keys ↔ remote ids, for resolving references in both directions.

Built while the state is normalised (records matched to a declaration are known by the declared
key, so a renamed price list keeps its prices) and extended during apply as records are created.
"""

from __future__ import annotations

from collections.abc import Callable

from reconciler.kinds.base import References

KeyNormaliser = Callable[[str, str], str]


def _identity(kind: str, key: str) -> str:
    return key


class ReferenceIndex(References):
    def __init__(self, normalise: KeyNormaliser = _identity) -> None:
        self._normalise = normalise
        self._ids: dict[tuple[str, str], int | str] = {}
        self._keys: dict[tuple[str, str], str] = {}

    def add(self, kind: str, key: str, remote_id: int | str, *, normalised: bool = False) -> None:
        """``normalised``: ``key`` is already the kind's normalised key."""
        nkey = key if normalised else self._normalise(kind, key)
        self._ids[(kind, nkey)] = remote_id
        self._keys[(kind, str(remote_id))] = nkey

    def knows(self, kind: str, key: str) -> bool:
        return (kind, self._normalise(kind, key)) in self._ids

    def id_of(self, kind: str, key: str) -> int | str:
        try:
            return self._ids[(kind, self._normalise(kind, key))]
        except KeyError:
            raise KeyError(f"{kind} {key!r} is not in the account") from None

    def key_of(self, kind: str, remote_id: int | str) -> str | None:
        return self._keys.get((kind, str(remote_id)))
