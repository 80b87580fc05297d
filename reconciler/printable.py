"""One escaping function for everything gecko-apply writes to a terminal or a log.

Account data (names, SKUs, the API's error messages) is not trusted text: an escape sequence
could drive the terminal, and a line break could forge a line of our own ("Apply complete") or
a CI workflow command (``::error::``), which a runner reads only at the start of a line.
``printable`` shows every such character as a Python-style escape (``\\n``, ``\\x1b``,
``\\u202e``), so one record always stays on one line and is shown as it is stored.
"""

from __future__ import annotations

import re

# C0 and C1 controls, DEL, and the invisible line separators and direction overrides that can
# reorder or split what a terminal shows.
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with control characters shown as escapes, on one line."""
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode(), text)
