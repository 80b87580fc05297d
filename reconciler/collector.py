"""Keeping Python's cyclic garbage collector off the long-lived graph of a load or a plan.

Loading a catalogue and planning it allocate hundreds of thousands of small objects that stay
alive until the command ends, so the collector would keep walking an ever larger heap and find
almost nothing (a fifth of the load of the 10,000-variant benchmark catalogue). During the step
it is paused; at the end, what survived is frozen (``gc.freeze``: moved out of the collector's
generations), so the first collection afterwards does not walk it either. Reference counting
still frees everything, frozen or not; only garbage cycles among frozen objects would stay,
and the catalogue, the plan and their records hold none.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
