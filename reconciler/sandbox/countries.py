"""Countries as clients write them: the reference's own example creates a location with
``"country": "Singapore"`` (api-reference.txt, "Create a new location"), while answers carry the
two-letter code its attribute table documents ("Two letter country code (e.g. SG, US)")."""

from __future__ import annotations

import re


def alpha2(text: str) -> str | None:
    """The ISO 3166-1 alpha-2 code for a two-letter code, an alpha-3 code or an English name
    (``"Singapore"``, ``"sgp"``, ``"SG"`` → ``"SG"``); ``None`` when it names no country."""
    value = text.strip()
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    # Only a name needs the ISO tables; the two-letter codes nearly every client sends do not.
    import pycountry

    try:
        return str(pycountry.countries.lookup(value).alpha_2)
    except LookupError:
        return None
