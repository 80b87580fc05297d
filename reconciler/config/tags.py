"""The YAML 1.2 tags the fast readers (``fastread``, ``plainread``, ``lineread``) resolve plain
scalars to, exactly as ruamel's round-trip loader does, one look-up per distinct text."""

from __future__ import annotations

import re

from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver

INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
STR = "tag:yaml.org,2002:str"
NULL = "tag:yaml.org,2002:null"
BOOL = "tag:yaml.org,2002:bool"
MERGE = "tag:yaml.org,2002:merge"
VALUE = "tag:yaml.org,2002:value"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
DECIMAL_INT = re.compile(r"[-+]?[0-9]+")
"""An integer written in base ten (the fast readers leave other bases to the loader)."""
CACHE_LIMIT = 100_000


class ImplicitTags:
    """Implicit tags of plain scalars (YAML 1.2, as the round-trip loader resolves them).

    Only scalars starting with one of the resolver's ``first`` characters can be anything but
    text, so most (names, SKUs) are told apart by one look-up.
    """

    def __init__(self) -> None:
        self._resolver = VersionedResolver()
        self.first = frozenset(self._resolver.versioned_resolver)
        self._cache: dict[str, str] = {}

    def of(self, value: str) -> str:
        tag = self._cache.get(value)
        if tag is None:
            tag = str(self._resolver.resolve(ScalarNode, value, (True, False)))
            if len(self._cache) < CACHE_LIMIT:
                self._cache[value] = tag
        return tag


IMPLICIT_TAGS = ImplicitTags()
