"""Pausing Python's cyclic garbage collector around bulk work.

Loading a catalogue and planning it allocate hundreds of thousands of small objects that stay
alive until the step ends, so the collector keeps walking an ever larger heap and finds almost
nothing (a fifth of the load of the 10,000-variant benchmark catalogue). Reference counting
still frees everything else; the collector runs again as soon as the step is over.
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
        if enabled:
            gc.enable()
